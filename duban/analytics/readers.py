"""Files as a header and rows of cells: CSV (UTF-8 or GBK/GB18030, detected), xlsx, and the
voucher XML of GB/T 24589. Decoding happens here, in Python; the engines only see typed columns."""
import codecs
import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from duban.core.errors import DomainError
from duban.core.sheets import first_sheet_rows
from duban.core.zipguard import check_zip

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_XLSX_INFLATED = 1024 * 1024 * 1024  # a zip bomb is refused before any sheet is opened
ENCODINGS = ["utf-8-sig", "gb18030"]


@dataclass
class Table:
    file_name: str
    headers: list[str]
    rows: list[list]  # cells as read; row i is line i + 2 of the file (after the header)
    encoding: str = ""


def read_table(path: Path, file_name: str | None = None) -> Table:
    name = file_name or path.name
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise DomainError(f"文件「{name}」过大（上限 {MAX_FILE_BYTES // 1024 // 1024}MB）")
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(path, name)
    if suffix == ".xml":
        from duban.analytics.vouchers import read_voucher_xml

        return read_voucher_xml(path.read_bytes(), name)
    if suffix in (".csv", ".txt"):
        return _read_csv(path.read_bytes(), name)
    raise DomainError(f"文件「{name}」的格式不支持：请上传 .csv、.xlsx 或 GB/T 24589 凭证 .xml")


def decode(data: bytes, name: str) -> tuple[str, str]:
    """The text and its encoding: UTF-16 by its byte-order mark, UTF-8 when it decodes cleanly, else
    GB18030 (a superset of GBK); anything else is refused, never guessed."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:65536]:
        # GB18030 decodes almost any bytes; NULs mean a wide encoding it would only garble.
        raise DomainError(f"文件「{name}」的编码无法识别：请另存为 UTF-8 或 GBK 编码的 CSV")
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), "utf-8" if encoding == "utf-8-sig" else "gb18030"
        except UnicodeDecodeError:
            continue
    raise DomainError(f"文件「{name}」的编码无法识别：请另存为 UTF-8 或 GBK 编码的 CSV")


def _read_csv(data: bytes, name: str) -> Table:
    text, encoding = decode(data, name)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        rows = [row for row in reader]
    except csv.Error as exc:
        raise DomainError(f"文件「{name}」第{reader.line_num}行不是有效的 CSV（{exc}）") from None
    if not rows:
        raise DomainError(f"文件「{name}」是空的")
    headers = [h.strip() for h in rows[0]]
    return Table(name, headers, [r for r in rows[1:] if any(c.strip() for c in r)], encoding)


def _read_xlsx(path: Path, name: str) -> Table:
    if not zipfile.is_zipfile(path):
        raise DomainError(f"文件「{name}」不是有效的 .xlsx 文件")
    # The project's one zip check (member count and unpacked size from the directory, before any
    # inflating), with the larger ceiling a transaction export needs.
    check_zip(path, name, max_unpacked=MAX_XLSX_INFLATED)
    try:
        with first_sheet_rows(path) as values:  # calamine when the sheet can be bounded, else openpyxl
            rows = [list(r) for r in values]
    except DomainError:  # a damaged file, whichever reader found it; the user needs one sentence
        raise DomainError(f"文件「{name}」无法作为 .xlsx 打开") from None
    if not rows:
        raise DomainError(f"文件「{name}」的第一个工作表是空的")
    headers = [str(h).strip() if h is not None else "" for h in rows[0]]
    data = [r for r in rows[1:] if any(c not in (None, "") for c in r)]
    return Table(name, headers, data, "xlsx")


def parse_xml(data: bytes, name: str) -> ElementTree.Element:
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:65536]:
        # Entities are how an XML file explodes on expansion; accounting exports need none.
        raise DomainError(f"文件「{name}」含有 DTD 或实体定义，出于安全不予读取")
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise DomainError(f"文件「{name}」不是有效的 XML（第{exc.position[0]}行）") from None
