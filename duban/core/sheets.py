"""Untrusted workbooks read fast but bounded: which sheets calamine may read whole, and reading them.

calamine (python-calamine, a compiled reader pandas offers as an engine) reads a sheet an order of
magnitude faster than openpyxl, but builds it as one dense grid from A1 to the farthest cell: a
5 KB file with cells at A1 and XFD1048576 would ask it for 512 GB and abort the process. So a
sheet's XML is scanned first, streamed and never parsed into cells (`scan_sheet`), and only a
`gridded` sheet goes to calamine; any other is left to openpyxl's streaming reader. calamine's
values are given as openpyxl gives them (`as_openpyxl`), so a caller reads the same either way.
"""
import datetime as dt
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.utils.translation import gettext
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string as col
from python_calamine import CalamineError, CalamineWorkbook

from duban.core.errors import DomainError

_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
# A sheet is `gridded` only when written the usual way (openpyxl and LibreOffice write every cell
# so): every cell tag unprefixed and opening with its reference. Anything else is left to openpyxl,
# so these can be plain, fast searches: a cell no search here places is one calamine is never given.
_CELL = re.compile(rb"<c[\s/>]")
_PREFIXED_CELL = re.compile(rb"<\w+:c[\s/>]")
_PLACED = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"')
_ODD_TYPES = (b't="e"', b't="d"', b"t='e'", b"t='d'")  # an error value (#N/A), an ISO date text
LONGEST_TAG = 64 * 1024
GRID_CELLS = 1_000_000  # a sheet whose cells span more is streamed; one at the bound peaks at ~120 MB read whole


@dataclass
class SheetScan:
    """What a streaming pass over the sheet's XML finds: formulas, merged ranges, and whether its
    cells may be read as one grid (`gridded`): each cell placed by its reference, none an error
    value or an ISO date text, and the grid they span (from A1) no more than GRID_CELLS."""

    has_formulas: bool = False
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # min_row, min_col, max_row, max_col
    last_row: int = 0
    last_column: int = 0
    unplaced: bool = False

    @property
    def gridded(self) -> bool:
        return not self.unplaced and self.last_row * self.last_column <= GRID_CELLS


def scan_sheet(archive: zipfile.ZipFile, member: str, *, until_ungridded: bool = False) -> SheetScan:
    """Formulas, merged ranges and the cells' extent of a worksheet member, streamed (`until_ungridded`:
    stop as soon as the sheet is known not to be `gridded`)."""
    scan, tail = SheetScan(), b""
    with archive.open(member) as stream:
        while chunk := stream.read(1 << 20):
            if until_ungridded and not scan.gridded:
                return scan
            data = tail + chunk
            scan.has_formulas = scan.has_formulas or bool(_FORMULA.search(data))
            # Up to the last tag's start: a tag cut by the chunk boundary is read whole next time.
            cut = data.rfind(b"<")
            if cut < 0 or len(data) - cut > LONGEST_TAG:  # no tag is this long: not a sheet to read as a grid
                scan.unplaced, cut = True, len(data)
            _scan_tags(scan, data, cut)
            tail = data[cut:]
    _scan_tags(scan, tail, len(tail))
    return scan


def _scan_tags(scan: SheetScan, data: bytes, end: int) -> None:
    if data.find(b"mergeCell", 0, end) >= 0:
        for m in _MERGE.finditer(data, 0, end):
            scan.merges.append((int(m[2]), col(m[1].decode()), int(m[4]), col(m[3].decode())))
    placed = _PLACED.findall(data, 0, end)
    if (len(placed) != len(_CELL.findall(data, 0, end))
            or any(data.find(odd, 0, end) >= 0 for odd in _ODD_TYPES)
            or (data.find(b":c", 0, end) >= 0 and _PREFIXED_CELL.search(data, 0, end))):
        scan.unplaced = True
    if placed:
        scan.last_row = max(scan.last_row, max(int(row) for _, row in placed))
        try:
            scan.last_column = max(scan.last_column, *(col(c.decode()) for c in {c for c, _ in placed}))
        except ValueError:  # past XFD: no such column
            scan.unplaced = True


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_WORKSHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
_BOOK, _BOOK_RELS = "xl/workbook.xml", "xl/_rels/workbook.xml.rels"
DIRECTORY_BYTES = 4 * 1024 * 1024  # a workbook's list of sheets is kilobytes; past this, openpyxl decides


