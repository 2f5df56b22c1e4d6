"""The 12-week trend of red, yellow and green, derived rather than stored.

Each task's state and deadline at a week's end come from the event log (every event records the
state and deadline after it); milestones done later count as undone then; the last report is the
last `task.reported` event by then. The light is then `task_light(..., today=week_end)`.
"""
import bisect
import copy
import datetime as dt
from collections import Counter

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
    rows = (Event.objects.filter(task_id__in=Subquery(task_ids_query)).order_by("seq")
            .values_list("task_id", "at", "action", "state_after", "deadline_after"))
    for task_id, at, action, state, deadline in rows.iterator(chunk_size=5000):
        days, states, reports = out.setdefault(task_id, ([], [], []))
        day = timezone.localdate(at)
        days.append(day)
        states.append((state, deadline))
        if action == "task.reported":
            reports.append(day)
    return out


def _as_of(task, milestones, history, day: dt.date):
    """A copy of the task as it stood at the end of `day`, or None if it did not exist yet."""
    days, states, reports = history
    i = bisect.bisect_right(days, day)
    if i == 0:
        return None, None
    then = copy.copy(task)
    then.state, then.deadline = states[i - 1]
    r = bisect.bisect_right(reports, day)
    then.last_report_on = reports[r - 1] if r else None
    if then.closed_on and then.closed_on > day:
        then.closed_on = None
    done_then = [m if m.done_on is None or m.done_on <= day else _undone(m) for m in milestones]
    return then, done_then


def _undone(milestone):
    m = copy.copy(milestone)
    m.done_on = None
    return m


def _count(tasks, histories, day: dt.date, light_of) -> Counter:
    counts: Counter = Counter()
    for task in tasks:
        history = histories.get(task.pk)
        if history:
            then, ms = _as_of(task, list(task.milestones.all()), history, day)
            if then is not None:
                counts[light_of(then, today=day, milestones=ms).color] += 1
    return counts


def light_trend(tasks, task_ids_query, *, today: dt.date, light_of, current: Counter, scope: str) -> list[dict]:
    """[{week_end, red, yellow, green}] over the last 12 weeks; `current` holds today's counts.

    `scope` names whose tasks these are (e.g. the user), for the cache of past weeks.
    """
    ends = week_ends(today)
    keys = {d: f"duban:trend:{scope}:{today.isoformat()}:{d.isoformat()}" for d in ends[:-1]}
    known = cache.get_many(list(keys.values()))
    missing = [d for d in ends[:-1] if keys[d] not in known]
    if missing:
        histories = _history(task_ids_query)
        fresh = {keys[d]: dict(_count(tasks, histories, d, light_of)) for d in missing}
        cache.set_many(fresh, CACHE_SECONDS)
        known.update(fresh)
    counts = [Counter(known[keys[d]]) for d in ends[:-1]] + [current]
    return [{"week_end": d.isoformat(), "label": f"{d.month}/{d.day}", "red": c["red"],
             "yellow": c["yellow"], "green": c["green"]} for d, c in zip(ends, counts, strict=True)]
