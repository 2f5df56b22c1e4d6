"""Lights are derived, never stored: red, yellow or green, each with its reason.

Beside `task_light` lives the one definition of lateness (`met_on`, `punctuality`, `is_overdue`,
and `late_q`/`overdue_q` for the database), the lights themselves as database filters (`light_q`,
`light_rank`, kept in step with `task_light` by a property test), staleness (`report_since`, `is_stale`) and the planned
pace (`elapsed_percent`): the battle map, the lists, the inbox, the sweep, assessment and the
bulletins all ask here. Dates are local (Asia/Shanghai), never the UTC date of a timestamp.
"""
import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils import timezone

from duban.core import clock
from duban.core.prepared import FixedQuery
from duban.core.workdays import calendar_warning, first_day_reaching, workdays_between
from duban.tasks.models import DONE_STATES, OPEN_STATES, Programme, Task, TaskState
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


def ontime_q() -> Q:
    """`punctuality(task, today) == "ontime"` as a database filter (it does not depend on the day)."""
    asked_in_time = Q(closure_requested_on__lte=F("deadline"))
    closed_in_time = Q(closure_requested_on__isnull=True, closed_on__lte=F("deadline"))
    undated = Q(state__in=DONE_STATES, closure_requested_on__isnull=True, closed_on__isnull=True)
    finished = Q(state__in=[TaskState.CLOSURE_REQUESTED, *DONE_STATES])
    return Q(deadline__isnull=False) & ((finished & (asked_in_time | closed_in_time)) | undated)


def overdue_q(today: dt.date) -> Q:
    """`is_overdue(task, today)` as a database filter."""
    return Q(state__in=OPEN_STATES) & late_q(today)


# States whose light comes from the task's nodes (undone milestones, deadline) and its reports.
_NODAL = Q(state__in=[TaskState.DRAFT, TaskState.REVIEW, TaskState.ASSIGNED, TaskState.IN_PROGRESS]) | Q(
    state=TaskState.CLOSURE_REQUESTED, closure_requested_on__isnull=True)
_NOTHING = Q(pk__in=[])


def _before(field: str, day: dt.date | None) -> Q:
    """`field < day`, where day None stands past the calendar's end (every date is before it)."""
    return Q(**{f"{field}__lt": day}) if day else Q(**{f"{field}__isnull": False})


def _any(parts) -> Q:
    """The OR of `parts`; nothing at all (not everything, as an empty Q would be) when there are none."""
    result = _NOTHING
    for part in parts:
        result |= part
    return result


def _node_before(day: dt.date | None) -> Q:
    """Some node of the task (its deadline, an undone milestone) falls before `day`: the earliest,
    kept on the task (tasks.nodes), does."""
    return _before("next_due_on", day)


def _nodes_from(day: dt.date | None) -> Q:
    """Every node of the task falls on or after `day` (written without negating a nullable column)."""
    return Q(next_due_on__isnull=True) | (Q(next_due_on__gte=day) if day else _NOTHING)


