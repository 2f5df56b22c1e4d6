"""The installation's unit directory as intake sees it: names taught to the reader, and the
match from a directive's subject (`区审计部门`) to a unit that can lead a task (`区审计局`)."""
import difflib
from dataclasses import dataclass, field

from duban.intake.locate import fold
from duban.org.models import Unit, UnitKind

NEAREST_CUTOFF = 0.6   # below this a guess is more often wrong than right: left for the reviewer
CANDIDATE_CUTOFF = 0.4
CANDIDATES = 3


def known_units() -> list[str]:
    """Unit names and short names for the reader.

    A region's name (钱塘区) in a report is a place, not an acting unit, and two-character short
    names (白杨, 前进) are ordinary words as often as units: both would be counted everywhere.
    """
    names = []
    for name, short, kind in Unit.objects.values_list("name", "short_name", "kind"):
        if kind != UnitKind.REGION:
            names.append(name)
        if short and len(short) >= 3 and kind != UnitKind.REGION:
            names.append(short)
    return list(dict.fromkeys(names))


@dataclass
class UnitMatch:
    """The suggested lead unit (a directory name, or None), how it was found, and the alternatives."""

    unit: str | None = None
    how: str = "none"   # exact | short_name | nearest | text | article | none
    candidates: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"lead_unit": self.unit, "lead_unit_match": self.how, "candidates": self.candidates}


class Directory:
    """The directory loaded once per reading, so matching many directives costs one query."""

    def __init__(self):
        rows = list(Unit.objects.exclude(kind=UnitKind.REGION).values_list("name", "short_name"))
        self.names = [name for name, _ in rows]
        # Reports print （） as () and break names with spaces: compare folded forms.
        self.by_folded = {fold(name): name for name in self.names}
        self.by_short = {short: name for name, short in rows if short}

    def match(self, subjects: list[str], text: str = "", article_units: list[str] = ()) -> UnitMatch:
        for how, find in (("exact", self._exact), ("short_name", self.by_short.get)):
            for subject in subjects:
                if find(subject):
                    return UnitMatch(find(subject), how, self._candidates(subject, find(subject)))
        for subject in subjects:
            best = self._nearest(subject)
            if best:
                return UnitMatch(best[0], "nearest", best)
        named = self._named_in(text)
        if named:
            return UnitMatch(named[0], "text", named[:CANDIDATES])
        # A directive without a subject is usually the business of the unit its article is about.
        acting = [self._exact(u) or self.by_short.get(u) for u in article_units]
        acting = list(dict.fromkeys(u for u in acting if u))
        if acting:
            return UnitMatch(acting[0], "article", acting[:CANDIDATES])
        guesses = [c for s in subjects for c in self._nearest(s, CANDIDATE_CUTOFF)]
        return UnitMatch(None, "none", list(dict.fromkeys(guesses))[:CANDIDATES])

    def co_units(self, names: list[str], lead: str | None) -> list[str]:
        """Directory units for the partners a directive names (会同…, the second of `A和B要`), the
        lead excluded; a partner the directory does not hold is left to the reviewer."""
        found = [self._exact(n) or self.by_short.get(n) or next(iter(self._nearest(n)), None) for n in names]
        return list(dict.fromkeys(u for u in found if u and u != lead))

    def _exact(self, subject: str) -> str | None:
        return self.by_folded.get(fold(subject))

    def _nearest(self, subject: str, cutoff: float = NEAREST_CUTOFF) -> list[str]:
        pool = self.names + list(self.by_short)
        found = difflib.get_close_matches(subject, pool, n=CANDIDATES, cutoff=cutoff)
        return list(dict.fromkeys(self.by_short.get(n, n) for n in found))

    def _candidates(self, subject: str, chosen: str) -> list[str]:
        return list(dict.fromkeys([chosen, *self._nearest(subject, CANDIDATE_CUTOFF)]))[:CANDIDATES]

    def _named_in(self, text: str) -> list[str]:
        """Units the directive's own text names in full: the lead when its subject is generic."""
        hits = sorted((text.find(name), name) for name in self.names if len(name) >= 3 and name in text)
        return [name for _, name in hits]
