"""The two ways a ledger sheet is read: whole by calamine when its cells are bounded, streamed by
openpyxl otherwise. They must give the same rows, and no sheet may make the whole read unbounded."""
import datetime as dt
import os
import shutil
import subprocess

import pytest
from openpyxl import Workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from duban.cli.main import main
from duban.core.sheets import GRID_CELLS
from duban.ledger import rows as ledger_rows
from duban.ledger.tests.helpers import HEADERS, inline_row, raw_xlsx
from duban.tasks.models import Task

PLAN = "2026年共同富裕30项重点任务"
NAIVE_MIDNIGHT_2035_06_30 = dt.datetime.combine(dt.date(2035, 6, 30), dt.time())  # as openpyxl gives a date cell


def _read(path, *, streamed: bool):
    with ledger_rows.open_ledger(path, streamed=streamed) as ledger:
        return ledger.sheet_title, ledger.header, [(r.number, r.cells, r.errors) for r in ledger.rows]


def _both(path):
    assert ledger_rows._read_whole(path) is not None, "calamine should read this sheet whole"
    whole, streamed = _read(path, streamed=False), _read(path, streamed=True)
    assert whole == streamed
    return whole


def _office_book(*, epoch=None) -> Workbook:
    """Shared strings and a dimension, as Excel and WPS save; the ledger on the second sheet."""
    book = Workbook()
    if epoch:
        book.epoch = epoch
    book.active.title = "填报说明"
    book.active.append(["请按下表填写，完成时限写日期"])
    sheet = book.create_sheet("重点任务台账")
    sheet.append(["2026年度重点任务督办台账"])
    sheet.append(["序号", "编号", "事项内容", "牵头单位", "配合单位", "完成时限", "责任人", "进度", "备注"])
    deadline = dt.date(2035, 6, 30)
    sheet.append([1, "ZD-001", "  推进老旧小区改造\n完成加装电梯 ", "区住建局", "区财政局、区审计局", deadline, "张三", 0.35, None])
    sheet.append([2, 2026002, "建设口袋公园", "区城管局", None, dt.datetime.combine(dt.date(2035, 7, 1), dt.time(8, 30)), "李四", 1, True])
    sheet.append([3, "ZD-003", "整治河道", None, "", deadline + dt.timedelta(days=1), None, 12.5, "=1+1"])
    sheet.append([])
    sheet.append([5, "ZD-005", "背街小巷改造", "区城管局", None, "2035年12月31日", "王五", None, "长期"])
    sheet["F3"].number_format = 'yyyy"年"m"月"d"日"'
    sheet.merge_cells("D3:D4")  # one lead unit for two rows: the merge hides row 4's own
    return book


def test_calamine_and_openpyxl_read_an_office_ledger_alike(tmp_path):
    path = tmp_path / "office.xlsx"
    _office_book().save(path)
    title, header, found = _both(path)
    assert title == "重点任务台账" and header.last_row == 2
    by_number = {number: {column.field: value for column, value in cells.items()} for number, cells, _ in found}
    assert by_number[3]["lead_unit"] == "区住建局" and by_number[3]["deadline"] == NAIVE_MIDNIGHT_2035_06_30
    assert by_number[3]["text"] == "推进老旧小区改造\n完成加装电梯"  # stripped, the line break kept
    assert by_number[4]["code"] == 2026002 and type(by_number[4]["code"]) is int
    assert by_number[4]["lead_unit"] == "区住建局" and by_number[5]["lead_unit"] is None
    assert 6 not in by_number and by_number[7]["deadline"] == "2035年12月31日"  # the empty row skipped


def test_they_agree_on_a_workbook_dated_from_1904(tmp_path):
    path = tmp_path / "mac.xlsx"
    _office_book(epoch=CALENDAR_MAC_1904).save(path)
    found = _both(path)[2]
    assert {c.field: v for c, v in found[0][1].items()}["deadline"] == NAIVE_MIDNIGHT_2035_06_30


