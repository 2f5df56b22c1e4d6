"""The sweep: on a working day, find what is due on the ladder and fire it, once.

Set-based and chunked: each rung's due nodes are one date range per group of programmes sharing
a ladder (rules.node_range), read in primary-key pages of CHUNK rows that skip what already fired;
nothing holds all tasks in memory. Safe to run from cron every few minutes and twice at once.
"""
import datetime as dt
import functools
import logging
from collections import defaultdict

from django.db.models import Q
from django.utils import timezone

from duban.core import clock
from duban.core.planner import refresh_planner_statistics
from duban.core.uploads import prune_uploads
from duban.core.workdays import add_workdays, is_workday
from duban.supervision.ladder import ACTIVE, Candidate, fire_chunk
from duban.supervision.models import LadderStep, Rung
from duban.supervision.rules import Ladder, ladder_of, node_range
from duban.tallies.services import tallies_fill
from duban.tasks.lights import elapsed_percent, report_since
from duban.tasks.models import Milestone, Programme, Task, TaskState

log = logging.getLogger("duban.sweep")
CHUNK = 2000
KINDS = {Rung.REMINDER: "reminders", Rung.URGE: "urges", Rung.NOTICE: "notices", Rung.PACE: "notices",
         Rung.ESCALATION: "escalations", Rung.RECHECK: "rechecks", Rung.STALE: "stale"}


def sweep(*, today: dt.date | None = None) -> dict[str, int]:
    """Fire every rung due today; returns counts of what was created, by kind.

    Run for the present (no `today`), it first stores the daily light counts of the day that has
    just closed, once (duban.tallies); a re-run of a past day leaves them alone."""
    if today is None:
        _tallies(clock.today())
        _planner_statistics()
        _uploads()
    today = today or clock.today()
    counts = dict.fromkeys(["reminders", "urges", "notices", "escalations", "rechecks", "stale"], 0)
    if not is_workday(today):
        return counts  # the ladder counts working days: nothing falls due on a day off
    for ladder, programme_ids in _programme_groups().items():
        ladders = dict.fromkeys(programme_ids, ladder)
        for batch in _candidates(ladder, programme_ids, today):
            for rung in fire_chunk(batch, today=today, ladders=ladders):
                counts[KINDS[rung]] += 1
    return counts


def _tallies(today: dt.date) -> None:
    try:
        tallies_fill(today=today)
    except Exception:  # the trend's counts must never keep the ladder from firing; the log keeps why
        log.exception("daily light counts not stored")


def _uploads() -> None:
    try:
        prune_uploads()
    except Exception:  # a file left over is no reason not to fire the ladder; the log keeps why
        log.exception("old uploads not removed")


def _planner_statistics() -> None:
    try:
        refresh_planner_statistics()
    except Exception:  # statistics only make reads faster: never a reason not to fire the ladder
        log.exception("planner statistics not refreshed")


def _programme_groups() -> dict[Ladder, list[int]]:
    groups: dict[Ladder, list[int]] = defaultdict(list)
    for programme in Programme.objects.only("pk", "settings", "warning_workdays", "report_cycle_workdays"):
        groups[ladder_of(programme)].append(programme.pk)
    return groups


def _candidates(ladder: Ladder, ids: list[int], today: dt.date):
    for rung, offset in ladder.offsets().items():
        span = node_range(today, offset, ladder.catchup)
        if span is None:
            continue
        if rung == Rung.REMINDER:  # once the node is reached the urge speaks instead
            span = (max(span[0], today + dt.timedelta(days=1)), span[1])
        yield from _deadline_nodes(rung, ids, span)
        yield from _milestone_nodes(rung, ids, span)
    yield from _pace(ladder, ids, today)
    yield from _stale(ladder, ids, today)
    span = node_range(today, -ladder.recheck, ladder.catchup)
    if span:
        qs = Task.objects.filter(programme_id__in=ids, state=TaskState.CLOSED, recheck_due_on__range=span)
        yield from _unfired(_pages(qs, ("pk", "recheck_due_on"),
                                   lambda r: Candidate(r[0], Rung.RECHECK, "recheck", r[1])))


