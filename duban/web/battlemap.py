"""The battle map (挂图作战): counts by light and state per programme and per unit, in bulk.

The counts are GROUP BY queries over the lights as database conditions (`light_q`), one for all
tasks, one per programme, one per unit; the Gantt's rows are picked by the database and only those
are loaded and lit. The page costs the same queries for 30 tasks or 10,000, and never builds a row
per task in Python (the trend's rows are loaded only when it has past weeks to recount).
"""
import datetime as dt
import warnings
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from duban.core import clock
from duban.core.workdays import UnknownHolidayYear, is_workday
from duban.tasks.access import tasks_visible_to
from duban.tasks.lights import RANK, Light, late_q, light_q, light_rank, ontime_q, overdue_q, punctuality
from duban.tasks.models import DONE_STATES, OPEN_STATES, Task, TaskState
from duban.tasks.selectors import lights_of_rows, task_rows

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


def _counting(today: dt.date, lights: dict[str, Q]) -> dict:
    """What a Tally holds, as aggregates the database computes per group."""
    return {"total": Count("pk"), "percent_sum": Sum("percent"), "ontime": Count("pk", filter=ontime_q()),
            "late": Count("pk", filter=late_q(today)), "overdue": Count("pk", filter=overdue_q(today)),
            **{f"light_{c}": Count("pk", filter=q) for c, q in lights.items()},
            **{f"state_{s}": Count("pk", filter=Q(state=s)) for s in TaskState.values}}


def _tally(key: dict, name: str, values: dict) -> Tally:
    lights = Counter({c: n for c in RANK if (n := values[f"light_{c}"])})
    states = Counter({s: n for s in TaskState.values if (n := values[f"state_{s}"])})
    return Tally(key, name, values["total"], lights, states, values["ontime"], values["late"],
                 values["overdue"], values["percent_sum"] or 0)


def _merge(tallies: dict, key: dict, name: str, part: Tally) -> None:
    """Adds one (programme, unit) group's counts to a programme's, a unit's or everything's."""
    into = tallies.setdefault(tuple(key.items()), Tally(key, name))
    into.total += part.total
    into.lights.update(part.lights)
    into.states.update(part.states)
    into.ontime, into.late = into.ontime + part.ontime, into.late + part.late
    into.overdue, into.percent_sum = into.overdue + part.overdue, into.percent_sum + part.percent_sum


GROUP = ("programme_id", "programme__name", "lead_unit_id", "lead_unit__short_name", "lead_unit__name")


def battle_map_data(user, *, today: dt.date | None = None) -> dict:
    today = today or clock.today()
    visible = tasks_visible_to(user)
    lights = light_q(today)
    # One GROUP BY per (programme, lead unit): as many rows as pairs that have tasks, not as tasks.
    everything, programmes, units = {}, {}, {}
    for v in visible.order_by().values(*GROUP).annotate(**_counting(today, lights)):
        part = _tally({}, "", v)
        _merge(everything, {}, "", part)
        _merge(programmes, {"programme": v["programme_id"]}, v["programme__name"], part)
        _merge(units, {"lead": v["lead_unit_id"]}, v["lead_unit__short_name"] or v["lead_unit__name"], part)
    everything = everything.get((), Tally({}))
    programmes, units = list(programmes.values()), list(units.values())
    unit_rows = sorted(units, key=Tally.sort_key)
    gantt = gantt_rows(visible, lights, today)
    return {
        "today": today, "all": everything,
        "programmes": sorted(programmes, key=Tally.sort_key),
        "units": unit_rows,
        "overdue_units": [u for u in sorted(unit_rows, key=lambda u: (-u.overdue, u.name)) if u.overdue],
        "gantt": gantt, "gantt_calendar": gantt_calendar(gantt, today),
        # Every visible task as a row, read only if something iterates it (the trend's recount).
        "tasks": SimpleLazyObject(lambda: task_rows(visible)),
    }


def gantt_rows(visible, lights: dict[str, Q], today: dt.date) -> list[dict]:
    """Open tasks with a deadline, trouble first, as bars from assignment to deadline with milestones:
    the database picks the rows, and only those are loaded and lit."""
    def trouble_first(qs):
        return qs.alias(rank=light_rank(lights=lights)).order_by("rank", "deadline", "pk")

    picked = trouble_first(visible.filter(state__in=OPEN_STATES, deadline__isnull=False))[:GANTT_ROWS]
    rows = task_rows(trouble_first(Task.objects.filter(pk__in=picked.values("pk"))))
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
    """Runs of non-working days from `first` to `last`; a run is a holiday when a weekday is in it
    (an official holiday or the admin's), otherwise an ordinary weekend."""
    runs, run, day = [], [], first
    with warnings.catch_warnings():  # a year without a schedule falls back to weekends, noted elsewhere
        warnings.simplefilter("ignore", UnknownHolidayYear)
        while day <= last:
            if not is_workday(day):
                run.append(day)
            elif run:
                runs.append(run)
                run = []
            day += dt.timedelta(days=1)
    if run:
        runs.append(run)
    return [{"from": r[0].isoformat(), "to": r[-1].isoformat(), "holiday": any(d.weekday() < 5 for d in r)}
            for r in runs]