def test_they_agree_on_inline_strings_and_cached_formulas(tmp_path):
    header = inline_row(1, HEADERS)
    row = ('<row r="2"><c r="A2" t="inlineStr"><is><t>Y-1</t></is></c>'
           '<c r="B2" t="str"><f>CONCATENATE("整改","事项")</f><v>整改事项</v></c>'
           '<c r="C2" t="inlineStr"><is><t>区审计局</t></is></c>'
           '<c r="E2"><f>DATE(2035,1,1)</f><v>48580</v></c><c r="F2" t="b"><v>1</v></c></row>')
    found = _both(raw_xlsx(tmp_path / "f.xlsx", [header, row]))[2]
    assert [(n, sorted(map(str, cells.values()))) for n, cells, _ in found] == [
        (2, sorted(["Y-1", "整改事项", "区审计局", "None", "48580", "True"]))]  # a serial with no date format


def _ledger_with(tmp_path, name: str, *extra: str):
    return raw_xlsx(tmp_path / name, [inline_row(1, HEADERS),
                                      inline_row(2, ["Z-1", "唯一的事项", "区审计局", None, "2035-01-01", None]),
                                      *extra])


def _imported_one(path, capsys):
    code = main(["ledger", "import", str(path), "--programme", PLAN, "--as", "supervisor"])
    out = capsys.readouterr()
    assert "Traceback" not in out.err + out.out
    assert code == 0 and "新建 1 条" in out.out, out.err + out.out
    assert Task.objects.get(code="Z-1").title == "唯一的事项"


@pytest.mark.parametrize("far", ["XFD1048576", "CV30000"])
def test_a_cell_far_away_makes_the_sheet_streamed_not_a_grid_of_billions(world, tmp_path, capsys, far):
    """Two cells, A1 and XFD1048576, span 17 billion: read as one grid they would end the process."""
    row = far.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    path = _ledger_with(tmp_path, "far.xlsx", f'<row r="{row}"><c r="{far}" t="inlineStr"><is><t>x</t></is></c></row>')
    assert int(row) * 100 > GRID_CELLS
    assert ledger_rows._read_whole(path) is None
    _imported_one(path, capsys)


@pytest.mark.parametrize("cell", [
    '<c r="G3" t="inlineStr"><is><t>y</t></is></c><c t="inlineStr"><is><t>x</t></is></c>',  # H3 by its order
    '<c t="inlineStr" r="G3"><is><t>x</t></is></c>',  # its reference not first
    '<c\nr="XFD1048576" t="inlineStr"><is><t>x</t></is></c>',  # a far cell the usual way would not write
    '<c r="G3" t="e"><v>#N/A</v></c>',                 # an error value calamine reads as empty
    '<c r="G3" t="d"><v>2035-01-01T00:00:00</v></c>',  # an ISO date text
])
def test_a_cell_calamine_cannot_place_or_read_alike_makes_the_sheet_streamed(world, tmp_path, capsys, cell):
    path = _ledger_with(tmp_path, "odd.xlsx", f'<row r="3">{cell}</row>')
    assert ledger_rows._read_whole(path) is None
    _imported_one(path, capsys)


def test_a_sheet_within_the_grid_is_read_whole_and_imported(world, tmp_path, capsys):
    path = _ledger_with(tmp_path, "plain.xlsx")
    assert ledger_rows._read_whole(path) is not None
    _imported_one(path, capsys)


SOFFICE = shutil.which("soffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: scripts/system-deps.sh")
@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"),
                    reason="no database is read: run once, on SQLite")
def test_they_agree_on_a_ledger_saved_by_libreoffice(tmp_path):
    """Another writer of .xlsx: its shared strings, styles and dimension, read the same both ways."""
    source = tmp_path / "office.xlsx"
    _office_book().save(source)
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path / "out"), str(source)],
                   check=True, capture_output=True, timeout=120)
    title, header, found = _both(tmp_path / "out" / "office.xlsx")
    assert title == "重点任务台账" and [n for n, _, _ in found] == [3, 4, 5, 7]
