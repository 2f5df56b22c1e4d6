"""Where in the source text a directive was read: the reader mends lines broken by columns and
drops white space, so its titles are found again ignoring white space and character widths."""
import unicodedata
from bisect import bisect_right

STOPS = "。！？!?；;"
LOOK_BACK = 80   # a sentence start further back than this is a column break gone wrong


class SourceIndex:
    """The source text without white space, NFKC-folded, with each character's offset in the source."""

    def __init__(self, text: str):
        self.text = text
        chars, offsets = [], []
        for i, ch in enumerate(text):
            if ch.isspace():
                continue
            for folded in unicodedata.normalize("NFKC", ch):
                chars.append(folded)
                offsets.append(i)
        self.flat = "".join(chars)
        self.offsets = offsets

    def find(self, needle: str, start: int = 0) -> tuple[int, int] | None:
        """Source offsets [start, end) of needle at or after source offset `start`, else None."""
        key = fold(needle)
        if not key:
            return None
        pos = self.flat.find(key, bisect_right(self.offsets, start - 1))
        if pos < 0:
            return None
        return self.offsets[pos], self.offsets[pos + len(key) - 1] + 1

    def sentence(self, needle: str, start: int = 0) -> tuple[int, int] | None:
        """The whole sentence around needle: back to the previous stop, on to its own stop."""
        found = self.find(needle, start) or self.find(needle) or self.find(needle[:12], start)
        if found is None:
            return None
        begin, end = found
        return _sentence_start(self.text, begin), _sentence_end(self.text, end)


def fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _sentence_start(text: str, at: int) -> int:
    floor = max(0, at - LOOK_BACK)
    for i in range(at - 1, floor - 1, -1):
        # Line breaks are no boundary: a PDF column breaks sentences, and names, anywhere.
        if text[i] in STOPS:
            return _skip_space(text, i + 1)
    return at if floor > 0 else _skip_space(text, 0)


def _sentence_end(text: str, at: int) -> int:
    while at < len(text) and text[at].isspace() and at + 1 < len(text) and text[at + 1] in STOPS:
        at += 1
    return at + 1 if at < len(text) and text[at] in STOPS else at


def _skip_space(text: str, at: int) -> int:
    while at < len(text) and text[at].isspace():
        at += 1
    return at


def segments(text: str, spans: list[tuple[int, int, int]]) -> list[dict]:
    """The text cut into plain and marked pieces; spans are (start, end, item), overlaps skipped."""
    pieces, at = [], 0
    for start, end, item in sorted(spans):
        if start < at:
            continue
        if start > at:
            pieces.append({"text": text[at:start], "item": None})
        pieces.append({"text": text[start:end], "item": item})
        at = end
    if at < len(text):
        pieces.append({"text": text[at:], "item": None})
    return pieces
