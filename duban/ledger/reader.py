"""Opening an uploaded workbook safely: what it is, how big it unpacks, where its header is.

Everything here reads untrusted files, so each check runs before the expensive step it guards:
the magic bytes before unzipping, the zip directory's sizes before parsing, and a streaming scan of
the sheet's XML (`scan_sheet`) before its cells are read: whole by calamine when they fit a bounded
grid, otherwise streamed (openpyxl read-only) with a stop after a long run of empty rows.
"""
import codecs
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext

from duban.core.errors import DomainError
from duban.core.zipguard import MAX_MEMBERS, MAX_UNPACKED_BYTES
from duban.ledger.columns import Column, column_for

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_CELL_CHARS = 32767          # Excel's own limit for one cell
MAX_COLUMNS = 100
MAX_DATA_ROWS = 200_000
EMPTY_RUN = 200                 # a run of empty rows this long ends the data
HEADER_SCAN_ROWS = 20
MAX_MERGED_CELLS = 1_000_000
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTION_MARK = "EncryptionInfo".encode("utf-16-le")
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
_CELL = re.compile(rb"<(?:\w+:)?c[\s/>]")
_PLACED = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"')
_ODD_TYPE = re.compile(rb'<(?:\w+:)?c\s[^>]*?\bt="[ed]"')  # an error value (#N/A) or an ISO date text
LONGEST_TAG = 64 * 1024
GRID_CELLS = 2_000_000          # a sheet whose cells span more is streamed, not read whole


def check_container(path: Path) -> None:
    """Refuses what is not an .xlsx we can afford to open, saying what it looks like instead."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise DomainError(gettext("文件过大（%(size)sMB），上限为%(most)sMB") % {"size": size // 1024 // 1024, "most": MAX_FILE_BYTES // 1024 // 1024})
    with path.open("rb") as handle:
        head = handle.read(512)
        if head[:8] == OLE2_MAGIC:
            body = handle.read(MAX_FILE_BYTES)
            if ENCRYPTION_MARK in body:
                raise DomainError(gettext("工作簿设有打开密码，无法读取：请在Excel中取消密码后另存为 .xlsx 再导入"))
            raise DomainError(gettext("这是旧版Excel（.xls）或其他Office二进制文件：请在Excel中另存为 .xlsx 再导入"))
    if not head.startswith(b"PK"):
        raise DomainError(gettext("不是Excel工作簿（.xlsx）：%(looks)s，请在Excel中另存为 .xlsx 再导入") % {"looks": _looks_like(head)})
    try:
        with zipfile.ZipFile(path) as archive:
            _check_members(archive)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError):
        raise DomainError(gettext("文件已损坏或不完整（不是完整的 .xlsx 压缩包），请重新保存后再导入")) from None


def _looks_like(head: bytes) -> str:
    if head.startswith(b"%PDF"):
        return gettext("看起来是PDF文件")
    for encoding in ("utf-8", "gb18030"):
        try:
            # Incremental: the sample may end inside a multi-byte character.
            codecs.getincrementaldecoder(encoding)().decode(head)
            return gettext("看起来是文本或CSV文件")
        except UnicodeDecodeError:
            continue
    return gettext("文件格式无法识别")


def _check_members(archive: zipfile.ZipFile) -> None:
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names:
        if "word/document.xml" in names:
            raise DomainError(gettext("这是Word文档（.docx），不是Excel工作簿：请上传 .xlsx 台账"))
        raise DomainError(gettext("压缩包里没有Excel工作簿：请上传 .xlsx 台账"))
    if len(archive.infolist()) > MAX_MEMBERS:
        raise DomainError(gettext("压缩包有%(members)s个成员，超过%(most)s个的上限，拒绝读取") % {"members": len(archive.infolist()), "most": MAX_MEMBERS})
    unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        raise DomainError(gettext("文件解压后有%(size)sMB，超过%(most)sMB的上限（可能是压缩炸弹），拒绝读取")
                          % {"size": unpacked // 1024 // 1024, "most": MAX_UNPACKED_BYTES // 1024 // 1024})


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


def scan_sheet(archive: zipfile.ZipFile, member: str) -> SheetScan:
    scan, tail = SheetScan(), b""
    with archive.open(member) as stream:
        while chunk := stream.read(1 << 20):
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
    from openpyxl.utils import column_index_from_string as col

    for m in _MERGE.finditer(data, 0, end):
        scan.merges.append((int(m[2]), col(m[1].decode()), int(m[4]), col(m[3].decode())))
    placed = _PLACED.findall(data, 0, end)
    if len(placed) != len(_CELL.findall(data, 0, end)) or _ODD_TYPE.search(data, 0, end):
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


@dataclass
class Header:
    last_row: int                      # data starts on the row after this one
    columns: dict[int, Column]         # 0-based column index → column


def find_header(rows: list[tuple]) -> Header | None:
    """The row (or pair of rows, for a two-row header) naming the most known columns."""
    counts = [sum(1 for v in row if column_for(v)) for row in rows]
    if not counts or max(counts) < 2:
        return None
    best = counts.index(max(counts))
    upper, lower = best, best
    if best + 1 < len(rows) and _sub_header(rows[best + 1], counts[best + 1]):
        lower = best + 1
    elif best > 0 and _sub_header(rows[best - 1], counts[best - 1]):
        upper = best - 1
    columns = {}
    for index in range(max(len(rows[upper]), len(rows[lower]))):
        below = column_for(_at(rows[lower], index))
        above = column_for(_at(rows[upper], index))
        if below or above:
            columns[index] = below or above
    fields = {c.field for c in columns.values()}
    if not ({"text", "title"} & fields and "lead_unit" in fields):
        return None
    return Header(last_row=lower + 1, columns=columns)


def _sub_header(row: tuple, known: int) -> bool:
    """A second header row names columns; a data row holds mostly values that are no column name."""
    filled = sum(1 for v in row if v not in (None, ""))
    return known > 0 and known * 2 >= filled


def _at(row: tuple, index: int):
    return row[index] if index < len(row) else None
