"""extract(): a page of text in, the SPEC JSON object out."""
import re

from . import dates, directives, event, layout, lexicon, people, units

CONTINUED = re.compile(r"[(（]\s*(?:下|转)转?第?\s*(\d+)\s*版\s*[)）]")


def extract(text, *, date=None, known_units=()):
    """Structured facts of every article in text; {"articles": []} when there is none."""
    if not isinstance(text, str) or not text.strip():
        return {"articles": []}
    known = tuple(dict.fromkeys(u.strip() for u in known_units if u and u.strip()))
    if known:
        lexicon.add_units(known)
    pars = layout.paragraphs(text)
    pub = date or _masthead(pars)
    return {"articles": [_article(a, pub, known) for a in layout.split(pars)]}


def _masthead(pars):
    found = layout.masthead_date(pars)
    return dates.safe_date(*found) if found else None


def _article(art, pub, known):
    pub = pub or dates.meta_date(art.meta)
    body = "\n".join(art.paragraphs)
    found = people.mentions(body)
    head_people = people.mentions(art.headline, {m.name for m in found})
    ev = event.build(art.headline, body, found, pub)
    # a meeting's host named in the meeting's name is not acting; a visited place is
    host = ev["name"] if ev and ev["kind"] == "meeting" else ""
    names = units.find(body, known, host)
    continued = CONTINUED.search(body)
    return {
        "headline": re.sub(r"\s*\n\s*", "", art.headline).strip(),
        "reporters": layout.reporters(art.byline),
        "event": ev,
        "people": people.people(head_people + found),
        "units": names,
        "directives": directives.find(body, found, pub, known, ev["chairs"] if ev else ()),
        "continued_on": int(continued.group(1)) if continued else None,
    }

