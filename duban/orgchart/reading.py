"""Reading an uploaded roster: checked as a hostile file first (the ledger's container checks:
size, zip bomb, old .xls, password), then streamed row by row with every size bounded."""
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from duban.core.errors import DomainError
from duban.ledger.reader import check_container
from duban.ledger.writer import restore
from duban.orgchart.layout import PEOPLE_SHEET, PERSON_COLUMNS, UNIT_COLUMNS, UNITS_SHEET, Column, column_for

MAX_ROWS = 50_000          # a province's roster is tens of thousands of people, not millions
MAX_SHEETS = 20
HEADER_SCAN_ROWS = 10
EMPTY_RUN = 200            # a run of empty rows this long ends the data


@dataclass
class Row:
    sheet: str
    number: int
    values: dict[str, str]
    letters: dict[str, str]

    def where(self, field_name: str | None = None) -> str:
        place = f"「{self.sheet}」表第{self.number}行"
        if field_name and field_name in self.letters:
            header = next(c.header for c in (*UNIT_COLUMNS, *PERSON_COLUMNS) if c.field == field_name)
            place += f" {self.letters[field_name]}列「{header}」"
        return place


@dataclass
class Roster:
    units: list[Row] = field(default_factory=list)
    people: list[Row] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def read_roster(path: Path) -> Roster:
    check_container(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a malformed part; all mean the same to a user
        raise DomainError(f"{path.name}：文件已损坏，无法作为 .xlsx 读取") from None
    try:
        return _read_book(book)
    finally:
        book.close()


def _read_book(book) -> Roster:
    if len(book.sheetnames) > MAX_SHEETS:
        raise DomainError(f"工作簿有{len(book.sheetnames)}张表，花名册最多{MAX_SHEETS}张")
    roster = Roster()
    for sheet in book.worksheets:
        kind = _sheet_kind(sheet.title)
        if kind is None:
            continue
        columns = UNIT_COLUMNS if kind == UNITS_SHEET else PERSON_COLUMNS
        target = roster.units if kind == UNITS_SHEET else roster.people
        target.extend(_rows(sheet, columns, roster.errors))
    if not roster.units and not roster.people and not roster.errors:
        raise DomainError(f"没有找到「{UNITS_SHEET}」表或「{PEOPLE_SHEET}」表：请按导出的花名册格式填写")
    return roster


def _sheet_kind(title: str) -> str | None:
    if PEOPLE_SHEET in title or "花名册" in title:
        return PEOPLE_SHEET
    return UNITS_SHEET if UNITS_SHEET in title else None


def _rows(sheet, columns: tuple[Column, ...], errors: list[str]):
    rows = sheet.iter_rows(values_only=True)
    header, number = _header(rows, columns, sheet.title, errors)
    if header is None:
        return
    empty = 0
    for values in rows:
        number += 1
        cells = {f: _text(values[i]) if i < len(values) else "" for i, f in header.items()}
        if not any(cells.values()):
            empty += 1
            if empty >= EMPTY_RUN:
                return
            continue
        empty = 0
        if number > MAX_ROWS + HEADER_SCAN_ROWS:
            errors.append(f"「{sheet.title}」表超过{MAX_ROWS}行，请分批导入")
            return
        yield Row(sheet.title, number, cells, {f: get_column_letter(i + 1) for i, f in header.items()})


def _header(rows, columns, title: str, errors: list[str]) -> tuple[dict[int, str] | None, int]:
    for number in range(1, HEADER_SCAN_ROWS + 1):
        values = next(rows, None)
        if values is None:
            break
        found = {i: c.field for i, v in enumerate(values[:100]) if (c := column_for(columns, v))}
        if found and all(c.field in found.values() for c in columns if c.required):
            return found, number
    need = "、".join(f"「{c.header}」" for c in columns if c.required)
    errors.append(f"「{title}」表前{HEADER_SCAN_ROWS}行没有表头：需要列 {need}")
    return None, 0


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone typed as a number comes back as 13800000000.0
    if isinstance(value, dt.datetime | dt.date):
        value = value.isoformat()
    return restore(str(value).strip())
