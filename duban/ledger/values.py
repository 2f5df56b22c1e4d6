"""Cell texts both ways: what export writes for a field is exactly what import reads back."""
import re
from decimal import Decimal, InvalidOperation

from duban.core.errors import DomainError
from duban.ledger import columns as c
from duban.ledger.dates import ONGOING, parse_ledger_date
from duban.ledger.selectors import Record, local_date
from duban.tasks.models import RectificationClass, SourceKind, Task

TITLE_MAX = 300
LIST_SEP = re.compile(r"[、,，;；\n]+")
ITEM_SEP = re.compile(r"[;；\n]+")
DONE_MARK = "（已完成）"
SOURCE_BY_NAME = {**{label: value for value, label in SourceKind.choices}, **{v: v for v in SourceKind.values}}
CLASS_BY_NAME = {**{label: value for value, label in RectificationClass.choices},
                 **{v: v for v in RectificationClass.values}}


def task_text(task: Task) -> str:
    """事项内容: the title on the first line, the content below it."""
    if not task.content:
        return task.title
    if task.title.endswith("…") and task.content.startswith(task.title[:-1]):
        return task.content
    return f"{task.title}\n{task.content}"


def split_text(text: str) -> tuple[str, str]:
    first, _, rest = text.strip().partition("\n")
    first = first.strip()
    if len(first) > TITLE_MAX:
        # A long paragraph: a shortened title, and all of it kept as content.
        return first[:TITLE_MAX - 1] + "…", text.strip()
    return first, rest.strip()


def person_name(user) -> str:
    return (user.display_name or user.username) if user else ""


def milestones_text(task: Task) -> str:
    return "；".join(f"{m.due_on.isoformat()} {m.name}{DONE_MARK if m.done_on else ''}"
                     for m in task.milestones.all())


_NODE = re.compile(r"(\S+?)[\s:：,，]+(.+)")


def parse_milestones(text: str, *, year: int) -> list[dict]:
    result = []
    for item in ITEM_SEP.split(text.strip()):
        item = item.strip()
        if not item:
            continue
        match = _NODE.fullmatch(item)
        if not match:
            raise DomainError(f'节点"{item}"应写成 日期 节点名称，如"2026-06-30 完成主体工程"')
        due, _ = parse_ledger_date(match.group(1), year=year)
        if due is None:
            raise DomainError(f'节点"{item}"缺少日期')
        name = match.group(2).strip().removesuffix(DONE_MARK)
        result.append({"name": name, "due_on": due})
    return result


def targets_text(task: Task) -> str:
    return "；".join(f"{t.metric}={_num(t.target_value)}{t.unit_of_measure}" for t in task.ledger_targets)


def results_text(task: Task) -> str:
    return "；".join(f"{t.metric} {_num(t.actual_value)}/{_num(t.target_value)}{t.unit_of_measure}"
                     for t in task.ledger_targets if t.actual_value is not None)


_TARGET = re.compile(r"(.+?)\s*[=＝]\s*(-?[\d.]+)\s*(.*)")


def parse_targets(text: str) -> list[dict]:
    result = []
    for item in ITEM_SEP.split(text.strip()):
        item = item.strip()
        if not item:
            continue
        match = _TARGET.fullmatch(item)
        try:
            value = Decimal(match.group(2)) if match else None
        except InvalidOperation:
            value = None
        if value is None:
            raise DomainError(f'整改目标"{item}"应写成 指标=目标值单位，如"清理欠款=500万元"')
        result.append({"metric": match.group(1).strip(), "target": value, "unit_of_measure": match.group(3).strip()})
    return result


def _num(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def names(text: str) -> list[str]:
    return [n.strip() for n in LIST_SEP.split(text.strip()) if n.strip()]


def deadline_value(task: Task):
    return task.deadline or ONGOING[0]


def export_value(column: c.Column, task: Task, light, record: Record):
    """The cell of `column` for one task."""
    getter = _GETTERS[column.header]
    return getter(task, light, record)


def _latest(record: Record) -> str:
    report = record.latest
    return f"{report.text}（{report.reported_on.isoformat()}）" if report else ""


_GETTERS = {
    "编号": lambda t, _, __: t.code,
    "来源类型": lambda t, _, __: t.get_source_kind_display(),
    "来源文件/文号": lambda t, _, __: t.source_ref,
    "事项内容": lambda t, _, __: task_text(t),
    "问题描述": lambda t, _, __: task_text(t),
    "交办领导/批示": lambda t, _, r: "\n".join(r.instructions),
    "牵头单位": lambda t, _, __: t.lead_unit.name,
    "责任领导": lambda t, _, __: person_name(t.responsible_leader),
    "责任人": lambda t, _, __: t.responsible_person,
    "配合单位": lambda t, _, __: "、".join(sorted(u.name for u in t.co_units.all())),
    "完成时限": lambda t, _, __: deadline_value(t),
    "节点计划": lambda t, _, __: milestones_text(t),
    "签收时间": lambda t, _, __: local_date(t.signed_at),
    "最新进展/报送日期": lambda t, _, r: _latest(r),
    "佐证材料": lambda t, _, r: "、".join(r.evidence),
    "灯色": lambda t, light, _: f"{light.label}（{light.reason}）",
    "催办次数": lambda t, _, r: r.urges,
    "办结申请日期": lambda t, _, __: t.closure_requested_on,
    "复核意见": lambda t, _, r: r.review,
    "销号日期": lambda t, _, __: t.closed_on,
    "考评得分": lambda t, _, r: r.score,
    "备注": lambda t, _, __: t.remarks,
    "督办项目": lambda t, _, __: t.programme.name,
    "问题类别": lambda t, _, __: t.problem_category,
    "整改类型": lambda t, _, __: t.get_rectification_class_display() if t.rectification_class else "",
    "整改目标": lambda t, _, __: targets_text(t),
    "整改措施": lambda t, _, __: t.measures,
    "完成情况": lambda t, _, __: f"{t.get_state_display()}，{t.percent}%",
    "成效数据": lambda t, _, __: results_text(t),
    "回头看结果": lambda t, _, r: r.recheck,
    "公开情况": lambda t, _, __: None,
}
