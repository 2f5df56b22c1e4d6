"""Opening an uploaded workbook safely: what it is, how big it unpacks, where its header is.

Everything here reads untrusted files, so each check runs before the expensive step it guards:
the magic bytes before unzipping, the zip directory's sizes before parsing, and a streaming scan of
the sheet's XML (`core.sheets.scan_sheet`) before its cells are read: whole by calamine when they
fit a bounded grid, otherwise streamed (openpyxl read-only) with a stop after a long run of empty rows.
"""
import codecs
import zipfile
from dataclasses import dataclass
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
