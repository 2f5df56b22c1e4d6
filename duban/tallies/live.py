"""The battle map's counts kept as tasks change, so a province's map reads thousands of rows.

A task's light and lateness change with the day only at a few dates its own rows fix: the day
after its next node (red), the first day that node is inside the programme's warning window
(yellow), the first day its last report is a cycle old (yellow), the day after its deadline
(late, overdue); a closed task's re-check has the same two. `task_steps` works those dates out
once, from the working-day calendar, and writes the task's counts as steps: what it counts from
the beginning of time, then the change on each of those days. A cell's (programme, lead unit,
leader, and the district of its tasks) counts on day T are the sums of its steps up to T.

The event log's hook (`keep_live_counts`) takes back what a changed task counted and adds what it
counts now, as new rows only; the daily sweep merges the rows of days gone by (`live_counts_maintain`)
and recounts when the calendar or a programme's terms changed. Until it has, or for a day before the
merge, `usable` says no and the battle map counts the tasks themselves: the counts are never
trusted past what they were built for. A property test checks the steps against `task_light` and
`punctuality`, the one definition, and another the map against a full recount.
"""
import datetime as dt
import hashlib
from collections import defaultdict
from operator import attrgetter
from types import SimpleNamespace

import chinese_calendar
from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection, connections, router, transaction
from django.db.models import F, Q, Sum

from duban.core import clock
from duban.core.bulkinsert import insert_values
from duban.core.eventlog import inserted_ids
from duban.core.models import CalendarYear, Holiday
from duban.core.prepared import stored_rows
from duban.core.workdays import first_day_reaching
from duban.org.models import Unit
from duban.tallies.models import COUNTED, CountedTask, CountedTerms, LiveCount, LiveCountState
from duban.tasks.lights import punctuality, report_since, task_light
from duban.tasks.models import OPEN_STATES, Task, TaskState

S = TaskState
BEGINNING = dt.date(1, 1, 1)  # the day of every step that holds from the start
CALENDAR_FLOOR = dt.date(1990, 1, 2)  # the working-day calendar starts in 1990
REACH = dt.timedelta(days=3660)  # a window or a cycle never spans ten years of days
NODAL = (S.DRAFT, S.REVIEW, S.ASSIGNED, S.IN_PROGRESS)
CHUNK = 2000
ROW_OWN = ("pk", "state", "percent", "deadline", "next_due_on", "closure_requested_on", "closed_on", "recheck_due_on",
           "last_report_on", "signed_at", "programme_id", "lead_unit_id", "responsible_leader_id", "district_id")
ROW = (*ROW_OWN, "programme__warning_workdays", "programme__report_cycle_workdays")
# What `task_steps` reads of a row: tasks alike in these have the same steps (an import's share a few deadlines).
STEP_INPUTS = tuple(k for k in ROW if k not in ("pk", "lead_unit_id", "responsible_leader_id", "district_id"))
# A cell's columns: the counts of a programme's tasks led by a unit under a leader, in one district.
CELL = ("programme_id", "lead_unit_id", "responsible_leader_id", "district_id")
STEPS_VERSION = "1"  # bump when task_steps changes what it counts: the counts are then rebuilt


def _first_day(holds, lo: dt.date, hi: dt.date) -> dt.date | None:
    """The first day in [lo, hi] on which `holds` (false, then true from some day on) is true."""
    if not holds(hi):
        return None
    if holds(lo):
        return BEGINNING
    a, b = lo.toordinal(), hi.toordinal()  # holds(a) is false, holds(b) true
    while b - a > 1:
        mid = (a + b) // 2
        a, b = (a, mid) if holds(dt.date.fromordinal(mid)) else (mid, b)
    return dt.date.fromordinal(b)


