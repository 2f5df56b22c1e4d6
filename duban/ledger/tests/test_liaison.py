"""A liaison reports through the ledger: its unit's progress columns become reports, nothing else moves."""
from decimal import Decimal

from openpyxl import load_workbook

from duban.ledger.export import ledger_export
from duban.ledger.importer import ledger_import
from duban.tasks.models import ProgressReport, Task


def _exported(world, path):
    ledger_export(actor=world.liaison, target=path, programme=world.programme.name)
    book = load_workbook(path)
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[3]]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=4)}
    return book, rows, headers.index


def _targeted(world):
    return world.task(state="in_progress", targets=[{"metric": "清理欠款", "target": Decimal(500),
                                                     "unit_of_measure": "万元"}])


def test_it_turns_a_liaisons_progress_columns_into_a_report(world, tmp_path):
    task, other = _targeted(world), world.task(state="in_progress", title="另一事项")
    path = tmp_path / "l.xlsx"
    book, rows, col = _exported(world, path)
    rows[task.code][col("最新进展/报送日期")].value = "已清理欠款300万元"
    rows[task.code][col("完成情况")].value = "进行中，60%"
    rows[task.code][col("成效数据")].value = "清理欠款 300/500万元"
    book.save(path)
    result = ledger_import(actor=world.liaison, path=path)
    assert result.errors == [] and result.reported == 1 and result.unchanged == 1
    task.refresh_from_db()
    report = ProgressReport.objects.get(task=task)
    assert (report.text, report.percent, task.percent) == ("已清理欠款300万元", 60, 60)
    assert task.targets.get().actual_value == 300
    assert not ProgressReport.objects.filter(task=other).exists()
    again = ledger_import(actor=world.liaison, path=path)
    assert again.reported == 0 and ProgressReport.objects.filter(task=task).count() == 1


def test_it_refuses_a_liaisons_row_that_changes_the_plan_naming_row_and_column(world, tmp_path):
    task, other = _targeted(world), world.task(state="in_progress", title="另一事项")
    path = tmp_path / "l.xlsx"
    book, rows, col = _exported(world, path)
    rows[task.code][col("完成情况")].value = "进行中，80%"
    number = rows[other.code][0].row
    rows[other.code][col("完成时限")].value = "2027-12-31"
    rows[other.code][col("牵头单位")].value = "区住房和城乡建设局"
    book.save(path)
    result = ledger_import(actor=world.liaison, path=path)
    assert f"第{number}行「完成时限」: 联络员只能报送进展，这一列须与事项一致" in result.errors
    assert f"第{number}行「牵头单位」: 联络员只能报送进展，这一列须与事项一致" in result.errors
    assert not ProgressReport.objects.exists()  # all or nothing: the good row is not reported either
    assert Task.objects.get(pk=task.pk).percent == task.percent


def test_it_keeps_another_units_liaison_off_the_rows(world, tmp_path):
    task = world.task(state="in_progress")
    path = tmp_path / "l.xlsx"
    book, rows, col = _exported(world, path)
    number = rows[task.code][0].row
    rows[task.code][col("完成情况")].value = "进行中，90%"
    book.save(path)
    result = ledger_import(actor=world.outsider, path=path)
    assert f"第{number}行: 编号「{task.code}」已被使用" in result.errors
    assert not ProgressReport.objects.exists()


def test_it_refuses_a_progress_that_is_not_a_percentage(world, tmp_path):
    task = world.task(state="in_progress")
    path = tmp_path / "l.xlsx"
    book, rows, col = _exported(world, path)
    rows[task.code][col("完成情况")].value = "差不多了"
    book.save(path)
    result = ledger_import(actor=world.liaison, path=path)
    assert any(e.startswith(f"第{rows[task.code][0].row}行「完成情况」: 完成进度应写成") for e in result.errors)


def test_it_asks_for_the_progress_text_with_a_new_percentage(world, tmp_path):
    task = world.task(state="in_progress")
    path = tmp_path / "l.xlsx"
    book, rows, col = _exported(world, path)
    rows[task.code][col("完成情况")].value = "进行中，70%"
    book.save(path)
    result = ledger_import(actor=world.liaison, path=path)
    assert result.errors == [f"第{rows[task.code][0].row}行「最新进展/报送日期」: 请填写最新进展，才能报送完成情况或成效数据"]