def _since(day: dt.date | None, *, before: bool) -> Q:
    """`report_since(task) < day` (before=True) or its opposite, a missing start counting as fresh."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min)) if day else None
    if before:
        return _before("last_report_on", day) | (Q(last_report_on__isnull=True) & _before("signed_at", start))
    if day is None:
        return Q(last_report_on__isnull=True, signed_at__isnull=True)
    return Q(last_report_on__gte=day) | Q(last_report_on__isnull=True) & (
        Q(signed_at__isnull=True) | Q(signed_at__gte=start))


def _of_programmes(field: str, value: int, values) -> Q:
    """Tasks whose programme has `field` == `value`; no condition at all when every programme has
    that value (most installations keep one warning window and one reporting cycle), so the
    database need not join each task to its programme to find what holds for all of them."""
    return Q() if len(values) == 1 else Q(**{f"programme__{field}": value})


def _window_end(today: dt.date, window: int) -> dt.date | None:
    """The first day past a warning window of `window` working days from `today`: a node before it
    is inside the window (None: past the calendar's end)."""
    return first_day_reaching(today, window + 1)


PROGRAMME_TERMS = FixedQuery(lambda: Programme.objects.order_by()
                             .values_list("warning_workdays", "report_cycle_workdays").distinct())


def programme_terms() -> set[tuple[int, int]]:
    """Each (warning window, reporting cycle) some programme uses, in working days."""
    return set(PROGRAMME_TERMS.rows())


def _report_terms(today: dt.date) -> dict[int, dt.date]:
    """Each programme reporting cycle in use → the first day `cycle` working days back from `today`."""
    cycles = {c for _, c in programme_terms()}
    return {c: first_day_reaching(today, -c) for c in cycles}


def stale_q(today: dt.date | None = None, back: dict[int, dt.date] | None = None) -> Q:
    """`is_stale(task, today)` as a database filter."""
    back = back if back is not None else _report_terms(today or clock.today())
    return Q(state=TaskState.IN_PROGRESS) & _any(
        _of_programmes("report_cycle_workdays", c, back) & _since(d, before=True) for c, d in back.items())


def light_q(today: dt.date | None = None) -> dict[str, Q]:
    """`task_light(task, today=today).color` as database filters, one per colour, that split every task.

    Each programme's warning window and reporting cycle become dates once per distinct value (the
    first day `window + 1` working days on, the first day `cycle` working days back), so the
    database only compares dates: "due within the window" is "due before that day"."""
    today = today or clock.today()
    terms = programme_terms()
    near = {w: _window_end(today, w) for w in {w for w, _ in terms}}
    back = {c: first_day_reaching(today, -c) for c in {c for _, c in terms}}
    window = {w: _of_programmes("warning_workdays", w, near) for w in near}
    in_progress = Q(state=TaskState.IN_PROGRESS)
    stale = stale_q(back=back)
    fresh = ~in_progress | _any(_of_programmes("report_cycle_workdays", c, back) & _since(d, before=False)
                                for c, d in back.items())
    closed, awaiting = Q(state=TaskState.CLOSED), Q(state=TaskState.CLOSURE_REQUESTED, closure_requested_on__isnull=False)
    asked_late = Q(deadline__isnull=False, closure_requested_on__gt=F("deadline"))
    recheck_soon = _any(window[w] & _before("recheck_due_on", d) for w, d in near.items())
    recheck_later = _any(window[w] & Q(recheck_due_on__gte=d) for w, d in near.items() if d)
    return {
        Color.RED: (closed & Q(recheck_due_on__lt=today)) | (awaiting & asked_late) | (_NODAL & _node_before(today)),
        Color.YELLOW: (closed & Q(recheck_due_on__gte=today) & recheck_soon) | (_NODAL & _nodes_from(today) & (
            _any(window[w] & _node_before(d) for w, d in near.items()) | stale)),
        Color.GREEN: Q(state=TaskState.CONSOLIDATED) | (closed & (Q(recheck_due_on__isnull=True) | recheck_later))
        | (awaiting & (Q(deadline__isnull=True) | Q(closure_requested_on__lte=F("deadline"))))
        | (_NODAL & _any(window[w] & _nodes_from(d) for w, d in near.items()) & fresh),
        Color.NONE: Q(state=TaskState.CANCELLED),
    }


def recheck_due_q(today: dt.date, lights: dict[str, Q] | None = None) -> Q:
    """Closed tasks whose re-check is late or inside their programme's warning window (red or yellow).

    The lights decide; the added bound, the day past the widest window (no such task's re-check falls
    on or after it), is what lets the database read a range of the (state, re-check date) index
    instead of testing every closed task of the installation against the lights."""
    lights = lights or light_q(today)
    windows = {w for w, _ in programme_terms()}
    ends = [_window_end(today, w) for w in windows]
    bound = _before("recheck_due_on", None if None in ends else max(ends, default=today))
    return Q(state=TaskState.CLOSED) & bound & (lights[Color.RED] | lights[Color.YELLOW])


def light_rank(today: dt.date | None = None, lights: dict[str, Q] | None = None) -> Case:
    """RANK of each task's light as a database expression, to order trouble first in SQL."""
    lights = lights or light_q(today)
    return Case(*(When(lights[c], then=Value(RANK[c])) for c in (Color.RED, Color.YELLOW, Color.GREEN)),
                default=Value(RANK[Color.NONE]), output_field=IntegerField())


def elapsed_percent(start: dt.date, end: dt.date, today: dt.date) -> int:
    """The share of working days from `start` to `end` gone by `today` (序时进度), in percent."""
    total = workdays_between(start, end)
    return round(100 * workdays_between(start, today) / total) if total > 0 else 100


def worst(lights) -> Light | None:
    lights = [light for light in lights if light is not None]
    return min(lights, key=lambda light: RANK[light.color]) if lights else None