class Thresholds:
    """The days a light turns, worked out from the calendar once per (date, term) and remembered."""

    def __init__(self):
        self._near: dict[tuple, dt.date | None] = {}
        self._stale: dict[tuple, dt.date | None] = {}

    def near(self, due: dt.date, window: int) -> dt.date | None:
        """The first day on which `due` is inside a window of `window` working days (light_q's
        `due < first_day_reaching(today, window + 1)`)."""
        key = (due, window)
        if key not in self._near:
            def holds(day):
                edge = first_day_reaching(day, window + 1)
                return edge is None or due < edge
            self._near[key] = _first_day(holds, max(due - REACH, CALENDAR_FLOOR), max(due, CALENDAR_FLOOR))
        return self._near[key]

    def stale(self, since: dt.date, cycle: int) -> dt.date | None:
        """The first day on which a report clock started on `since` is more than `cycle` working
        days old (light_q's `since < first_day_reaching(today, -cycle)`)."""
        key = (since, cycle)
        if key not in self._stale:
            start = max(since, CALENDAR_FLOOR)
            self._stale[key] = _first_day(lambda day: since < first_day_reaching(day, -cycle), start,
                                          min(start + REACH, dt.date.max - REACH))
        return self._stale[key]


def _after(day: dt.date | None) -> dt.date | None:
    return day + dt.timedelta(days=1) if day is not None and day < dt.date.max else None


def _light_days(r: dict, th: Thresholds) -> tuple[dt.date | None, dt.date | None]:
    """(red from, yellow from) of a task whose light moves with the day; None: never."""
    window, cycle = r["programme__warning_workdays"], r["programme__report_cycle_workdays"]
    if r["state"] == S.CLOSED:
        due = r["recheck_due_on"]
        return (_after(due), th.near(due, window)) if due else (None, None)
    due = r["next_due_on"]
    yellow = [th.near(due, window)] if due else []
    since = report_since(SimpleNamespace(**r))  # the one definition of when the reporting clock started
    if r["state"] == S.IN_PROGRESS and since is not None:
        yellow.append(th.stale(since, cycle))
    return _after(due), min((d for d in yellow if d is not None), default=None)


def _moving(r: dict) -> bool:
    """Whether the light follows the nodes and reports (not fixed by the state or the closure)."""
    return r["state"] in NODAL or (r["state"] == S.CLOSURE_REQUESTED and r["closure_requested_on"] is None)


def _fixed_light(r: dict) -> str:
    """The light of a task whose light does not move with the day (cancelled, consolidated, asked to
    be closed on a day, closed with no re-check due), asked of the one definition: the day does not
    matter to it."""
    return task_light(SimpleNamespace(**r), today=BEGINNING, milestones=[]).color


def _verdict(r: dict) -> tuple[str, dt.date | None]:
    """`punctuality` as (the verdict fixed now, or "" and the day it turns late; None: never). Asked of
    the one definition on the first and the last day: where they differ, an unfinished task turns
    late the day after its deadline."""
    task = SimpleNamespace(**r)
    first, last = punctuality(task, dt.date.min), punctuality(task, dt.date.max)
    return (first, None) if first == last else (first, _after(r["deadline"]))


def task_steps(r: dict, th: Thresholds) -> list[list]:
    """The task's counts as [day, {count: change}] steps, the first on BEGINNING (see the module)."""
    red_from, yellow_from = _light_days(r, th) if (_moving(r) or r["state"] == S.CLOSED) else (None, None)
    verdict, late_from = _verdict(r)

    def counts(day: dt.date) -> dict[str, int]:
        if red_from is not None and day >= red_from:
            light = "red"
        elif yellow_from is not None and day >= yellow_from:
            light = "yellow"
        else:
            light = "green" if (_moving(r) or r["state"] == S.CLOSED) else _fixed_light(r)
        late = verdict or ("late" if late_from is not None and day >= late_from else "")
        out = {"total": 1, "percent_sum": r["percent"], f"state_{r['state']}": 1, f"light_{light}": 1}
        if late:
            out[late] = 1
            out["overdue"] = int(late == "late" and r["state"] in OPEN_STATES)
        return out

    steps, before = [], {}
    for day in sorted({BEGINNING, *(d for d in (red_from, yellow_from, late_from) if d is not None)}):
        now = counts(day)
        change = {k: now.get(k, 0) - before.get(k, 0) for k in {*now, *before}}
        steps.append([day.isoformat(), {k: v for k, v in change.items() if v}])
        before = now
    return [s for s in steps if s[1]]


