"""The battle map (挂图作战): counts by light and state per programme and per unit, in bulk.

The counts are GROUP BY queries over the lights as database conditions (`light_q`), one for all
tasks, one per programme, one per unit; the Gantt's rows are picked by the database and only those
are loaded and lit. The page costs the same queries for 30 tasks or 10,000, and never builds a row
per task in Python (the trend's rows are loaded only when it has past weeks to recount).
"""
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from duban.core import clock
from duban.core.collector import fewer_collections
from duban.core.prepared import stored_rows
from duban.core.workdays import days_off
from duban.tallies.live import live_cells, usable
from duban.tasks.access import cells_q, tasks_picked_for, tasks_visible_to
from duban.tasks.light_sql import as_compiled, filter_by
from duban.tasks.lights import RANK, Light, late_q, light_q, ontime_q, overdue_q, punctuality
from duban.tasks.models import DONE_STATES, OPEN_STATES, TaskState
from duban.tasks.selectors import lights_of_rows, programme_names, task_rows, task_rows_by_pk

GANTT_ROWS = 40
GANTT_PAD = dt.timedelta(days=7)
# A bar from a long-forgotten task or a mistyped deadline must not make the page walk decades.
CALENDAR_REACH = dt.timedelta(days=2 * 366)


@dataclass
class Tally:
    """Counts for one group of tasks (all, a programme, a unit); `key` feeds the list's filter."""

    key: dict
    name: str = ""
    total: int = 0
    lights: Counter = field(default_factory=Counter)
    states: Counter = field(default_factory=Counter)
    ontime: int = 0
    late: int = 0
    overdue: int = 0
    percent_sum: int = 0

    def add(self, task, light: Light, today: dt.date) -> None:
        self.total += 1
        self.lights[light.color] += 1
        self.states[task.state] += 1
        self.percent_sum += task.percent
        verdict = punctuality(task, today)
        if verdict == "ontime":
            self.ontime += 1
        elif verdict == "late":
            self.late += 1
            self.overdue += task.state in OPEN_STATES

    @property
    def ontime_rate(self) -> int | None:
        known = self.ontime + self.late
        return round(100 * self.ontime / known) if known else None

    @property
    def state_items(self) -> list[tuple[str, int]]:
        # A Counter's .items would be read by templates as the key "items"
        return [(s, self.states[s]) for s in TaskState.values if self.states[s]]

    @property
    def open_count(self) -> int:
        return sum(self.states[s] for s in OPEN_STATES)

    @property
    def done_count(self) -> int:
        return sum(self.states[s] for s in DONE_STATES)

    @property
    def progress(self) -> int:
        return round(self.percent_sum / self.total) if self.total else 0

    def sort_key(self):
        return (-self.lights["red"], -self.overdue, -self.lights["yellow"], self.name)


STATES = tuple(TaskState.values)


def _counter(counts: dict) -> Counter:
    """A Counter of `counts`, filled as a dict is: Counter's own update first asks whether its
    argument is a mapping, which for a province's 8,000 counters costs more than the filling."""
    counter = Counter()
    dict.update(counter, counts)
    return counter


def _tallies(names: list[str], rows: list[tuple], fields: tuple[str, ...], label) -> list[Tally]:
    """A Tally per row of `_counted`'s (or the kept counts') sums, the row read by position: a
    province's map makes 4,000 of them."""
    at = {name: i for i, name in enumerate(names)}
    grouped = [at[f] for f in fields]
    lights = [(c, at[f"light_{c}"]) for c in RANK]
    states = [(s, at[f"state_{s}"]) for s in STATES]
    total, ontime, late, overdue, percent = (at[n] for n in ("total", "ontime", "late", "overdue", "percent_sum"))
    out = []
    for row in rows:  # a sum over no rows is NULL
        key, name = label([row[i] for i in grouped])
        out.append(Tally(key, name, row[total] or 0, _counter({c: row[i] for c, i in lights if row[i]}),
                         _counter({s: row[i] for s, i in states if row[i]}),
                         row[ontime] or 0, row[late] or 0, row[overdue] or 0, row[percent] or 0))
    return out


def _add(into: Tally, part: Tally) -> None:
    into.total += part.total
    into.lights.update(part.lights)
    into.states.update(part.states)
    into.ontime, into.late = into.ontime + part.ontime, into.late + part.late
    into.overdue, into.percent_sum = into.overdue + part.overdue, into.percent_sum + part.percent_sum


# The groups of the map: each programme, each lead unit; (key, name) of a group's row from its
# fields' values. The whole is the programmes' sum (every task has one), not a third pass over
# the same rows.
GROUPS = {
    # By id alone: joining the programmes here would lead the database to read every cell of each
    # programme (a province's) before keeping the user's; the names are read after, for the rows found.
    "programmes": (("programme_id",), lambda v: ({"programme": v[0]}, "")),
    "units": (("lead_unit_id", "lead_unit__short_name", "lead_unit__name"),
              lambda v: ({"lead": v[0]}, v[1] or v[2])),
}


