"""The battle map (挂图作战): counts by light and state per programme and per unit, in bulk.

Everything is read in a fixed number of queries (task rows with programme and lead unit, their
milestones in a second query) and counted in Python, so the page costs the same queries for 30
tasks or 10,000.
"""
import datetime as dt
import warnings
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone

from duban.core import clock
from duban.core.workdays import UnknownHolidayYear, is_workday
from duban.tasks.access import tasks_visible_to
from duban.tasks.lights import RANK, Light, punctuality
from duban.tasks.models import DONE_STATES, OPEN_STATES, TaskState
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


def battle_map_data(user, *, today: dt.date | None = None) -> dict:
    today = today or clock.today()
    tasks = task_rows(tasks_visible_to(user))
    lights = lights_of_rows(tasks, today=today)
    everything = Tally(key={})
    programmes: dict[int, Tally] = {}
    units: dict[int, Tally] = {}
    for t in tasks:
        light = lights[t.pk]
        everything.add(t, light, today)
        programmes.setdefault(t.programme_id, Tally({"programme": t.programme_id}, t.programme.name)).add(
            t, light, today)
        units.setdefault(t.lead_unit_id, Tally({"lead": t.lead_unit_id}, t.lead_label)).add(t, light, today)
    unit_rows = sorted(units.values(), key=Tally.sort_key)
    gantt = gantt_rows(tasks, lights, today)
    return {
        "today": today, "all": everything, "lights": lights,
        "programmes": sorted(programmes.values(), key=Tally.sort_key),
        "units": unit_rows,
        "overdue_units": [u for u in sorted(unit_rows, key=lambda u: (-u.overdue, u.name)) if u.overdue],
        "gantt": gantt, "gantt_calendar": gantt_calendar(gantt, today),
        "tasks": tasks,
    }


def gantt_rows(tasks, lights, today: dt.date) -> list[dict]:
    """Open tasks with a deadline, trouble first, as bars from assignment to deadline with milestones."""
    rows = [t for t in tasks if t.state in OPEN_STATES and t.deadline]
    rows.sort(key=lambda t: (RANK[lights[t.pk].color], t.deadline, t.pk))
    return [{
        "id": t.pk, "name": f"{t.code or t.pk} {t.title}"[:28], "unit": t.lead_label,
        "start": (t.assigned_on or timezone.localdate(t.created_at)).isoformat(), "end": t.deadline.isoformat(),
        "color": lights[t.pk].color, "label": lights[t.pk].label, "reason": lights[t.pk].reason,
        "url": f"/tasks/{t.pk}/",
        "milestones": [{"name": m.name, "date": m.due_on.isoformat(), "done": m.done_on is not None}
                       for m in t.milestones],
    } for t in rows[:GANTT_ROWS]]


def gantt_calendar(rows: list[dict], today: dt.date) -> dict:
    """The Gantt's date axis (every bar, milestone and today, a week either side) and its days off."""
    if not rows:
        return {}
    days = [today] + [dt.date.fromisoformat(d) for r in rows
                      for d in (r["start"], r["end"], *(m["date"] for m in r["milestones"]))]
    first, last = min(days) - GANTT_PAD, max(days) + GANTT_PAD
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