def keep_live_counts(tasks: list) -> None:
    """The event log's hook: what these tasks counted is taken back and what they count now added."""
    new = inserted_ids(tasks)  # just created: they have counted nothing yet, and the caller holds them whole
    held = {t.pk: t for t in tasks if t.pk in new and Task.programme.is_cached(t)}
    rest = sorted({t.pk for t in tasks} - set(held))
    th = Thresholds()
    if held:
        own = attrgetter(*ROW_OWN)
        _apply([dict(zip(ROW, (*own(t), t.programme.warning_workdays, t.programme.report_cycle_workdays), strict=True))
                for t in held.values()], {}, th)
    if rest:
        _recount(Task.objects.filter(pk__in=rest), th, counted=[pk for pk in rest if pk not in new])


def _recount(tasks, th: Thresholds, fold_through: dt.date | None = None, counted: list[int] | None = None) -> None:
    """Take back what `tasks` counted (only `counted` of them, when given) and add what they count
    now; with `fold_through`, changes of days up to then are added to the base rows at once (a
    rebuild about to merge them anyway)."""
    # What they counted is locked before they are read: a sweep and a user's change of the same task
    # would otherwise both take back the same old steps (the second then waits, and reads the first's).
    having = CountedTask.objects.select_for_update()
    having = having.filter(task__in=tasks.values("pk")) if counted is None else having.filter(task_id__in=counted)
    old = {c.task_id: c for c in having} if counted is None or counted else {}
    _apply(list(tasks.values(*ROW)), old, th, fold_through)


def _recount_all(tasks, th: Thresholds, fold_through: dt.date | None = None) -> None:
    """`_recount` over `tasks` in primary-key pages of CHUNK (bounded memory, no OFFSET)."""
    last = 0
    while pks := list(tasks.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:CHUNK]):
        _recount(Task.objects.filter(pk__in=pks), th, fold_through=fold_through)
        last = pks[-1]


def _apply(rows: list[dict], old: dict, th: Thresholds, fold_through: dt.date | None = None) -> None:
    changes: dict[tuple, dict] = defaultdict(lambda: defaultdict(int))
    # A cell: (programme, lead unit, leader, district), the district the task's own and never changed.
    for counted in old.values():
        cell = (counted.programme_id_counted, counted.lead_unit_id_counted, counted.leader_id_counted,
                counted.district_id)
        for day, change in counted.steps:
            for name, n in change.items():
                changes[(*cell, day)][name] -= n
    fresh, kept = [], []  # fresh: (task, programme, unit, leader, steps) rows; kept: instances to update
    alike: dict[tuple, list] = {}  # STEP_INPUTS → steps, worked out once
    tasks_per: dict[tuple, int] = defaultdict(int)  # (cell, STEP_INPUTS) → tasks
    for r in rows:
        inputs = tuple(r[k] for k in STEP_INPUTS)
        steps = alike.get(inputs)
        if steps is None:
            steps = alike[inputs] = task_steps(r, th)
        cell = (r["programme_id"], r["lead_unit_id"], r["responsible_leader_id"], r["district_id"])
        tasks_per[cell, inputs] += 1
        before = old.get(r["pk"])
        if before is None:
            fresh.append((r["pk"], *cell, steps))
        elif (before.steps, before.programme_id_counted, before.lead_unit_id_counted, before.leader_id_counted) != (
                steps, *cell[:3]):  # most events (a reminder, an urge) change nothing the map counts
            kept.append(CountedTask(task_id=r["pk"], programme_id_counted=cell[0], lead_unit_id_counted=cell[1],
                                    leader_id_counted=cell[2], district_id=cell[3], steps=steps))
    for (cell, inputs), many in tasks_per.items():
        for day, change in alike[inputs]:
            if fold_through is not None and day <= fold_through.isoformat():
                day = BEGINNING.isoformat()
            for name, n in change.items():
                changes[(*cell, day)][name] += n * many
    # Streamed as plain values: a rebuild writes a row per task and day of change, an import one per task.
    insert_values(LiveCount, [*CELL, "day", *COUNTED], (
        (*key[:4], dt.date.fromisoformat(key[4]), *(c.get(name, 0) for name in COUNTED))
        for key, c in changes.items() if any(c.values())))
    insert_values(CountedTask, ["task_id", "programme_id_counted", "lead_unit_id_counted", "leader_id_counted",
                                "district_id", "steps"], fresh)
    CountedTask.objects.bulk_update(kept, ["programme_id_counted", "lead_unit_id_counted", "leader_id_counted", "steps"],
                                    batch_size=CHUNK)
    _note_terms({(r["programme_id"], r["programme__warning_workdays"], r["programme__report_cycle_workdays"])
                 for r in rows})