def _group_counts(user, visible, today: dt.date, lights: dict[str, Q], live: bool) -> dict[str, list[Tally]]:
    """The map's tallies per group, each a GROUP BY in the database (as many rows as groups, not as
    tasks): from the kept counts of the user's whole cells plus the few tasks picked outside them,
    or (live False) over every visible task."""
    if not live:
        sources = [visible]
    else:  # None stands for the kept counts of the user's cells
        picked = tasks_picked_for(user)
        sources = [None] if picked.query.is_empty() else [picked, None]
    groupings = [fields for fields, _ in GROUPS.values()]
    reads = [  # per source, per group: the names and rows of its sums
        live_cells(cells_q(user), today, *groupings) if source is None else _counted(source, today, lights, groupings)
        for source in sources]
    out = {}
    for i, (group, (fields, label)) in enumerate(GROUPS.items()):
        merged: dict[tuple, Tally] = {}
        for read in reads:
            for tally in _tallies(*read[i], fields, label):
                held = merged.setdefault(tuple(tally.key.items()), tally)
                if held is not tally:
                    _add(held, tally)
        out[group] = [t for t in merged.values() if t.total]
    names = programme_names([t.key["programme"] for t in out["programmes"]])
    for tally in out["programmes"]:
        tally.name = names[tally.key["programme"]]
    return out


def _counted(tasks, today: dt.date, lights: dict[str, Q], groupings: list[tuple[str, ...]]) -> list[tuple]:
    """What a Tally holds, as sums the database computes per group of `tasks` for each grouping:
    the names and rows, as `live_cells` gives the kept counts'. Each condition's SQL is compiled
    once (light_sql), `tasks` given any join it needs."""
    conditions = {"ontime": ontime_q(), "late": late_q(today), "overdue": overdue_q(today),
                  **{f"light_{c}": q for c, q in lights.items()}}
    counted = {}
    for name, condition in conditions.items():
        tasks, counted[name] = as_compiled(tasks, condition)
    sums = {"total": Count("pk"), "percent_sum": Sum("percent"),
            **{name: Count("pk", filter=condition) for name, condition in counted.items()},
            **{f"state_{s}": Count("pk", filter=Q(state=s)) for s in TaskState.values}}
    return [stored_rows(tasks.order_by().values(*fields).annotate(**sums)) for fields in groupings]


def battle_map_data(user, *, today: dt.date | None = None, live: bool | None = None) -> dict:
    """The map's figures; `live` None uses the kept counts when they answer for `today`
    (tallies.live.usable), False counts the tasks (what a test compares the kept counts with)."""
    today = today or clock.today()
    visible = tasks_visible_to(user)
    lights = light_q(today)
    live = usable(today) if live is None else live
    with fewer_collections():  # a province's map makes a Tally and two Counters for each of 4,000 units
        counts = _group_counts(user, visible, today, lights, live)
    everything = Tally({})
    for tally in counts["programmes"]:
        _add(everything, tally)
    unit_rows = sorted(counts["units"], key=Tally.sort_key)
    gantt = gantt_rows(visible, lights, today)
    return {
        "today": today, "all": everything,
        "programmes": sorted(counts["programmes"], key=Tally.sort_key),
        "units": unit_rows,
        "overdue_units": [u for u in sorted(unit_rows, key=lambda u: (-u.overdue, u.name)) if u.overdue],
        "gantt": gantt, "gantt_calendar": gantt_calendar(gantt, today),
        # Every visible task as a row, read only if something iterates it (the trend's recount).
        "tasks": SimpleLazyObject(lambda: task_rows(visible)),
    }


def gantt_rows(visible, lights: dict[str, Q], today: dt.date) -> list[dict]:
    """Open tasks with a deadline, trouble first, as bars from assignment to deadline with milestones:
    the database picks the rows, and only those are loaded and lit."""
    bars = visible.filter(state__in=OPEN_STATES, deadline__isnull=False).order_by("deadline", "pk")
    picked: list[int] = []
    for color in ("red", "yellow", "green"):  # one light at a time, so no query ranks every task
        if len(picked) < GANTT_ROWS:
            picked += filter_by(bars, lights[color]).values_list("pk", flat=True)[:GANTT_ROWS - len(picked)]
    order = {pk: i for i, pk in enumerate(picked)}
    rows = sorted(task_rows_by_pk(picked), key=lambda t: order[t.pk])
    lit = lights_of_rows(rows, today=today)
    return [{
        "id": t.pk, "name": f"{t.code or t.pk} {t.title}"[:28], "unit": t.lead_label,
        "start": (t.assigned_on or timezone.localdate(t.created_at)).isoformat(), "end": t.deadline.isoformat(),
        "color": lit[t.pk].color, "label": lit[t.pk].label, "reason": lit[t.pk].reason,
        "url": f"/tasks/{t.pk}/",
        "milestones": [{"name": m.name, "date": m.due_on.isoformat(), "done": m.done_on is not None}
                       for m in t.milestones],
    } for t in rows]


def gantt_calendar(rows: list[dict], today: dt.date) -> dict:
    """The Gantt's date axis (every bar, milestone and today, a week either side) and its days off."""
    if not rows:
        return {}
    days = [today] + [dt.date.fromisoformat(d) for r in rows
                      for d in (r["start"], r["end"], *(m["date"] for m in r["milestones"]))]
    # Clamped: a date stored before dates were bounded may sit at the calendar's very end.
    first, last = min(days) - GANTT_PAD, min(max(days), dt.date.max - GANTT_PAD) + GANTT_PAD
    return {"from": first.isoformat(), "to": last.isoformat(),
            "offdays": offdays(max(first, today - CALENDAR_REACH), min(last, today + CALENDAR_REACH))}


def offdays(first: dt.date, last: dt.date) -> list[dict]:
    """The Gantt's days off from `first` to `last` (workdays.days_off), as the chart reads them."""
    return [{"from": start.isoformat(), "to": end.isoformat(), "holiday": holiday}
            for start, end, holiday in days_off(first, last)]
