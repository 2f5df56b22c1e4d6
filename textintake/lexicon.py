"""Word lists from data/*.txt and the lazily loaded jieba.

Everything here is built once per process: regexes are compiled at first use and jieba (1–2 s to
load) only when a name candidate needs checking.
"""
import re
import threading
from functools import cache, lru_cache
from pathlib import Path

from . import segmenter

DATA = Path(__file__).with_name("data")
CJK = "\u4e00-\u9fff"
PUNCT = "，,。;；:：!！?？、“”\"‘’'《》()（）【】[] \t\n"
SENT_END = "。!！?？"


@cache
def words(name):
    """Entries of data/NAME.txt, longest first so that alternations prefer the longest match."""
    lines = (DATA / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    entries = {ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")}
    return tuple(sorted(entries, key=lambda w: (-len(w), w)))


def alternation(items):
    return "|".join(re.escape(w) for w in sorted(items, key=len, reverse=True))


@cache
def regex(name, template="(?:{})"):
    """Compiled alternation over a word list, wrapped in template."""
    return re.compile(template.format(alternation(words(name))))


@cache
def _by_length(name):
    table = set(words(name))
    return table, sorted({len(w) for w in table}, reverse=True)


def ending(name, text, end=None):
    """The longest entry of data/NAME.txt that text[:end] ends with, else "" (a set look-up per
    length: an anchored regex alternation tries every position of the text)."""
    end = len(text) if end is None else end
    table, lengths = _by_length(name)
    for n in lengths:
        if n <= end and text[end - n:end] in table:
            return text[end - n:end]
    return ""


@cache
def kinds():
    """Map of event word to kind, from data/kinds.txt."""
    table = {}
    for line in words("kinds"):
        kind, *terms = line.split()
        for term in terms:
            table[term] = kind
    return table


_jieba_lock = threading.Lock()
_jieba_state = {"extra": set()}


def _posseg():
    if "pseg" in _jieba_state:  # the common case, without the lock: set once, never unset
        return _jieba_state["pseg"]
    with _jieba_lock:
        if "pseg" not in _jieba_state:
            # jieba knows no organisations: it is given the titles so they stay whole
            jieba, pseg = segmenter.load(words("titles"))
            _jieba_state["jieba"] = jieba
            _jieba_state["pseg"] = pseg
        return _jieba_state["pseg"]


def add_units(names):
    """Teach jieba the installation's unit directory (once per name)."""
    new = {n for n in names if n and n not in _jieba_state["extra"]}
    if not new:
        return
    _posseg()
    for name in new:
        _jieba_state["jieba"].add_word(name, tag="nt")
    _jieba_state["extra"] |= new


@lru_cache(maxsize=4096)
def person_tokens(text):
    """Spans (start, end) that jieba tags as person names in a short text."""
    spans, pos = [], 0
    for token in _posseg().cut(text):
        end = pos + len(token.word)
        if token.flag.startswith("nr") and len(token.word) >= 2:
            spans.append((pos, end))
        pos = end
    return tuple(spans)


def word_tag(word):
    """jieba's dictionary tag for a word (关于 → p), or None when jieba does not know it."""
    _posseg()
    return _jieba_state["pseg"].dt.word_tag_tab.get(word)


def is_word(word):
    """True when jieba's dictionary holds word (处理, 局面): a unit ending must not start one."""
    _posseg()
    return bool(_jieba_state["jieba"].dt.FREQ.get(word))


@lru_cache(maxsize=8192)
def tokens(text):
    """jieba words with their tags, dictionary only (no HMM), as (word, flag) pairs."""
    pseg = _posseg()
    return tuple(segmenter.cut(_jieba_state["jieba"], pseg, text))
