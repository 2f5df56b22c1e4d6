"""The data rows of a ledger: merged cells filled in, formulas read by cached value.

A sheet that core.sheets finds `gridded` (every cell placed by its reference, spanning at most
GRID_CELLS, found before anything is parsed) is read whole by calamine, twelve times openpyxl's
speed; any other sheet is streamed by openpyxl in read-only mode, in bounded memory. The two give
the same values (a test holds them to it).
"""
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext

from duban.core import sheets
from duban.core.errors import DomainError
from duban.ledger import reader as r
from duban.ledger.columns import Column


@dataclass
class RawRow:
    number: int                     # the row number Excel shows
    cells: dict[Column, object]
    errors: list[str]


@dataclass
class OpenLedger:
    header: r.Header
    rows: Iterator[RawRow]
    sheet_title: str


SHEETS = 10  # the worksheets looked at for a ledger header


@contextmanager
def open_ledger(path, *, streamed: bool = False) -> Iterator[OpenLedger]:
    """Checks the container, finds the sheet with a ledger header, and gives its rows (`streamed`:
    through openpyxl whatever the sheet)."""
    path = Path(path)
    r.check_container(path)
    ledger = None if streamed else _read_whole(path)
    if ledger is not None:
        yield ledger
        return
    book = sheets.open_workbook(path)
    try:
        sheet, header = _ledger_sheet(book)
        with zipfile.ZipFile(path) as archive:
            scan = sheets.scan_sheet(archive, sheet._worksheet_path)
        blanks = _uncached_formulas(path, book.sheetnames.index(sheet.title), header) if scan.has_formulas else set()
        rows = sheet.iter_rows(min_row=header.last_row + 1, max_col=r.MAX_COLUMNS, values_only=True)
        yield OpenLedger(header, _rows(sheets.guarded(rows), header, scan.merges, blanks), sheet.title)
    finally:
        book.close()


def _ledger_sheet(book):
    for sheet in book.worksheets[:SHEETS]:
        top = [row for row in sheets.guarded(sheet.iter_rows(max_row=r.HEADER_SCAN_ROWS, max_col=r.MAX_COLUMNS,
                                                        values_only=True))]
        header = r.find_header(top)
        if header:
            return sheet, header
    raise _no_header()


def _no_header() -> DomainError:
    return DomainError(gettext("找不到台账表头：前20行里没有「事项内容」「牵头单位」「完成时限」这样的列名"))


def _read_whole(path: Path) -> OpenLedger | None:
    """The ledger read by calamine, or None when a sheet it would look at is not `gridded`."""
    with zipfile.ZipFile(path) as archive:
        scanned = sheets.gridded_sheets(archive, SHEETS)
    if scanned is None:
        return None
    with sheets.calamine_book(path) as grid:
        for index, (title, scan) in enumerate(scanned):
            cells = grid(title)
            top = [tuple(sheets.as_openpyxl(v) for v in row[:r.MAX_COLUMNS]) for row in cells[:r.HEADER_SCAN_ROWS]]
            if header := r.find_header(top):
                blanks = _uncached_formulas(path, index, header) if scan.has_formulas else set()
                return OpenLedger(header, _rows(iter(cells[header.last_row:]), header, scan.merges, blanks,
                                                plain=sheets.as_openpyxl), title)
    raise _no_header()


def _uncached_formulas(path: Path, index: int, header: r.Header) -> set[tuple[int, int]]:
    """Cells holding a formula; the main pass refuses those without a cached value."""
    book = sheets.open_workbook(path, data_only=False)
    try:
        found, empty = set(), 0
        rows = book.worksheets[index].iter_rows(min_row=header.last_row + 1, max_col=r.MAX_COLUMNS)
        for number, row in enumerate(sheets.guarded(rows), start=header.last_row + 1):
            empty = 0 if any(c.value is not None for c in row) else empty + 1
            if empty > r.EMPTY_RUN:
                break
            found.update((number, i) for i, c in enumerate(row) if c.data_type == "f")
        return found
    finally:
        book.close()


def _rows(rows: Iterator, header: r.Header, merges, formulas, *, plain: Callable = lambda v: v) -> Iterator[RawRow]:
    """The data rows below the header, each cell of a known column `plain`ed."""
    covered = _covered(merges, header.last_row)
    anchors: dict[tuple[int, int], object] = {}
    empty, count = 0, 0
    for number, values in enumerate(rows, start=header.last_row + 1):
        cells, errors = {}, []
        for index, column in header.columns.items():
            value = plain(values[index]) if index < len(values) else None
            anchor = covered.get((number, index + 1))
            if anchor == (number, index + 1):
                anchors[anchor] = value
            elif anchor:
                value = anchors.get(anchor)
            cells[column] = _checked(value, number, column, (number, index) in formulas, errors)
        if all(v in (None, "") for v in cells.values()):
            empty += 1
            if empty >= r.EMPTY_RUN:
                return
            continue
        empty, count = 0, count + 1
        if count > r.MAX_DATA_ROWS:
            raise DomainError(gettext("台账超过%(most)s行，请分成几个文件导入") % {"most": r.MAX_DATA_ROWS})
        yield RawRow(number, cells, errors)


def _covered(merges, header_row: int) -> dict[tuple[int, int], tuple[int, int]]:
    """Every cell of a merged range below the header → the range's top-left cell."""
    covered: dict[tuple[int, int], tuple[int, int]] = {}
    for min_row, min_col, max_row, max_col in merges:
        if max_row <= header_row:
            continue
        if len(covered) + (max_row - min_row + 1) * (max_col - min_col + 1) > r.MAX_MERGED_CELLS:
            raise DomainError(gettext("合并单元格过多，请取消合并后再导入"))
        for row in range(min_row, max_row + 1):
            for col in range(min_col, max_col + 1):
                covered[(row, col)] = (min_row, min_col)
    return covered


def _checked(value, number: int, column: Column, formula: bool, errors: list[str]):
    if formula and value is None:
        errors.append(gettext("第%(row)s行「%(column)s」: 是公式且文件里没有计算结果，请在Excel中打开保存，或把公式粘贴为数值后再导入")
                      % {"row": number, "column": column.header})
    if isinstance(value, str) and len(value) > r.MAX_CELL_CHARS:
        errors.append(gettext("第%(row)s行「%(column)s」: 内容有%(length)s个字符，超过单元格上限%(most)s个字符")
                      % {"row": number, "column": column.header, "length": len(value), "most": r.MAX_CELL_CHARS})
        return None
    return value.strip() if isinstance(value, str) else value