def _unfired(pages):
    """Drop what already fired, one indexed look-up per page. (A NOT EXISTS in the page query
    lets PostgreSQL pick a plan that rescans the steps per task once its statistics are stale.)"""
    for batch in pages:
        fired = set(LadderStep.objects.filter(task_id__in={c.task_id for c in batch},
                                              rung__in={c.rung for c in batch})
                    .values_list("task_id", "rung", "node", "due_on"))
        batch = [c for c in batch if (c.task_id, c.rung, c.node, c.due_on) not in fired]
        if batch:
            yield batch


def _pages(qs, fields: tuple, make, key: str = "pk"):
    """Keyset pages of CHUNK rows: each page is a complete query, so writes between pages are safe."""
    last = 0
    while True:
        rows = list(qs.filter(**{f"{key}__gt": last}).order_by(key).values_list(*fields)[:CHUNK])
        if not rows:
            return
        last = rows[-1][0]
        batch = [c for c in (make(r) for r in rows) if c is not None]
        if batch:
            yield batch


def _deadline_nodes(rung: str, ids, span):
    qs = Task.objects.filter(programme_id__in=ids, state__in=ACTIVE, deadline__range=span)
    yield from _unfired(_pages(qs, ("pk", "deadline"), lambda r: Candidate(r[0], rung, "deadline", r[1])))


def _milestone_nodes(rung: str, ids, span):
    qs = Milestone.objects.filter(task__programme_id__in=ids, task__state__in=ACTIVE, done_on__isnull=True,
                                  due_on__range=span)
    for rows in _pages(qs, ("pk", "task_id", "due_on"), lambda r: r):
        fired = set(LadderStep.objects.filter(task_id__in={r[1] for r in rows}, rung=rung,
                                              node__startswith="milestone:").values_list("node", "due_on"))
        batch = [Candidate(t, rung, f"milestone:{m}", d) for m, t, d in rows if (f"milestone:{m}", d) not in fired]
        if batch:
            yield batch


def _pace(ladder: Ladder, ids, today: dt.date):
    """Tasks behind the planned pace (序时进度): percent done below the share of time elapsed."""
    qs = Task.objects.filter(programme_id__in=ids, state=TaskState.IN_PROGRESS, deadline__gt=today,
                             assigned_on__lt=today)

    def make(row):
        pk, deadline, assigned_on, percent = row
        elapsed = elapsed_percent(assigned_on, deadline, today)
        if elapsed - percent < ladder.pace_tolerance:
            return None
        detail = f"时间已过{elapsed}%，完成{percent}%"
        return Candidate(pk, Rung.PACE, "deadline", deadline, detail)

    yield from _unfired(_pages(qs, ("pk", "deadline", "assigned_on", "percent"), make))


def _stale(ladder: Ladder, ids, today: dt.date):
    """In-progress tasks whose report is overdue by the programme's cycle: flagged once per lapse."""
    boundary = _last_fresh_day(today, ladder.report_cycle)
    tz_end = timezone.make_aware(dt.datetime.combine(boundary + dt.timedelta(days=1), dt.time()))
    report_due = functools.lru_cache(maxsize=None)(add_workdays)  # many tasks share a last report date
    qs = Task.objects.filter(Q(last_report_on__lte=boundary) | Q(last_report_on__isnull=True, signed_at__lt=tz_end),
                             programme_id__in=ids, state=TaskState.IN_PROGRESS)

    def make(row):
        pk, last_report_on, signed_at = row
        since = report_since(Task(last_report_on=last_report_on, signed_at=signed_at))
        return Candidate(pk, Rung.STALE, "report", report_due(since, ladder.report_cycle))

    for rows in _pages(qs, ("pk", "last_report_on", "signed_at"), make):
        fired = set(LadderStep.objects.filter(task_id__in={c.task_id for c in rows}, rung=Rung.STALE)
                    .values_list("task_id", "due_on"))
        batch = [c for c in rows if (c.task_id, c.due_on) not in fired]
        if batch:
            yield batch


def _last_fresh_day(today: dt.date, cycle: int) -> dt.date:
    """The latest report date that is overdue today: add_workdays(d, cycle) < today."""
    day = add_workdays(today, -cycle)
    while add_workdays(day, cycle) >= today:
        day -= dt.timedelta(days=1)
    return day
