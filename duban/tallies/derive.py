"""A task's light on a past day, worked out from the event log: for days nobody recorded.

Each task's state and deadline at a day's end come from the event log (every event records the
state and deadline after it); milestones done later count as undone then; the last report is the
last `task.reported` event by then. The light is then `task_light(..., today=day)` of the task's
row (`TaskRow`) as it stood.
"""
import bisect
import datetime as dt
from typing import NamedTuple

from django.db.models import Subquery
from django.utils import timezone

from duban.core.models import Event
from duban.tasks.lights import Light, task_light


def histories(task_ids_query) -> dict[int, tuple[list, list, list]]:
    """Per task: event dates, (state, deadline) after each, and report dates: one query."""
    out: dict[int, tuple[list, list, list]] = {}
    tz = timezone.get_current_timezone()
    rows = (Event.objects.filter(task_id__in=Subquery(task_ids_query)).order_by("id")
            .values_list("task_id", "at", "action", "state_after", "deadline_after"))
    # Fetched whole: on PostgreSQL .iterator() opens a server-side cursor whose fast-start plan
    # took seconds at 10,000 tasks; the rows are five small fields each.
    for task_id, at, action, state, deadline in rows:
        days, states, reports = out.setdefault(task_id, ([], [], []))
        day = timezone.localtime(at, tz).date()
        days.append(day)
        states.append((state, deadline))
        if action == "task.reported":
            reports.append(day)
    return out


class _Then(NamedTuple):
    """What `task_light` reads of a task, as it stood on a past day (cheaper to build than a copy)."""

    state: str
    deadline: dt.date | None
    closed_on: dt.date | None
    closure_requested_on: dt.date | None
    last_report_on: dt.date | None
    signed_at: dt.datetime | None
    programme: object
    milestones: list


def _as_of(row, history, day: dt.date) -> _Then | None:
    """The task's row as it stood at the end of `day`, or None if it did not exist yet."""
    days, states, reports = history
    i = bisect.bisect_right(days, day)
    if i == 0:
        return None
    state, deadline = states[i - 1]
    r = bisect.bisect_right(reports, day)
    closed_on = row.closed_on if row.closed_on and row.closed_on <= day else None
    milestones = [m if m.done_on is None or m.done_on <= day else m._replace(done_on=None) for m in row.milestones]
    return _Then(state, deadline, closed_on, row.closure_requested_on, reports[r - 1] if r else None,
                 row.signed_at, row.programme, milestones)


def light_then(row, history, day: dt.date) -> Light | None:
    """The task's light at the end of `day`, None when it did not exist yet (or has no events)."""
    then = _as_of(row, history, day) if history else None
    return None if then is None else task_light(then, today=day, milestones=then.milestones)
