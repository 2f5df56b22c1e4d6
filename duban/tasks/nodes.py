"""A task's next node: the earliest of its undone milestones and its deadline, kept on the task.

Lights compare this one date with the day's thresholds (`lights.light_q`), so the database answers
"which tasks are red" without looking at milestones. It is derived, never typed: creation sets it on
the rows it inserts, and after every event about tasks the event log asks `refresh_next_due` to put
it right for them (one statement, writing only rows whose date moved), so every change that goes
through the services (a milestone done, a deadline moved, a plan re-drawn, a reopening) keeps it true.
"""
import datetime as dt
from collections.abc import Iterable

from django.db import connection

from duban.core.eventlog import inserted_ids

CHUNK = 500


def next_due(deadline: dt.date | None, milestones: Iterable) -> dt.date | None:
    """What `next_due_on` holds for a task with this deadline and these milestones."""
    dates = [m.due_on for m in milestones if m.done_on is None]
    if deadline is not None:
        dates.append(deadline)
    return min(dates, default=None)


_EARLIEST = """(SELECT MIN(m.due_on) FROM tasks_milestone m WHERE m.task_id = tasks_task.id AND m.done_on IS NULL
                AND (tasks_task.deadline IS NULL OR m.due_on < tasks_task.deadline))"""
_COMPUTED = f"COALESCE({_EARLIEST}, tasks_task.deadline)"


def refresh_next_due(task_ids: Iterable[int] | None = None, *, using=None) -> dict[int, dt.date | None]:
    """Recompute `next_due_on` of these tasks (of all, when None) in the database; returns the new
    date of each task whose date moved."""
    using = using or connection
    differs = "IS NOT" if using.vendor == "sqlite" else "IS DISTINCT FROM"
    sql = f"UPDATE tasks_task SET next_due_on = {_COMPUTED} WHERE next_due_on {differs} {_COMPUTED}"
    moved: dict[int, dt.date | None] = {}
    with using.cursor() as cursor:
        if task_ids is None:
            cursor.execute(sql)
            return moved
        ids = sorted(set(task_ids))
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start:start + CHUNK]
            cursor.execute(f"{sql} AND id IN ({', '.join(['%s'] * len(chunk))}) RETURNING id, next_due_on", chunk)
            moved.update(cursor.fetchall())
    return {pk: dt.date.fromisoformat(d) if isinstance(d, str) else d for pk, d in moved.items()}


def keep_next_due(tasks: list) -> None:
    """The event log's hook: the tasks an event is about get their next node put right, in the
    database and on the objects the caller holds (so a later save of them does not undo it). A task
    at its creation event is left alone: creation computed its date from the rows it inserted."""
    inserted = inserted_ids(tasks)
    moved = refresh_next_due(t.pk for t in tasks if t.pk not in inserted)
    for task in tasks:
        if task.pk in moved:
            task.next_due_on = moved[task.pk]
