"""The one writer every ledger row goes through: formula injection is stopped here, once."""
import datetime as dt

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from duban.ledger.columns import Column

FORMULA_STARTS = ("=", "+", "-", "@")
LIGHT_FILLS = {"red": "FFC7CE", "yellow": "FFEB9C", "green": "C6EFCE", "none": "EDEDED"}
DATE_FORMAT = "yyyy-mm-dd"
HEADER_ROW = 3
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")


def neutralise(value: str) -> str:
    """A text that a spreadsheet would run as a formula gets a leading apostrophe.

    Texts that already start with apostrophes before such a sign get one more, so the reader's
    rule (drop one apostrophe before = + - @) gives back exactly what was written.
    """
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restore(value: str) -> str:
    if value.startswith("'") and value.lstrip("'").startswith(FORMULA_STARTS):
        return value[1:]
    return value


class LedgerWriter:
    """Header block (title, unit, date), a frozen header row, then rows of cells."""

    def __init__(self, columns: tuple[Column, ...], *, title: str, subtitle: str):
        self.columns = columns
        self.book = Workbook(write_only=True)
        self.sheet = self.book.create_sheet(title[:31].replace("/", "-") or "台账")
        for index, column in enumerate(columns, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = column.width
        self.sheet.freeze_panes = f"B{HEADER_ROW + 1}"
        self.sheet.append([self._cell(title, font=Font(bold=True, size=16))])
        self.sheet.append([self._cell(subtitle)])
        self.sheet.append([self._cell(col.header, font=Font(bold=True), fill=_HEADER_FILL, border=_BORDER,
                                      alignment=Alignment(wrap_text=True, horizontal="center", vertical="center"))
                           for col in columns])

    def _cell(self, value, **style) -> WriteOnlyCell:
        if isinstance(value, str):
            value = neutralise(value)
        cell = WriteOnlyCell(self.sheet, value=value)
        for name, setting in style.items():
            setattr(cell, name, setting)
        if isinstance(value, dt.date):
            cell.number_format = DATE_FORMAT
        return cell

    def write(self, values: list, *, light_color: str | None = None) -> None:
        cells = []
        for column, value in zip(self.columns, values, strict=True):
            style = {"alignment": _WRAP, "border": _BORDER}
            if column.kind == "light" and light_color:
                style["fill"] = PatternFill("solid", fgColor=LIGHT_FILLS[light_color])
            cells.append(self._cell(value, **style))
        self.sheet.append(cells)

    def save(self, target) -> None:
        self.book.save(target)
