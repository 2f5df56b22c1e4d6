"""Storing the daily counts: recorded by the sweep once a day, derived from the log for days before.

Both walk every task once, in primary-key pages (bounded memory), with each light decided by
`task_light`, the one definition, and store a day's counts in one transaction that replaces
whatever that day held: running twice never counts twice.
"""
import datetime as dt
from collections import Counter, defaultdict

from django.db import IntegrityError, transaction

from duban.core import clock
from duban.tallies.derive import histories, light_then
from duban.tallies.live import live_counts_maintain
from duban.tallies.models import DayTally, TalliedDay
from duban.tallies.selectors import COLORS, week_ends
from duban.tasks.lights import task_light
from duban.tasks.models import Task
from duban.tasks.selectors import task_rows

CHUNK = 2000
Cells = dict[tuple, Counter]  # (programme id, lead unit id, leader id or None) → counts by light


def _pages():
    """Every task as (queryset, TaskRows with milestones), CHUNK tasks at a time."""
    last = 0
    while True:
        pks = list(Task.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:CHUNK])
        if not pks:
            return
        page = Task.objects.filter(pk__gt=last, pk__lte=pks[-1])
        yield page, task_rows(page)
        last = pks[-1]


def _cell(row) -> tuple:
    return row.programme_id, row.lead_unit_id, row.responsible_leader_id


def tally_day_record(*, day: dt.date) -> None:
    """Store `day`'s counts from the tasks as they stand now: meant for the day that has just
    closed, when nothing has changed since its end."""
    cells: Cells = defaultdict(Counter)
    for _, rows in _pages():
        for row in rows:
            color = task_light(row, today=day, milestones=row.milestones).color
            if color in COLORS:
                cells[_cell(row)][color] += 1
    _store({day: cells}, TalliedDay.Source.RECORDED)


def tally_days_derive(*, days: list[dt.date]) -> None:
    """Store the counts of past `days` as the event log tells them (the trend's own derivation)."""
    by_day: dict[dt.date, Cells] = {d: defaultdict(Counter) for d in days}
    for page, rows in _pages():
        found = histories(page.values("pk"))
        for row in rows:
            history = found.get(row.pk)
            for day in days:
                light = light_then(row, history, day)
                if light is not None and light.color in COLORS:
                    by_day[day][_cell(row)][light.color] += 1
    _store(by_day, TalliedDay.Source.DERIVED)


@transaction.atomic
def _store(by_day: dict[dt.date, Cells], source: str) -> None:
    days = list(by_day)
    DayTally.objects.filter(day__in=days).delete()
    TalliedDay.objects.filter(day__in=days).delete()
    DayTally.objects.bulk_create(
        [DayTally(day=day, programme_id=p, lead_unit_id=u, responsible_leader_id=leader, **{c: n[c] for c in COLORS})
         for day, cells in by_day.items() for (p, u, leader), n in cells.items()], batch_size=CHUNK)
    TalliedDay.objects.bulk_create([TalliedDay(day=d, source=source, at=clock.now()) for d in days])


def tallies_fill(*, today: dt.date) -> list[dt.date]:
    """The sweep's daily part: record yesterday once, and derive from the log the trend's earlier
    week ends nobody recorded (once: they are stored), and keep the battle map's live counts
    (live.py: rebuilt for a new calendar, days gone by merged). Returns the days stored."""
    live_counts_maintain(today)
    yesterday = today - dt.timedelta(days=1)
    wanted = [d for d in week_ends(today)[:-1] if d != yesterday] + [yesterday]
    have = set(TalliedDay.objects.filter(day__in=wanted).values_list("day", flat=True))
    missing = [d for d in wanted[:-1] if d not in have]
    try:
        if yesterday not in have:
            tally_day_record(day=yesterday)
        if missing:
            tally_days_derive(days=missing)
    except IntegrityError:  # a sweep running at the same moment stored them first
        return []
    return missing + ([] if yesterday in have else [yesterday])
