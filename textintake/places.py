"""Administrative divisions of China down to county level, full names and short forms
(湖南省/湖南, 株洲市/株洲, 荷塘区/荷塘), read from the gazetteer that jionlp ships.

jionlp keeps this list current (renamed and merged divisions included); only its data file is
read, from the installed package, without importing jionlp itself (slow, and not needed).
Loaded once per process, on first use.
"""
import importlib.util
import os
import re
import zipfile
from functools import cache
from pathlib import Path

from textintake import kept as keeping

LEVELS = "省市县区州旗盟"
# a province, city or county line: up to two tabs of depth, the name, the division code, the short
# form (towns and villages below them carry no code); matched on bytes, four times faster than text
LINE = re.compile(rb"\n\t{0,2}([^\t\n]+)\t\d{6}\t([^\t\n]*)")


def _data_file():
    spec = importlib.util.find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "dictionary" / "china_location.zip"
    return path if path.is_file() else None


@cache
def names():
    """Every division's full name and short form (two characters or more); empty without the data.

    The names are read out of the 12 MB archive once and kept in a small file in the account's
    cache folder (textintake.kept), named after the archive's size and time, so that a
    command reading one report does not pay for the archive again."""
    path = _data_file()
    if path is None:
        return frozenset()
    stat = path.stat()
    kept = keeping.folder() / f"textintake-places-{stat.st_size}-{int(stat.st_mtime)}.txt"
    try:
        if keeping.trusted(kept):
            return frozenset(kept.read_text(encoding="utf-8").split("\n"))
    except (OSError, UnicodeDecodeError):
        pass
    found = _read(path)
    try:
        part = kept.with_suffix(f".{os.getpid()}.part")
        part.write_text("\n".join(sorted(found)), encoding="utf-8")
        os.replace(part, kept)
    except OSError:
        pass  # a read-only temporary folder only costs the next process the archive again
    return found


def _read(path):
    with zipfile.ZipFile(path) as archive:
        member = next(n for n in archive.namelist() if n.endswith(".txt"))
        data = b"\n" + archive.read(member)
    found = set()
    for full, short in LINE.findall(data):
        found.add(full.decode("utf-8").strip())
        if len(short.decode("utf-8")) >= 2:
            found.add(short.decode("utf-8").strip())
    return frozenset(found)


def is_place(name):
    """A division by name (株洲, 荷塘区), or a chain of them as written (湖南省株洲市, 广东省广州); a
    short form with its level (澜沧县 for 澜沧拉祜族自治县) too."""
    table = names()
    if name in table or (len(name) > 2 and name[-1] in LEVELS and name[:-1] in table):
        return True
    return any(name[:k] in table and is_place(name[k:]) for k in range(2, len(name) - 1))
