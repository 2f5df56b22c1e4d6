"""F1 of an extract result against a gold answer, with the pairing rules of the intake spec:
articles paired by headline similarity (≥ 0.5), directives by title similarity (≥ 0.6), lists
compared as sets without white space, people as (name, title) pairs."""
import unicodedata
from difflib import SequenceMatcher


def norm(text):
    return "".join(unicodedata.normalize("NFKC", str(text)).split())


def similar(a, b):
    return SequenceMatcher(None, norm(a), norm(b), autojunk=False).ratio()


def pair(gold, pred, key, threshold):
    scored = sorted(((similar(key(g), key(p)), gi, pi) for gi, g in enumerate(gold)
                     for pi, p in enumerate(pred)), reverse=True)
    used_g, used_p, pairs = set(), set(), []
    for score, gi, pi in scored:
        if score >= threshold and gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gold[gi], pred[pi]))
    return pairs


class Count:
    def __init__(self):
        self.hit = self.gold = self.pred = 0

    def sets(self, gold, pred):
        gold = {norm(x) for x in gold or []} - {""}
        pred = {norm(x) for x in pred or []} - {""}
        self.hit += len(gold & pred)
        self.gold += len(gold)
        self.pred += len(pred)

    def scalar(self, gold, pred, same=lambda a, b: norm(a) == norm(b)):
        has_g, has_p = gold not in (None, ""), pred not in (None, "")
        self.gold += has_g
        self.pred += has_p
        self.hit += has_g and has_p and same(gold, pred)

    def f1(self):
        if not self.gold and not self.pred:
            return None
        p = self.hit / self.pred if self.pred else 0.0
        r = self.hit / self.gold if self.gold else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0


def _people(art):
    return [f"{p.get('name', '')}|{t}" for p in art.get("people") or [] for t in (p.get("titles") or [""])]


def field_f1(gold_doc, pred_doc):
    """F1 per field (None where neither side has anything)."""
    return {name: count.f1() for name, count in counts(gold_doc, pred_doc).items()}


def counts(gold_doc, pred_doc, c=None):
    """Add one document's hits and totals to c (a new table when None) and return it: F1 over many
    documents is taken from their summed counts, as the intake scorer does."""
    c = {} if c is None else c
    get = lambda name: c.setdefault(name, Count())  # noqa: E731
    gold, pred = gold_doc["articles"], pred_doc["articles"]
    pairs = pair(gold, pred, lambda a: a.get("headline", ""), 0.5)
    get("articles").hit, get("articles").gold, get("articles").pred = len(pairs), len(gold), len(pred)
    pairs += [(g, {}) for g in gold if all(g is not x for x, _ in pairs)]
    pairs += [({}, p) for p in pred if all(p is not y for _, y in pairs)]
    for g, p in pairs:
        get("reporters").sets(g.get("reporters"), p.get("reporters"))
        get("units").sets(g.get("units"), p.get("units"))
        ge, pe = g.get("event") or {}, p.get("event") or {}
        for f in ("chairs", "attendees", "documents"):
            get(f"event.{f}").sets(ge.get(f), pe.get(f))
        get("event.kind").scalar(ge.get("kind"), pe.get("kind"))
        get("event.date").scalar(ge.get("date"), pe.get("date"))
        get("event.name").scalar(ge.get("name"), pe.get("name"), lambda a, b: similar(a, b) >= 0.8)
        get("people.names").sets([x.get("name") for x in g.get("people") or []],
                                 [x.get("name") for x in p.get("people") or []])
        get("people.titles").sets(_people(g), _people(p))
        get("continued_on").scalar(g.get("continued_on"), p.get("continued_on"))
        gd, pd = g.get("directives") or [], p.get("directives") or []
        dpairs = pair(gd, pd, lambda d: d.get("title", ""), 0.6)
        get("directives").hit += len(dpairs)
        get("directives").gold += len(gd)
        get("directives").pred += len(pd)
        for gdir, pdir in dpairs:
            get("directives.units").sets(gdir.get("units"), pdir.get("units"))
    return c


def mean_f1(gold_doc, pred_doc):
    scores = [v for v in field_f1(gold_doc, pred_doc).values() if v is not None]
    return sum(scores) / len(scores)
