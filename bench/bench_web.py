"""How the battle map scales: render it over N tasks (default 10,000) and compare with a plain count.

    .venv/bin/python bench/bench_web.py [N]

Runs in a throwaway DUBAN_HOME (SQLite) unless DATABASE_URL is set. Tasks, milestones and their
events are written in bulk, with the event hash chain computed as append_event would, so the trend's
former derivation from the log (measured beside the sweep's daily counts that replaced it, and the
trend read from them) reads a log of realistic shape. Prints a table of median times, query counts and ratios to the
baseline `Task.objects.count()` measured in the same run.
"""
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DUBAN_HOME"] = tempfile.mkdtemp(prefix="duban-bench-")  # never the installation's own data
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from duban.core import clock  # noqa: E402
from duban.core.eventlog import compute_hash  # noqa: E402
from duban.core.models import ChainHead, Event  # noqa: E402
from duban.org.models import Unit, User  # noqa: E402
from duban.org.services import unit_create, user_create  # noqa: E402
from duban.tallies.derive import histories, light_then  # noqa: E402
from duban.tallies.selectors import week_ends  # noqa: E402
from duban.tallies.services import tallies_fill, tally_day_record  # noqa: E402
from duban.tasks.access import tasks_visible_to  # noqa: E402
from duban.tasks.models import Milestone, Task, TaskState, assign_districts  # noqa: E402
from duban.tasks.selectors import task_rows  # noqa: E402
from duban.tasks.services import programme_create  # noqa: E402
from duban.web.trend import light_trend  # noqa: E402

STREETS = [f"第{i}街道" for i in range(1, 41)]
STATES = [TaskState.ASSIGNED, TaskState.IN_PROGRESS, TaskState.IN_PROGRESS, TaskState.IN_PROGRESS,
          TaskState.CLOSURE_REQUESTED, TaskState.CLOSED]


def setup_world():
    call_command("migrate", verbosity=0)
    unit_create(actor=None, name="测试区", parent=None, kind="region")
    for name in STREETS:
        unit_create(actor=None, name=name, parent="测试区", kind="street")
    user_create(actor=None, username="supervisor", password="bench-pw-2026", unit="测试区", role="supervisor")
    sup = User.objects.get(username="supervisor")
    return [programme_create(actor=sup, name=f"项目{i}", year=2026, owner_unit="测试区") for i in range(6)]


def _task(i: int, programmes, units, today: dt.date) -> Task:
    created = today - dt.timedelta(days=30 + i % 120)
    state = STATES[i % len(STATES)]
    deadline = created + dt.timedelta(days=40 + i % 150)
    return Task(code=f"B-{i:06d}", title=f"批量督办事项{i}", programme=programmes[i % len(programmes)],
                lead_unit=units[i % len(units)], state=state, deadline=deadline, original_deadline=deadline,
                percent=(i * 7) % 100, created_at=clock.now() - dt.timedelta(days=(today - created).days),
                assigned_on=created, closed_on=today - dt.timedelta(days=2) if state == TaskState.CLOSED else None,
                next_due_on=deadline - dt.timedelta(days=20),  # its one milestone (populate)
                last_report_on=created + dt.timedelta(days=10) if state != TaskState.ASSIGNED else None)


def _events(tasks, head) -> list[Event]:
    events, seq, prev = [], head.seq, head.hash
    for t in tasks:
        for action in ("task.created", "task.assigned", "task.reported"):
            seq += 1
            e = Event(seq=seq, at=t.created_at, actor="supervisor", action=action, task_id=t.pk, payload={},
                      state_after=t.state, deadline_after=t.deadline, prev_hash=prev)
            e.hash = prev = compute_hash(prev, e)
            events.append(e)
    head.seq, head.hash = seq, prev
    return events


@transaction.atomic
def populate(n: int, programmes) -> None:
    today = clock.today()
    units = list(Unit.objects.filter(name__in=STREETS))
    tasks = [_task(i, programmes, units, today) for i in range(n)]
    assign_districts(tasks)
    tasks = Task.objects.bulk_create(tasks, batch_size=2000)
    if tasks[0].pk is None:  # backends that do not return ids from bulk inserts
        tasks = list(Task.objects.order_by("pk"))
    Milestone.objects.bulk_create([Milestone(task=t, name="形成方案", due_on=t.deadline - dt.timedelta(days=20))
                                   for t in tasks], batch_size=2000)
    head, _ = ChainHead.objects.select_for_update().get_or_create(pk=1)
    Event.objects.bulk_create(_events(tasks, head), batch_size=2000)
    head.save()


def trend_from_log(user, today: dt.date) -> list[Counter]:
    """What the first visit of the day computed before the daily counts: every visible task's light
    at each past week end, from the event log."""
    visible = tasks_visible_to(user)
    rows, found = task_rows(visible), histories(visible.values("pk"))
    return [Counter(light.color for row in rows if (light := light_then(row, found.get(row.pk), day)))
            for day in week_ends(today)[:-1]]


def measure(fn, repeat: int) -> tuple[float, int]:
    times, queries = [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        queries = len(ctx)
    return statistics.median(times), queries


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    populate(n, setup_world())
    client = Client(HTTP_HOST="localhost")  # testserver is not among the allowed hosts
    client.force_login(User.objects.get(username="supervisor"))

    def page(path):
        def get():
            response = client.get(path)
            assert response.status_code == 200, response.status_code
        return get

    def cold(fn):
        def run():
            cache.clear()
            fn()
        return run

    page("/")()  # a serving process has its URL conf imported and its calendar loaded already
    supervisor, today = User.objects.get(username="supervisor"), clock.today()
    rows = [("Task.objects.count() (baseline)", *measure(lambda: Task.objects.count(), 5)),
            ("trend derived from the log (former path)", *measure(lambda: trend_from_log(supervisor, today), 1)),
            ("sweep's daily counts, first run (once)", *measure(lambda: tallies_fill(today=today), 1)),
            ("sweep's daily counts, one day recorded", *measure(
                lambda: tally_day_record(day=today - dt.timedelta(days=1)), 1)),
            ("trend from the daily counts", *measure(cold(lambda: light_trend(supervisor, today=today,
                                                                                current=Counter())), 3)),
            ("battle map  GET / (first of the day)", *measure(cold(page("/")), 3)),
            ("battle map  GET / (trend cached)", *measure(page("/"), 3)),
            ("task list   GET /tasks/", *measure(page("/tasks/"), 3)),
            ("red tasks   GET /tasks/?light=red", *measure(page("/tasks/?light=red"), 3)),
            ("inbox       GET /inbox/", *measure(page("/inbox/"), 3))]
    base = rows[0][1]
    print(f"duban web bench: {n} tasks, {connection.vendor}")
    print(f"{'what':40} {'median s':>9} {'queries':>8} {'× baseline':>11}")
    for name, seconds, queries in rows:
        print(f"{name:40} {seconds:9.4f} {queries:8d} {seconds / base:11.0f}")


if __name__ == "__main__":
    main()
