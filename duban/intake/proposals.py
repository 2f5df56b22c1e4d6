"""From a report's text to a proposal: the meetings it reports and one proposed task per directive.

A proposal is plain JSON (the command line writes it to a file a supervisor may edit; the web keeps
it with the document) and is only a suggestion: nothing is created until it is confirmed.
"""
import datetime as dt
import hashlib
import json

from duban.core import clock
from duban.intake import reading
from duban.intake.directory import Directory, known_units
from duban.intake.locate import SourceIndex, fold
from duban.tasks.models import SourceKind

read_report = reading.read_report  # the callers' name for it

FORMAT = "duban-intake-proposal/1"
TITLE_MAX = 60
REF_MAX = 300


def extract(text: str, *, date: dt.date | None = None) -> dict:
    """SPEC's JSON for the text, with the directory's units taught to the reader."""
    return reading.extract(text, date=date, known_units=known_units())


def build(*, text: str, name: str, programme: str, proposed_by: str, date: dt.date | None = None,
          result: dict | None = None) -> dict:
    """The proposal for a report: meeting facts per article and one task per directive."""
    result = result or extract(text, date=date)
    index, directory = SourceIndex(text), Directory()
    meetings, tasks, cursor = [], [], 0
    for number, article in enumerate(result["articles"]):
        span = index.find(article["headline"], cursor) or index.find(article["headline"])
        cursor = span[1] if span else cursor
        ref = source_ref(article)
        meetings.append({"article": number, "headline": article["headline"], "event": article["event"],
                         "people": article["people"], "units": article["units"],
                         "reporters": article["reporters"], "continued_on": article["continued_on"],
                         "source_ref": ref, "start": span[0] if span else None})
        for directive in merged(article["directives"]):
            match = directory.match(directive["units"], directive["text"], article["units"])
            item = _task(len(tasks) + 1, number, directive, index, cursor, match)
            item["co_units"] = directory.co_units(directive["units"][1:] + directive.get("co_units", []), match.unit)
            item.update(programme=programme, source_kind=SourceKind.MEETING.value, source_ref=ref)
            cursor = item["sentence"]["end"] or cursor
            tasks.append(item)
    proposal = {"format": FORMAT, "name": name, "date": date.isoformat() if date else None,
                "programme": programme, "proposed_by": proposed_by, "proposed_at": clock.now().isoformat(),
                "text": text, "meetings": meetings, "tasks": tasks}
    proposal["hash"] = proposal_hash(proposal)
    return proposal


def merged(directives: list[dict]) -> list[dict]:
    """One directive per piece of work. A numbered item that hands its work to a unit mid-sentence
    (`一要深化改革，市政务服务中心要会同市数据局…`) is read as the item and the unit's own directive;
    proposed once, as the item, led by that unit, with its partners and deadline."""
    result = []
    for directive in directives:
        outer = next((d for d in reversed(result) if directive["title"] in d["title"]), None)
        if outer is None or (outer["units"] and directive["units"] and outer["units"] != directive["units"]):
            result.append(dict(directive, co_units=list(directive.get("co_units") or [])))
            continue
        outer["units"] = outer["units"] or directive["units"]
        outer["deadline"] = outer["deadline"] or directive["deadline"]
        outer["co_units"] = list(dict.fromkeys(outer["co_units"] + list(directive.get("co_units") or [])))
    return result


def _task(item: int, article: int, directive: dict, index: SourceIndex, cursor: int, match) -> dict:
    span = index.sentence(directive["title"], cursor)
    start, end = span if span else (None, None)
    return {"item": item, "keep": True, "article": article, "title": short_title(directive["title"]),
            "directive": directive["title"], "text": directive["text"], "units": directive["units"],
            **match.as_dict(),
            "deadline": directive["deadline"],
            "sentence": {"text": index.text[start:end] if span else directive["title"], "start": start, "end": end}}


def short_title(title: str) -> str:
    """A task title a list can show: the directive's first clauses, the full text stays in content."""
    title = title.strip().rstrip("。；;")
    if len(title) <= TITLE_MAX:
        return title
    cut = max(title.rfind(mark, 0, TITLE_MAX) for mark in ",，;；")
    return title[:cut] if cut >= TITLE_MAX // 3 else title[:TITLE_MAX] + "…"


def source_ref(article: dict) -> str:
    """The meeting a task comes from, as offices write it: `会议名称（2026年3月30日）`."""
    event = article["event"] or {}
    name = event.get("name") or article["headline"]
    day = event.get("date")
    if day:
        when = dt.date.fromisoformat(day)
        name = f"{name}（{when.year}年{when.month}月{when.day}日）"
    return name[:REF_MAX]


def proposal_hash(proposal: dict) -> str:
    """What identifies a reading: the text and its directives, never the reviewer's edits.

    The publication date is left out (it only resolves day-only dates), and white space too, so
    the same report given with or without a date, pasted in a browser (CRLF) or read from a file
    (LF, or lines broken elsewhere) is recognised as the same.
    """
    items = [[t.get("article"), fold(t.get("directive") or "")] for t in proposal.get("tasks") or []]
    basis = {"text": hashlib.sha256(fold(proposal.get("text") or "").encode("utf-8")).hexdigest(),
             "items": items}
    return hashlib.sha256(json.dumps(basis, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()
