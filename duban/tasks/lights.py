"""Lights are derived, never stored: red, yellow or green, each with its reason."""
import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from duban.core import clock
from duban.core.workdays import calendar_warning, workdays_between
from duban.tasks.models import DONE_STATES, Task, TaskState
from duban.tasks.recheck import recheck_light


class Color:
    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"
    NONE = "none"  # cancelled tasks carry no light


LABELS = {Color.RED: "红", Color.YELLOW: "黄", Color.GREEN: "绿", Color.NONE: "无"}
RANK = {Color.RED: 0, Color.YELLOW: 1, Color.GREEN: 2, Color.NONE: 3}


@dataclass(frozen=True)
class Light:
    color: str
    reason: str
    note: str = ""  # e.g. that a year's holidays are unknown and weekends were assumed

    @property
    def label(self) -> str:
        return LABELS[self.color]

    def as_dict(self) -> dict:
        return {"color": self.color, "label": self.label, "reason": self.reason, "note": self.note}


def _md(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def _nodes(task: Task, milestones) -> list[tuple[str, dt.date]]:
    nodes = [(f"节点「{m.name}」", m.due_on) for m in milestones if m.done_on is None]
    if task.deadline:
        nodes.append(("完成时限", task.deadline))
    return sorted(nodes, key=lambda n: n[1])


def task_light(task: Task, *, today: dt.date | None = None, milestones=None) -> Light:
    """The light of one task; pass `milestones` when they are already loaded (lists do)."""
    today = today or clock.today()
    if task.state == TaskState.CANCELLED:
        return Light(Color.NONE, "已撤销")
    if task.state == TaskState.CONSOLIDATED:
        return Light(Color.GREEN, "回头看已巩固")
    if task.state == TaskState.CLOSED and (recheck := recheck_light(task, today)):
        return recheck
    if task.state in DONE_STATES:
        return Light(Color.GREEN, f"已销号 · {_md(task.closed_on)}" if task.closed_on else "已销号")
    if task.state == TaskState.CLOSURE_REQUESTED and task.closure_requested_on:
        return _awaiting_review(task)
    milestones = list(task.milestones.all()) if milestones is None else milestones
    nodes = _nodes(task, milestones)
    note = calendar_warning(today, *(d for _, d in nodes))
    overdue = [(name, due) for name, due in nodes if due < today]
    if overdue:
        name, due = overdue[0]
        late = max(workdays_between(due, today), 1)
        what = "已逾期" if name == "完成时限" else f"{name}已逾期"
        return Light(Color.RED, f"{what}{late}个工作日", note)
    window = task.programme.warning_workdays
    for name, due in nodes:
        left = workdays_between(today, due)
        if left <= window:
            return Light(Color.YELLOW, f"{name}剩{left}个工作日 · {_md(due)}", note)
    stale = _stale_reason(task, today)
    if stale:
        return Light(Color.YELLOW, stale, note)
    if not task.deadline:
        return Light(Color.GREEN, "长期坚持，按期报送", note)
    return Light(Color.GREEN, f"剩{workdays_between(today, task.deadline)}个工作日 · {_md(task.deadline)}", note)


def _awaiting_review(task: Task) -> Light:
    """The unit's clock stops when it asks for closure: lateness is judged on the request day."""
    asked = task.closure_requested_on
    if task.deadline and asked > task.deadline:
        late = workdays_between(task.deadline, asked)
        return Light(Color.RED, f"逾期{late}个工作日后申请销号，待审核")
    return Light(Color.GREEN, f"{_md(asked)}按期申请销号，待审核")


def _stale_reason(task: Task, today: dt.date) -> str:
    if task.state not in (TaskState.IN_PROGRESS,):
        return ""
    since = task.last_report_on or (task.signed_at and timezone.localdate(task.signed_at))
    if not since:
        return ""
    gap = workdays_between(since, today)
    if gap > task.programme.report_cycle_workdays:
        return f"已{gap}个工作日未报送进展"
    return ""


def worst(lights) -> Light | None:
    lights = [light for light in lights if light is not None]
    return min(lights, key=lambda light: RANK[light.color]) if lights else None
