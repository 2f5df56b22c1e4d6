"""A liaison's ledger: on its own unit's tasks, the progress columns become progress reports
(task_report), and every column that describes the task must say what the task says."""
import re
from decimal import Decimal, InvalidOperation

from duban.core.errors import DomainError
from duban.ledger import columns as c
from duban.ledger.validate import Planned, RowErrors, text_of
from duban.tasks.access import Capabilities
from duban.tasks.services.updates import task_changes

REPORT_COLUMNS = (c.LATEST, c.PROGRESS, c.RESULTS)
_DATED = re.compile(r"(.*?)\s*[（(]\d{4}-\d{2}-\d{2}[)）]\s*", re.S)
_PERCENT = re.compile(r".*?(\d{1,3})\s*[%％]\s*")
_ACTUAL = re.compile(r"(.+?)\s+(-?[\d.]+)\s*/.*")
_FIELD_COLUMN = {"title": "text", "content": "text"}  # the fields one column carries between them


def reports_only(caps: Capabilities) -> bool:
    """A liaison of the lead unit who does not supervise the task reports; it does not plan."""
    return caps.lead and not caps.supervise


def check_report_row(plan: Planned, errors: RowErrors) -> None:
    """Sets plan.report to task_report's arguments when the row reports something new; names each
    planning cell that differs from the task."""
    changes = task_changes(plan.task, plan.values)
    for name in dict.fromkeys(_FIELD_COLUMN.get(f, f) for f in changes):
        column = plan.columns.get(name)
        errors.add(plan.number, column, "联络员只能报送进展，这一列须与事项一致" if column else
                   f"联络员只能报送进展，「{name}」须与事项一致")
    plan.values = {}
    if changes:
        return
    try:
        report = _report_of(plan)
    except _CellError as exc:
        errors.add(plan.number, exc.column, exc.message)
        return
    plan.report = report if _is_new(plan, report) else None
    if plan.report and not report["text"]:
        errors.add(plan.number, c.LATEST, "请填写最新进展，才能报送完成情况或成效数据")


class _CellError(DomainError):
    def __init__(self, column: c.Column, message: str):
        super().__init__(message)
        self.column = column


def _report_of(plan: Planned) -> dict:
    cells = {col: text_of(value) for col, value in plan.cells.items()}
    text = _DATED.fullmatch(cells.get(c.LATEST, "")) or None
    text = (text.group(1) if text else cells.get(c.LATEST, "")).strip()
    percent = plan.task.percent
    if cells.get(c.PROGRESS):
        match = _PERCENT.fullmatch(cells[c.PROGRESS])
        if not match or int(match.group(1)) > 100:
            raise _CellError(c.PROGRESS, '完成进度应写成0到100的百分数，如"进行中，60%"')
        percent = int(match.group(1))
    return {"text": text, "percent": percent, "target_actuals": _actuals(cells.get(c.RESULTS, ""))}


def _actuals(text: str) -> dict:
    actuals = {}
    for item in re.split(r"[;；\n]+", text.strip()):
        if not item.strip():
            continue
        match = _ACTUAL.fullmatch(item.strip())
        try:
            actuals[match.group(1).strip()] = Decimal(match.group(2)) if match else None
        except InvalidOperation:
            match = None
        if not match:
            raise _CellError(c.RESULTS, f'成效数据"{item}"应写成 指标 实际值/目标值，如"清理欠款 300/500万元"')
    return actuals


def _is_new(plan: Planned, report: dict) -> bool:
    targets = {t.metric: t.actual_value for t in plan.task.targets.all()}
    changed_actuals = {m: v for m, v in report["target_actuals"].items() if targets.get(m) != v}
    report["target_actuals"] = changed_actuals
    latest = plan.task.reports.order_by("-reported_on", "-pk").values_list("text", flat=True).first()
    return bool(changed_actuals) or report["percent"] != plan.task.percent or report["text"] != (latest or "")
