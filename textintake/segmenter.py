"""jieba, loaded in a third of the time it takes by itself.

jieba reads its dictionary twice when it starts: a marshal cache of word frequencies (read object
by object from the file) and, for part-of-speech tags, the 5 MB dict.txt line by line (0.6 s).
Here both tables, with the title words already added, are kept in one marshal file in the
temporary folder (as jieba keeps its own cache) and read in one piece; the words share their
string objects between the two tables, so the file is small and quick to read. The first process
after an upgrade of jieba or a change of the title list builds the file the slow way.
"""
import hashlib
import marshal
import os
import re
import sys
from math import log
from pathlib import Path

from textintake import kept as keeping


def load(added_words):
    """(jieba, jieba.posseg) with their dictionaries ready and added_words known as nouns."""
    jieba = _import_jieba()
    kept = _kept_file(jieba, added_words)
    tables = _read(kept) if "jieba.posseg" not in sys.modules else None
    if tables is None:
        return _load_slowly(jieba, added_words, kept)
    # posseg reads dict.txt when it is imported: point it at an empty file, then hand it the tables
    jieba.dt.dictionary = os.devnull
    try:
        import jieba.posseg as pseg
    finally:
        jieba.dt.dictionary = jieba.DEFAULT_DICT
    jieba.dt.FREQ, jieba.dt.total, pseg.dt.word_tag_tab = tables
    jieba.dt.initialized = True
    return jieba, pseg


def _import_jieba():
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba
    else:
        # jieba imports pkg_resources (0.2 s) only to open its own files, and opens them by path
        # when that import fails; nothing else here needs it, so it is kept out for this import
        sys.modules["pkg_resources"] = None
        try:
            import jieba
        finally:
            del sys.modules["pkg_resources"]
    jieba.setLogLevel(60)
    return jieba


def _kept_file(jieba, added_words):
    dictionary = Path(jieba.__file__).with_name("dict.txt")
    stat = dictionary.stat()
    key = hashlib.sha1("\n".join(added_words).encode("utf-8"))
    key.update(f"{jieba.__version__}|{stat.st_size}|{stat.st_mtime_ns}|{marshal.version}|{sys.version_info[:2]}".encode())
    return keeping.folder() / f"textintake-jieba-{key.hexdigest()[:16]}.marshal"


def _read(path):
    """The kept tables, or None when there are none (or they are not what this module wrote)."""
    try:
        if not keeping.trusted(path):
            return None  # only tables this account wrote and nobody else can change
        tables = marshal.loads(path.read_bytes())  # one read: marshal.load(file) reads piece by piece
    except (OSError, EOFError, ValueError, TypeError):
        return None
    ok = (isinstance(tables, tuple) and len(tables) == 3 and isinstance(tables[0], dict)
          and isinstance(tables[1], int) and isinstance(tables[2], dict))
    return tables if ok else None


def _load_slowly(jieba, added_words, kept):
    jieba.initialize()
    import jieba.posseg as pseg

    for word in added_words:
        jieba.add_word(word, tag="n")
    pseg.dt.makesure_userdict_loaded()
    freq, tags = jieba.dt.FREQ, pseg.dt.word_tag_tab
    # one string object per word for both tables and one per tag: marshal writes each once
    tags_by_key = {word: sys.intern(tags[word]) for word in freq if word in tags}
    tags_by_key.update((w, t) for w, t in tags.items() if w not in tags_by_key)
    try:
        part = kept.with_suffix(f".{os.getpid()}.part")
        part.write_bytes(marshal.dumps((freq, jieba.dt.total, tags_by_key)))
        os.replace(part, kept)
    except OSError:
        pass  # a read-only temporary folder only costs the next process the slow way again
    return jieba, pseg


HAN = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._]+)")   # jieba.posseg's re_han_internal
SKIP = re.compile("(\r\n|\\s)")                          # re_skip_internal
NUM = re.compile("[\\.0-9]+")
ENG = re.compile("[a-zA-Z0-9]+")
ASCII = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def cut(jieba, pseg, text):
    """(word, flag) pairs exactly as pseg.cut(text, HMM=False) gives them, in a third of its time:
    the same dictionary route, found in one pass without jieba's layers of generators."""
    pseg.dt.makesure_userdict_loaded()
    freq, tags = jieba.dt.FREQ, pseg.dt.word_tag_tab
    out = []
    for block in HAN.split(text):
        if HAN.match(block):
            _cut_block(block, freq, tags, log(jieba.dt.total), out)
            continue
        for piece in SKIP.split(block):
            if SKIP.match(piece):
                out.append((piece, "x"))
                continue
            eng = bool(ENG.match(piece))
            out.extend((ch, "m" if NUM.match(ch) else "eng" if eng else "x") for ch in piece)
    return out


def _cut_block(s, freq, tags, logtotal, out):
    n = len(s)
    score, step = [0.0] * (n + 1), [0] * (n + 1)
    for i in range(n - 1, -1, -1):
        best, end, j, frag = None, i, i, s[i]
        while j < n and frag in freq:   # jieba's DAG: every dictionary word starting at i
            f = freq[frag]
            if f:
                value = log(f) - logtotal + score[j + 1]
                if best is None or value >= best:   # max() over (score, end): a tie takes the longer
                    best, end = value, j
            j += 1
            frag = s[i:j + 1]
        if best is None:
            best = log(freq.get(s[i]) or 1) - logtotal + score[i + 1]
        score[i], step[i] = best, end + 1
    i, buf = 0, ""
    while i < n:
        word = s[i:step[i]]
        if len(word) == 1 and word in ASCII:   # single letters and digits run together as one 'eng'
            buf += word
        else:
            if buf:
                out.append((buf, "eng"))
                buf = ""
            out.append((word, tags.get(word, "x")))
        i = step[i]
    if buf:
        out.append((buf, "eng"))
