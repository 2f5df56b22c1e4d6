"""Lights are derived, never stored: red, yellow or green, each with its reason.

Beside `task_light` lives the one definition of lateness (`met_on`, `punctuality`, `is_overdue`,
and `late_q`/`overdue_q` for the database), staleness (`report_since`, `is_stale`) and the planned
pace (`elapsed_percent`): the battle map, the lists, the inbox, the sweep, assessment and the
bulletins all ask here. Dates are local (Asia/Shanghai), never the UTC date of a timestamp.
"""
import datetime as dt
from dataclasses import dataclass

from django.db.models import F, Q
from django.utils import timezone

from duban.core import clock
from duban.core.workdays import calendar_warning, workdays_between
from duban.tasks.models import DONE_STATES, OPEN_STATES, Task, TaskState


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
    if is_stale(task, today):
        return f"已{workdays_between(report_since(task), today)}个工作日未报送进展"
    return ""


def report_since(task) -> dt.date | None:
    """The local day the reporting clock last started: the last report, else the sign-off."""
    if task.last_report_on:
        return task.last_report_on
    return timezone.localdate(task.signed_at) if task.signed_at else None


def is_stale(task, today: dt.date) -> bool:
    """An in-progress task whose unit has not reported for longer than the programme's cycle."""
    since = report_since(task) if task.state == TaskState.IN_PROGRESS else None
    return bool(since) and workdays_between(since, today) > task.programme.report_cycle_workdays


def met_on(task) -> dt.date | None:
    """The day the unit finished its part: it asked for the closure that stands (or was closed).
    The unit's clock stops there, whatever the reviewer's pace."""
    if task.state == TaskState.CLOSURE_REQUESTED or task.state in DONE_STATES:
        return task.closure_requested_on or task.closed_on
    return None


def punctuality(task, today: dt.date) -> str:
    """"ontime" when finished by its deadline, "late" when finished after it or still not finished
    past it, "" when not yet known (or no deadline, or cancelled)."""
    if task.state == TaskState.CANCELLED or task.deadline is None:
        return ""
    done = met_on(task)
    if done is not None:
        return "ontime" if done <= task.deadline else "late"
    if task.state in DONE_STATES:
        return "ontime"  # closed without a recorded day: nothing says it was late
    return "late" if task.deadline < today else ""


def is_overdue(task, today: dt.date) -> bool:
    """Still open and late: past its deadline and not asked to be closed by then."""
    return task.state in OPEN_STATES and punctuality(task, today) == "late"


def late_q(today: dt.date, prefix: str = "") -> Q:
    """`punctuality(task, today) == "late"` as a database filter (written without negations, which
    SQL's NULLs would turn)."""
    def q(**kwargs) -> Q:
        return Q(**{f"{prefix}{k}": F(f"{prefix}{v.name}") if isinstance(v, F) else v for k, v in kwargs.items()})

    finished = q(state__in=[TaskState.CLOSURE_REQUESTED, *DONE_STATES])
    asked_late = q(closure_requested_on__gt=F("deadline"))
    closed_late = q(closure_requested_on__isnull=True, closed_on__gt=F("deadline"))
    unfinished = q(state__in=[s for s in OPEN_STATES if s != TaskState.CLOSURE_REQUESTED])
    asked_undated = q(state=TaskState.CLOSURE_REQUESTED, closure_requested_on__isnull=True, closed_on__isnull=True)
    return q(deadline__isnull=False) & ((finished & (asked_late | closed_late))
                                        | ((unfinished | asked_undated) & q(deadline__lt=today)))


def overdue_q(today: dt.date) -> Q:
    """`is_overdue(task, today)` as a database filter."""
    return Q(state__in=OPEN_STATES) & late_q(today)


def elapsed_percent(start: dt.date, end: dt.date, today: dt.date) -> int:
    """The share of working days from `start` to `end` gone by `today` (序时进度), in percent."""
    total = workdays_between(start, end)
    return round(100 * workdays_between(start, today) / total) if total > 0 else 100


def worst(lights) -> Light | None:
    lights = [light for light in lights if light is not None]
    return min(lights, key=lambda light: RANK[light.color]) if lights else None