def _note_terms(terms: set[tuple]) -> None:
    """Record the terms a programme's steps were first worked out with; a row already there keeps
    its terms, so a change since stays visible (`_drifted_programmes`) until the recount."""
    CountedTerms.objects.bulk_create([CountedTerms(programme_id=p, warning_workdays=w, report_cycle_workdays=c)
                                      for p, w, c in terms], ignore_conflicts=True)


def calendar_fingerprint() -> str:
    """What the steps' days depend on besides the tasks: the holiday table, the years marked
    complete, the published calendar's version and this module's own."""
    digest = hashlib.sha256(f"{STEPS_VERSION}|{chinese_calendar.__version__}".encode())
    for row in Holiday.objects.order_by("date").values_list("date", "is_workday"):
        digest.update(repr(row).encode())
    for year in CalendarYear.objects.order_by("year").values_list("year", flat=True):
        digest.update(f"y{year}".encode())
    return digest.hexdigest()


def _drifted_programmes() -> list[int]:
    """Programmes whose window or cycle changed since their tasks' steps were worked out."""
    return list(CountedTerms.objects.exclude(
        warning_workdays=F("programme__warning_workdays"),
        report_cycle_workdays=F("programme__report_cycle_workdays")).values_list("programme_id", flat=True))


def usable(today: dt.date) -> bool:
    """Whether the live counts answer for `today`: built for this calendar, no programme's terms
    changed since, and `today` not before the days merged into the base rows."""
    state = LiveCountState.objects.first()
    if state is None or state.calendar != calendar_fingerprint():
        return False
    if state.compacted_through is not None and today < state.compacted_through:
        return False
    return not _drifted_programmes()


def live_cells(cells: Q, today: dt.date, *groupings: tuple[str, ...]) -> list[tuple[list[str], list[tuple]]]:
    """The cells `cells` selects (tasks.access.cells_q) summed up to `today`, grouped by each of
    `groupings` (a cell's own columns, or its lead unit's `lead_unit__short_name` and
    `lead_unit__name`): per grouping, the names and the rows as stored (core.prepared.stored_rows).

    The condition is compiled once for every grouping and the statements are written here: built
    as a query set (eighteen sums and the grouping, each time) they cost a district's map more than
    the database's answer. The query set stays the definition (`_cells_summed`); a condition that
    joins tables of its own is run through it."""
    query = LiveCount.objects.filter(cells).query
    table = LiveCount._meta.db_table
    if {alias for alias, uses in query.alias_refcount.items() if uses} - {table}:
        return [stored_rows(_cells_summed(cells, today, fields)) for fields in groupings]
    db = connections[router.db_for_read(LiveCount)]
    try:
        where, params = query.get_compiler(connection=db).compile(query.where)
        where = f"({where}) AND "
    except FullResultSet:  # every cell
        where, params = "", []
    except EmptyResultSet:  # no cell
        return [([*fields, *COUNTED], []) for fields in groupings]
    quote = db.ops.quote_name
    sums = ", ".join(f"SUM({quote(table)}.{quote(name)})" for name in COUNTED)
    lead_unit = f"{quote(table)}.{quote(LiveCount._meta.get_field('lead_unit').column)}"
    out = []
    for fields in groupings:
        columns = ", ".join(f"{quote(_UNIT if of_unit else table)}.{quote(column)}"
                            for of_unit, column in (_GROUPABLE[f] for f in fields))
        join = (f" INNER JOIN {quote(Unit._meta.db_table)} {quote(_UNIT)} ON {quote(_UNIT)}."
                f"{quote(Unit._meta.pk.column)} = {lead_unit}" if any(f.startswith("lead_unit__") for f in fields) else "")
        with db.cursor() as cursor:
            cursor.execute(f"SELECT {columns}, {sums} FROM {quote(table)}{join} WHERE {where}"
                           f"{quote(table)}.{quote('day')} <= %s GROUP BY {columns}",
                           [*params, db.ops.adapt_datefield_value(today)])
            out.append(([*fields, *COUNTED], cursor.fetchall()))
    return out


