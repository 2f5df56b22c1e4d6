"""The first sheet of an uploaded workbook (audit ledgers, inspection problem lists, audit data)
reads the same whether calamine reads it whole or openpyxl streams it, and a sheet calamine could
not bound is streamed."""
import datetime as dt
import zipfile

import pytest
from openpyxl import Workbook

from duban.core import sheets
from duban.core.errors import DomainError


def _rows(path, **kw):
    with sheets.first_sheet_rows(path, **kw) as rows:
        return [tuple(row) for row in rows]


def _streamed(path, monkeypatch, **kw):
    with monkeypatch.context() as patch:
        patch.setattr(sheets, "gridded_sheets", lambda archive, count: None)
        return _rows(path, **kw)


def _trimmed(rows):
    """openpyxl pads each row to the sheet's width or to max_col; calamine ends at the last used column."""
    out = [tuple(row) for row in rows]
    width = max((i + 1 for row in out for i, v in enumerate(row) if v is not None), default=0)
    return [row[:width] + (None,) * (width - len(row[:width])) for row in out]


def _transactions(path):
    book = Workbook()
    sheet = book.active
    sheet.title = "凭证"
    sheet.append(["凭证号", "日期", "金额", "摘要", "科目"])
    sheet.append(["记-001", dt.date(2026, 3, 1), 1280.5, "  办公用品 ", 6602])
    sheet.append(["记-002", dt.datetime.combine(dt.date(2026, 3, 2), dt.time(9, 15)), 3000, None, "6602.01"])
    sheet.append([])
    sheet.append(["记-004", "2026-03-04", -12.75, "冲销", True])
    book.create_sheet("说明").append(["不读这一页"])
    book.save(path)
    return path


@pytest.mark.parametrize("max_col", [None, 100])
def test_calamine_and_openpyxl_give_the_first_sheet_alike(tmp_path, monkeypatch, max_col):
    path = _transactions(tmp_path / "凭证.xlsx")
    with zipfile.ZipFile(path) as archive:
        assert sheets.gridded_sheets(archive, 1) is not None  # read whole
    whole = _rows(path, max_col=max_col)
    assert _trimmed(whole) == _trimmed(_streamed(path, monkeypatch, max_col=max_col))
    assert whole[1] == ("记-001", dt.datetime.combine(dt.date(2026, 3, 1), dt.time()), 1280.5, "  办公用品 ", 6602)
    assert type(whole[2][2]) is int and whole[3] == (None,) * 5 and whole[4][4] is True


def test_a_sheet_with_a_far_cell_is_streamed(tmp_path, monkeypatch):
    path = tmp_path / "far.xlsx"
    book = Workbook()
    book.active.append(["凭证号", "金额"])
    book.active["XFD1048576"] = "远处的一格"
    book.save(path)
    with zipfile.ZipFile(path) as archive:
        assert sheets.gridded_sheets(archive, 1) is None
    rows = _rows(path, max_col=3)
    assert rows[0] == ("凭证号", "金额", None) and len(rows) == 1_048_576


def test_a_damaged_sheet_is_a_clear_error_from_either_reader(tmp_path, monkeypatch):
    path = _transactions(tmp_path / "坏.xlsx")
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", b"<row r=\"9\"><c r=\"A9\" t=\"s\"><v>99999</v></c></row></sheetData>")
            target.writestr(info, data)
    for read in (lambda: _rows(broken), lambda: _streamed(broken, monkeypatch)):
        with pytest.raises(DomainError, match="无法读取工作簿"):
            read()
