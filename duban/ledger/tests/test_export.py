"""What an office sees when it opens an exported ledger."""
import datetime as dt

import pytest
from openpyxl import load_workbook

from duban.cli.main import main
from duban.ledger.export import ledger_export
from duban.ledger.tests.helpers import later


def _sheet(path):
    return load_workbook(path).worksheets[0]


def _row_of(sheet, code):
    headers = [c.value for c in sheet[3]]
    for row in sheet.iter_rows(min_row=4):
        if row[0].value == code:
            return {h: c for h, c in zip(headers, row, strict=False)}
    raise AssertionError(code)


def test_it_writes_the_rectification_layout_for_an_audit_programme(world, tmp_path):
    task = world.task(state="in_progress")
    path = tmp_path / "l.xlsx"
    ledger_export(actor=world.supervisor, target=path, programme=world.programme.name)
    sheet = _sheet(path)
    assert sheet["A1"].value == "2026年度审计项目计划整改台账"
    assert "导出日期" in sheet["A2"].value and "单位：钱塘区" in sheet["A2"].value
    headers = [c.value for c in sheet[3]]
    assert {"问题类别", "问题描述", "整改类型", "整改目标", "整改措施", "完成情况", "成效数据", "回头看结果",
            "公开情况"} <= set(headers)
    assert sheet.freeze_panes == "B4"
    row = _row_of(sheet, task.code)
    assert row["完成时限"].is_date and row["完成时限"].value.date() == task.deadline
    assert row["签收时间"].is_date
    assert row["事项内容" if "事项内容" in row else "问题描述"].alignment.wrap_text


def test_it_writes_the_supervision_layout_for_a_plan(world, tmp_path):
    world.task(programme=world.reviewed.name)
    path = tmp_path / "l.xlsx"
    ledger_export(actor=world.supervisor, target=path, programme=world.reviewed.name)
    assert [c.value for c in _sheet(path)[3]][:4] == ["编号", "来源类型", "来源文件/文号", "事项内容"]


def test_it_colours_and_labels_the_light(world, tmp_path):
    from duban.core import clock

    task = world.task(deadline=later(2), state="in_progress")
    path = tmp_path / "l.xlsx"
    ledger_export(actor=world.supervisor, target=path)
    cell = _row_of(_sheet(path), task.code)["灯色"]
    assert cell.value.startswith("黄（") and "工作日" in cell.value
    assert cell.fill.fgColor.rgb.endswith("FFEB9C")
    with clock.travel(task.deadline + dt.timedelta(days=10)):
        ledger_export(actor=world.supervisor, target=path)
    cell = _row_of(_sheet(path), task.code)["灯色"]
    assert cell.value.startswith("红（已逾期") and cell.fill.fgColor.rgb.endswith("FFC7CE")


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "'=already"])
def test_it_neutralises_text_a_spreadsheet_would_run(world, tmp_path, text):
    task = world.task(remarks=text)
    path = tmp_path / "l.xlsx"
    ledger_export(actor=world.supervisor, target=path)
    cell = _row_of(_sheet(path), task.code)["备注"]
    assert cell.data_type == "s" and cell.value == "'" + text


def test_it_exports_only_what_the_user_sees(world, tmp_path):
    world.task(lead_unit="区审计局", co_units=())
    world.task(lead_unit="白杨街道", co_units=(), title="街道事项")
    path = tmp_path / "l.xlsx"
    ledger_export(actor=world.outsider, target=path)
    assert _sheet(path).max_row == 3
    ledger_export(actor=world.street_supervisor, target=path)
    assert [r[3] for r in _sheet(path).iter_rows(min_row=4, values_only=True)] == ["街道事项"]


def test_it_exports_from_the_command_line_filtered_by_light(world, tmp_path, capsys):
    world.task(deadline=later(2), state="in_progress", title="快到期")
    world.task(deadline=later(90), title="不急")
    path = tmp_path / "l.xlsx"
    assert main(["ledger", "export", "--as", "supervisor", "--light", "yellow", "--out", str(path)]) == 0
    assert "已导出 1 条" in capsys.readouterr().out
    assert [r[3] for r in _sheet(path).iter_rows(min_row=4, values_only=True)] == ["快到期"]