_UNIT = "cell_unit"  # the lead unit's alias: no alias Django gives a subquery's table (U0, T3...)
# What a grouping may name: (of the lead unit, else of the cell; its column).
_GROUPABLE = {"programme_id": (False, "programme_id"), "lead_unit_id": (False, "lead_unit_id"),
              "responsible_leader_id": (False, "responsible_leader_id"),
              "lead_unit__short_name": (True, "short_name"), "lead_unit__name": (True, "name")}


def _cells_summed(cells: Q, today: dt.date, fields: tuple[str, ...]):
    """What `live_cells` reads, as a query set: the cells grouped by `fields`, each group the sums
    of its steps up to `today`."""
    return (LiveCount.objects.filter(cells, day__lte=today).order_by()
            .values(*fields).annotate(**{name: Sum(name) for name in COUNTED}))


@transaction.atomic
def live_counts_rebuild(through: dt.date) -> None:
    """Every task's steps worked out afresh, for the calendar of now, the days up to `through`
    merged (what the sweep does after the holidays were edited, and what an installation starts
    from)."""
    if connection.vendor == "postgresql":  # a writer's hook waits for the rebuild, then reads what it wrote
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {CountedTask._meta.db_table} IN EXCLUSIVE MODE")
    LiveCount.objects.all().delete()
    CountedTask.objects.all().delete()
    CountedTerms.objects.all().delete()
    _recount_all(Task.objects.all(), Thresholds(), fold_through=through)
    LiveCountState.objects.all().delete()
    LiveCountState.objects.create(calendar=calendar_fingerprint(), compacted_through=through, built_at=clock.now())
    compact(through)  # one base row per cell


@transaction.atomic
def compact(through: dt.date) -> None:
    """Merge every row of a day up to `through` into one base row per cell: the map then reads a
    row per cell and the days still to come. Rows are taken out and summed in one statement, so a
    row another writer adds meanwhile is neither lost nor counted twice."""
    columns = ", ".join([*CELL, *COUNTED])
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {LiveCount._meta.db_table} WHERE day <= %s RETURNING {columns}", [through])
        taken = cursor.fetchall()
    merged: dict[tuple, list[int]] = {}
    width = len(CELL)
    for row in taken:
        sums = merged.setdefault(row[:width], [0] * len(COUNTED))
        for i, n in enumerate(row[width:]):
            sums[i] += n
    insert_values(LiveCount, [*CELL, "day", *COUNTED],
                  ((*cell, BEGINNING, *sums) for cell, sums in merged.items() if any(sums)))
    if through > BEGINNING:
        LiveCountState.objects.filter(Q(compacted_through__isnull=True) | Q(compacted_through__lt=through)).update(
            compacted_through=through)


def live_counts_maintain(today: dt.date) -> None:
    """The sweep's daily care: rebuild for a changed calendar, recount the tasks of programmes whose
    terms changed, and merge the days before today."""
    state = LiveCountState.objects.first()
    if state is None or state.calendar != calendar_fingerprint():
        live_counts_rebuild(today - dt.timedelta(days=1))
    elif drifted := _drifted_programmes():
        with transaction.atomic():
            CountedTerms.objects.filter(programme_id__in=drifted).delete()
            _recount_all(Task.objects.filter(programme_id__in=drifted), Thresholds())
    compact(today - dt.timedelta(days=1))