def worksheet_members(archive: zipfile.ZipFile) -> list[tuple[str, str]] | None:
    """(title, zip member) of each worksheet in the workbook's order (chart sheets left out), as the
    workbook and its relationships name them; None when they do not say (openpyxl then decides)."""
    from xml.etree.ElementTree import ParseError, fromstring

    try:
        if max(archive.getinfo(name).file_size for name in (_BOOK, _BOOK_RELS)) > DIRECTORY_BYTES:
            return None
        book, rels = fromstring(archive.read(_BOOK)), fromstring(archive.read(_BOOK_RELS))
    except (KeyError, ParseError):
        return None
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{_RELS}Relationship")
               if rel.get("Type") == _WORKSHEET}
    found = []
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(_REL_ID))
        if target is None:
            continue
        member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
        if member not in archive.namelist():
            return None
        found.append((sheet.get("name", ""), member))
    return found


def gridded_sheets(archive: zipfile.ZipFile, count: int) -> list[tuple[str, SheetScan]] | None:
    """(title, scan) of the workbook's first `count` worksheets when every one is `gridded`, else None."""
    sheets = worksheet_members(archive)
    if sheets is None:
        return None
    found = []
    for title, member in sheets[:count]:
        scan = scan_sheet(archive, member, until_ungridded=True)
        if not scan.gridded:
            return None
        found.append((title, scan))
    return found


@contextmanager
def calamine_book(path) -> Iterator[Callable[[str], list[list]]]:
    """A reader of the workbook at `path`: (a sheet's title) → its cells as rows from A1, as calamine
    gives them. Ask it only for sheets `gridded_sheets` named. A damaged file, or a panic inside
    the compiled reader (a BaseException, which must not end the process), is a DomainError."""
    book = _calamine(lambda: CalamineWorkbook.from_path(str(path)))
    try:
        yield lambda title: _calamine(lambda: book.get_sheet_by_name(title).to_python(skip_empty_area=False))
    finally:
        book.close()


def _calamine(call):
    try:
        return call()
    except (CalamineError, ValueError, OverflowError):
        raise damaged() from None
    except BaseException as failure:
        if type(failure).__name__ != "PanicException":
            raise
        raise damaged() from None


def damaged() -> DomainError:
    return DomainError(gettext("无法读取工作簿：文件已损坏或不是有效的 .xlsx"))


def as_openpyxl(value):
    """A calamine cell as openpyxl gives it: an empty cell None, a whole number int, a date datetime."""
    if value == "":
        return None
    if type(value) is float and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if type(value) is dt.date:
        return dt.datetime.combine(value, dt.time())  # naive, as openpyxl gives a date cell
    return value


@contextmanager
def first_sheet_rows(path, *, max_col: int | None = None) -> Iterator[Iterator[tuple]]:
    """The first worksheet's values row by row from row 1, as openpyxl's read-only
    `iter_rows(values_only=True)` gives them (a row read by calamine ends at the sheet's last used
    column, not padded to `max_col`): whole by calamine when the sheet is `gridded`, else streamed
    by openpyxl. Check the container's sizes first (zipguard); a file neither can open is a
    DomainError, and so is a member damaged mid-stream."""
    try:
        with zipfile.ZipFile(path) as archive:
            scanned = gridded_sheets(archive, 1)
    except (zipfile.BadZipFile, OSError, EOFError):
        raise damaged() from None
    if scanned:
        with calamine_book(path) as grid:
            cells = grid(scanned[0][0])
        yield (tuple(as_openpyxl(v) for v in row[:max_col]) for row in cells)
        return
    book = open_workbook(path)
    try:
        yield guarded(book.worksheets[0].iter_rows(max_col=max_col, values_only=True))
    finally:
        book.close()


def open_workbook(path, *, data_only: bool = True):
    """The workbook opened by openpyxl in read-only mode (`data_only`: formulas by cached value);
    any parser failure on an untrusted file is a damaged file to the user."""
    try:
        return load_workbook(path, read_only=True, data_only=data_only)
    except DomainError:
        raise
    except Exception:
        raise damaged() from None


def guarded(rows: Iterator[tuple]) -> Iterator[tuple]:
    """openpyxl's streamed rows, a member damaged mid-stream a DomainError."""
    try:
        yield from rows
    except DomainError:
        raise
    except Exception:  # a damaged member only shows while streaming it
        raise DomainError(gettext("无法读取工作簿：文件内容已损坏")) from None
