"""The 12-week trend of red, yellow and green, derived rather than stored.

Each task's state and deadline at a week's end come from the event log (every event records the
state and deadline after it); milestones done later count as undone then; the last report is the
last `task.reported` event by then. The light is then `task_light(..., today=week_end)` of the
task's row (`TaskRow`) as it stood.
"""
import bisect
import datetime as dt
from collections import Counter
from typing import NamedTuple

from django.core.cache import cache
from django.db.models import Subquery
from django.utils import timezone

from duban.core.models import Event

WEEKS = 12
# A past week's end is history: events are only ever appended at "now", so its counts cannot change
# through the system. They are kept for the rest of the day instead of recomputed on every visit.
CACHE_SECONDS = 24 * 3600


def week_ends(today: dt.date, weeks: int = WEEKS) -> list[dt.date]:
    """The Sundays ending the last `weeks` weeks, the current week's end being today."""
    ends = [today]
    last_sunday = today - dt.timedelta(days=(today.weekday() + 1) % 7 or 7)
    while len(ends) < weeks:
        ends.append(last_sunday)
        last_sunday -= dt.timedelta(days=7)
    return sorted(ends)


def _history(task_ids_query) -> dict[int, tuple[list, list, list]]:
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


def _count(rows, histories, day: dt.date, light_of) -> Counter:
    counts: Counter = Counter()
    for row in rows:
        history = histories.get(row.pk)
        then = _as_of(row, history, day) if history else None
        if then is not None:
            counts[light_of(then, today=day, milestones=then.milestones).color] += 1
    return counts


def light_trend(rows, task_ids_query, *, today: dt.date, light_of, current: Counter, scope: str) -> list[dict]:
    """[{week_end, red, yellow, green}] over the last 12 weeks; `current` holds today's counts.

    `scope` names whose tasks these are (e.g. the user), for the cache of past weeks.
    """
    ends = week_ends(today)
    keys = {d: f"duban:trend:{scope}:{today.isoformat()}:{d.isoformat()}" for d in ends[:-1]}
    known = cache.get_many(list(keys.values()))
    missing = [d for d in ends[:-1] if keys[d] not in known]
    if missing:
        histories = _history(task_ids_query)
        fresh = {keys[d]: dict(_count(rows, histories, d, light_of)) for d in missing}
        cache.set_many(fresh, CACHE_SECONDS)
        known.update(fresh)
    counts = [Counter(known[keys[d]]) for d in ends[:-1]] + [current]
    return [{"week_end": d.isoformat(), "label": f"{d.month}/{d.day}", "red": c["red"],
             "yellow": c["yellow"], "green": c["green"]} for d, c in zip(ends, counts, strict=True)]
