"""A province on one installation: each figure beside a baseline measured in the same run.

    .venv/bin/python bench/bench_province.py --tasks 10000 [--districts 100] [--json OUT]

Runs in a throwaway DUBAN_HOME (SQLite) unless DATABASE_URL is set (then the database must hold no
tasks). Generates the province (bench/province.py), then measures, on the day province.TODAY:
- "open tasks of unit X past their deadline" through the selector a page uses (`tasks_of`), and as
  the visible-tasks query set filtered in the database, beside the hand-written SQL;
- creating tasks one by one through `task_create` beside raw INSERTs of the same rows;
- the ledger import of --ledger rows beside a raw executemany / COPY of the same rows (bench/ledger_import.py);
- the battle map's per-unit light counts for a district's supervisor (`battle_map_data`, with its
  Gantt) beside one hand-written SQL query computing the same counts;
- whole pages (the battle map, the task list, the inbox, the API's list) for a district's supervisor,
  a unit's liaison and the province's supervisor, beside the hand-written query for their first 50;
- `GET /api/tasks?limit=50` for a district's supervisor and the OpenAPI document under concurrent
  clients against `duban serve`, beside a static file from the same server (the server's clock is
  the real one, not TODAY).
Prints a table; with --json, writes the rows for bench/run.py.
"""
import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ["DUBAN_HOME"] = tempfile.mkdtemp(prefix="duban-bench-")  # never the installation's own data
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

import ledger_import  # noqa: E402
import load  # noqa: E402
import peers  # noqa: E402
import province  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from duban.core import clock  # noqa: E402
from duban.tasks import services as svc  # noqa: E402
from duban.tasks.access import tasks_visible_to  # noqa: E402
from duban.tasks.models import OPEN_STATES, Task, assign_districts  # noqa: E402
from duban.tasks.selectors import tasks_of  # noqa: E402

OVERDUE_SQL = """
SELECT t.id FROM tasks_task t
WHERE t.state IN ({states}) AND t.deadline < %s
  AND (t.lead_unit_id = %s OR t.id IN (SELECT c.task_id FROM tasks_task_co_units c WHERE c.unit_id = %s))
ORDER BY t.deadline, t.id"""


def median_time(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def busiest_unit(world: province.Province):
    """The unit with the most open overdue tasks: the query's worst case in this province."""
    counts = {}
    for unit_id in Task.objects.filter(state__in=OPEN_STATES, deadline__lt=province.TODAY).values_list(
            "lead_unit_id", flat=True):
        counts[unit_id] = counts.get(unit_id, 0) + 1
    unit_id = max(counts, key=lambda k: (counts[k], -k))
    return next(u for us in world.units.values() for u in us if u.pk == unit_id)


def overdue_rows(world: province.Province, repeat: int) -> list[dict]:
    unit = busiest_unit(world)
    liaison = world.liaisons[unit.pk]
    states = ", ".join(["%s"] * len(OPEN_STATES))

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(OVERDUE_SQL.format(states=states), [*OPEN_STATES, province.TODAY, unit.pk, unit.pk])
            return [r[0] for r in cursor.fetchall()]

    def selector():  # what the task list does for "unit X", then the overdue ones
        return sorted((t.pk for t, _ in tasks_of(liaison, unit=unit.name, today=province.TODAY)
                       if t.state in OPEN_STATES and t.deadline and t.deadline < province.TODAY))

    def queryset():
        qs = tasks_visible_to(liaison).filter(state__in=OPEN_STATES, deadline__lt=province.TODAY)
        qs = qs.filter(lead_unit=unit) | qs.filter(co_units=unit)
        return list(qs.distinct().order_by("deadline", "pk").values_list("pk", flat=True))

    base, expected = median_time(raw, repeat * 5)
    rows = [_row("overdue of unit X: hand-written SQL (baseline)", base, base, len(expected))]
    for what, fn in (("overdue of unit X: tasks_of selector", selector),
                     ("overdue of unit X: visible query set", queryset)):
        seconds, got = median_time(fn, repeat)
        assert sorted(got) == sorted(expected), f"{what} disagrees with the SQL: {len(got)} vs {len(expected)}"
        rows.append(_row(what, seconds, base, len(got)))
    return rows


BATTLEMAP_SQL = """
WITH near(w, d) AS (VALUES {near}), back(c, d, s) AS (VALUES {back})
SELECT t.lead_unit_id, COUNT(*),
  SUM(CASE WHEN (t.state = 'closed' AND t.recheck_due_on < %(today)s)
        OR (t.state = 'closure_requested' AND t.closure_requested_on > t.deadline)
        OR (({nodal}) AND t.next_due_on < %(today)s) THEN 1 ELSE 0 END),
  SUM(CASE WHEN (t.state = 'closed' AND t.recheck_due_on >= %(today)s AND t.recheck_due_on < n.d)
        OR (({nodal}) AND (t.next_due_on IS NULL OR t.next_due_on >= %(today)s) AND (t.next_due_on < n.d OR (t.state = 'in_progress'
            AND (t.last_report_on < b.d OR (t.last_report_on IS NULL AND t.signed_at < b.s))))) THEN 1 ELSE 0 END),
  SUM(CASE WHEN t.state = 'cancelled' THEN 1 ELSE 0 END)
FROM tasks_task t
JOIN tasks_programme p ON p.id = t.programme_id
JOIN near n ON n.w = p.warning_workdays
JOIN back b ON b.c = p.report_cycle_workdays
JOIN org_unit u ON u.id = t.lead_unit_id
WHERE u.path LIKE %(path)s
GROUP BY t.lead_unit_id"""


def _battlemap_sql(path: str, today: dt.date) -> tuple[str, dict]:
    """BATTLEMAP_SQL for the units under `path`, with each programme's thresholds as dates."""
    from duban.core.workdays import first_day_reaching
    from duban.tasks.models import Programme

    terms = set(Programme.objects.values_list("warning_workdays", "report_cycle_workdays"))
    params = {"today": today, "path": f"{path}%"}
    near, back = [], []
    for i, w in enumerate({w for w, _ in terms}):
        near.append(f"(%(w{i})s, %(nd{i})s)")
        params.update({f"w{i}": w, f"nd{i}": first_day_reaching(today, w + 1)})
    for i, c in enumerate({c for _, c in terms}):
        since = first_day_reaching(today, -c)
        back.append(f"(%(c{i})s, %(bd{i})s, %(bs{i})s)")
        start = connection.ops.adapt_datetimefield_value(
            dt.datetime.combine(since, dt.time.min, tzinfo=dt.timezone(dt.timedelta(hours=8))))
        params.update({f"c{i}": c, f"bd{i}": since, f"bs{i}": start})
    nodal = ("t.state IN ('draft', 'review', 'assigned', 'in_progress') "
             "OR (t.state = 'closure_requested' AND t.closure_requested_on IS NULL)")
    return BATTLEMAP_SQL.format(near=", ".join(near), back=", ".join(back), nodal=nodal), params


def battlemap_rows(world: province.Province, repeat: int) -> list[dict]:
    """The battle map (counts per unit, Gantt) of a district's supervisor and of the province's,
    from the kept counts (tallies.live, built first as the daily sweep builds them) and by counting
    the tasks, each beside one hand-written query giving the same per-unit counts."""
    from duban.org.models import Membership, User
    from duban.tallies.live import live_counts_maintain, usable
    from duban.web.battlemap import battle_map_data

    today = province.TODAY
    built, _ = median_time(lambda: live_counts_maintain(today), 1)
    assert usable(today), "the kept counts should answer after the sweep built them"
    district_supervisor = User.objects.create(username="battlemap-supervisor", password="!", display_name="区督查员")
    Membership.objects.create(user=district_supervisor, unit=world.districts[0], role="supervisor")
    tasks = Task.objects.count()
    rows = [_row(f"live counts: built by the sweep ({tasks:,} tasks)", built, built, tasks)]
    for who, user, path in (("a district", district_supervisor, world.districts[0].path),
                            ("the province", world.supervisor, world.root.path)):
        sql, params = _battlemap_sql(path, today)

        def raw(sql=sql, params=params):
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return {u: (n, red, yellow, n - red - yellow - none, none) for u, n, red, yellow, none in cursor.fetchall()}

        def page(live, user=user):
            data = battle_map_data(user, today=today, live=live)
            return {t.key["lead"]: (t.total, t.lights["red"], t.lights["yellow"], t.lights["green"], t.lights["none"])
                    for t in data["units"]}

        base, expected = median_time(raw, repeat)
        shown = sum(v[0] for v in expected.values())
        rows.append(_row(f"battle map of {who}: hand-written SQL (baseline)", base, base, shown))
        for how, live in (("kept counts", True), ("counting the tasks", False)):
            seconds, got = median_time(lambda live=live: page(live), repeat)
            assert got == expected, f"the battle map ({how}) disagrees with the hand-written SQL"
            rows.append(_row(f"battle map of {who}: {how}", seconds, base, shown))
    return rows


PAGES = (("battle map", "/"), ("task list", "/tasks/"), ("inbox", "/inbox/"), ("API list", "/api/tasks?limit=50"))

FIRST_50_SQL = """
SELECT t.id FROM tasks_task t JOIN org_unit u ON u.id = t.lead_unit_id
WHERE u.path LIKE %s AND t.state IN ({states})
ORDER BY t.deadline, t.id LIMIT 50"""


def pages_rows(world: province.Province, repeat: int) -> list[dict]:
    """Whole pages (`/`, `/tasks/`, `/inbox/`, `GET /api/tasks?limit=50`), rendered in the process
    through Django's test client, for a district's supervisor, the busiest unit's liaison and the
    province's supervisor: each beside one hand-written query for the 50 open tasks of the viewer's
    units nearest their deadline (the least a list asks of the database; the liaison's is its unit's).
    Run after the battle map's rows, so the kept counts are built."""
    from django.test import Client

    from duban.org.models import Membership, User

    supervisor = User.objects.create(username="pages-supervisor", password="!", display_name="区督查员")
    Membership.objects.create(user=supervisor, unit=world.districts[0], role="supervisor")
    unit = busiest_unit(world)
    states = ", ".join(["%s"] * len(OPEN_STATES))
    rows = []
    for who, user, path in (("a district's supervisor", supervisor, world.districts[0].path),
                            ("a unit's liaison", world.liaisons[unit.pk], unit.path),
                            ("the province's supervisor", world.supervisor, world.root.path)):
        def first_50(path=path):
            with connection.cursor() as cursor:
                cursor.execute(FIRST_50_SQL.format(states=states), [f"{path}%", *OPEN_STATES])
                return cursor.fetchall()

        base, found = median_time(first_50, repeat)
        rows.append(_row(f"pages of {who}: first 50 open by SQL (baseline)", base, base, len(found)))
        browser = Client(SERVER_NAME="127.0.0.1")
        browser.force_login(user)
        for what, url in PAGES:
            def get(url=url, browser=browser):
                answer = browser.get(url)
                assert answer.status_code == 200, f"{url} answered {answer.status_code}"
                return answer
            seconds, _ = median_time(get, repeat)
            rows.append(_row(f"pages of {who}: {what} {url}", seconds, base, 1))
    return rows


def _task_fields(world: province.Province, i: int) -> dict:
    district = world.districts[i % len(world.districts)]
    unit = world.units[district.pk][i % province.UNITS_PER_DISTRICT]
    return {"title": f"新增督办事项{i}", "programme": world.programmes[-1].name, "lead_unit": unit.name,
            "deadline": province.TODAY + dt.timedelta(days=60), "milestones": [{"name": "形成方案",
                                                                                "workdays_before": 10}]}


def raw_inserts(world: province.Province, n: int):
    """The same task rows as INSERT statements, one per row, in one transaction: returns the timed
    part, so building the rows in Python is not counted."""
    fields = [f for f in Task._meta.concrete_fields if not f.primary_key]
    sql = (f"INSERT INTO tasks_task ({', '.join(connection.ops.quote_name(f.column) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    units = {u.name: u for us in world.units.values() for u in us}
    tasks = []
    for i in range(n):
        spec = _task_fields(world, i)
        tasks.append(Task(title=spec["title"], programme=world.programmes[-1], lead_unit=units[spec["lead_unit"]],
                          deadline=spec["deadline"], original_deadline=spec["deadline"], created_at=clock.now(),
                          code=f"RAW-{i:06d}"))
    assign_districts(tasks)
    rows = [[f.get_db_prep_save(getattr(task, f.attname), connection) for f in fields] for task in tasks]

    def insert():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, rows)
    return insert


def creation_rows(world: province.Province, n: int) -> list[dict]:
    base = median_time(raw_inserts(world, n), 1)[0]
    specs = [_task_fields(world, i) for i in range(n)]
    made = median_time(lambda: [svc.task_create(actor=world.supervisor, **s) for s in specs], 1)[0]
    return [_row(f"create {n} tasks: raw INSERTs (baseline)", base, base, n, rate=n / base),
            _row(f"create {n} tasks: task_create", made, base, n, rate=n / made)]


def load_rows(world: province.Province, clients: int, each: int, workers: int = 2) -> list[dict]:
    """The task-list API for a district's supervisor under `clients` concurrent clients, beside a
    static file from the same server: served by one process (waitress's threads), then by `workers`
    processes (`duban serve --workers`). The OpenAPI document too (built once per process)."""
    from duban.api.models import ApiToken
    from duban.org.models import Membership, User

    district = world.districts[0]
    supervisor = User.objects.create(username="district-supervisor", password="!", display_name="区督查员")
    Membership.objects.create(user=supervisor, unit=district, role="supervisor")
    token = ApiToken.issue(supervisor)
    visible = Task.objects.filter(lead_unit__path__startswith=district.path).count()
    rows = []
    for processes in (1, workers):
        server = load.Server(workers=processes)
        served = "one process" if processes == 1 else f"--workers {processes}"
        paths = [("static file (baseline)", "/static/web/duban.css"),
                 *([("GET /api/openapi.json", "/api/openapi.json")] if processes == 1 else []),
                 (f"GET /api/tasks?limit=50 ({visible} visible)", "/api/tasks?limit=50")]
        try:
            figures = [(what, load.hammer(server, path, token=token, clients=clients, each=each))
                       for what, path in paths]
        finally:
            server.stop()
        base = figures[0][1]
        for what, f in figures:
            for q in ("p50", "p99"):
                rows.append(_row(f"{clients} clients {q}, {served}: {what}", f[q], base[q], f["requests"],
                                 rate=f["per_second"]))
    return rows


def peer_workload(world: province.Province, n: int) -> dict:
    """What Trac and Roundup are given (bench/peers.py): this province before the benchmarks add
    rows, the unit X and its overdue tasks by the hand-written SQL, and the tasks to create."""
    unit = busiest_unit(world)
    states = ", ".join(["%s"] * len(OPEN_STATES))
    with connection.cursor() as cursor:
        cursor.execute(OVERDUE_SQL.format(states=states), [*OPEN_STATES, province.TODAY, unit.pk, unit.pk])
        expected = [r[0] for r in cursor.fetchall()]
    return peers.workload(world, unit, expected, [_task_fields(world, i) for i in range(n)], province.TODAY)


def _row(what: str, seconds: float, base: float, count: int, rate: float | None = None) -> dict:
    return {"what": what, "seconds": seconds, "ratio": seconds / base if base else None, "rows": count,
            "per_second": rate}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--districts", type=int, default=100)
    parser.add_argument("--create", type=int, default=500, help="tasks created in the creation benchmark")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--clients", type=int, default=16, help="concurrent API clients (0: skip)")
    parser.add_argument("--each", type=int, default=4, help="requests per client, one after another")
    parser.add_argument("--workers", type=int, default=2, help="serving processes in the second load run")
    parser.add_argument("--json", help="write the rows here as JSON")
    parser.add_argument("--ledger", type=int, default=10_000, help="rows in the ledger import benchmark (0: skip)")
    parser.add_argument("--pages", type=int, default=1, help="whole pages for three viewers (0: skip)")
    parser.add_argument("--peers", action="store_true", help="Trac and Roundup on the same workload (bench/peers.py)")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if Task.objects.exists():
        sys.exit("bench_province: the database already holds tasks; point DATABASE_URL at an empty one")
    started = time.perf_counter()
    world = province.generate(tasks=args.tasks, districts=args.districts)
    generated = time.perf_counter() - started
    workload = peer_workload(world, args.create) if args.peers else None  # before the benchmarks add tasks
    with clock.travel(province.TODAY):
        rows = overdue_rows(world, args.repeat) + creation_rows(world, args.create)
        rows += battlemap_rows(world, args.repeat)
        if args.pages:
            rows += pages_rows(world, args.repeat)
        if args.ledger:
            rows += ledger_import.ledger_rows(world, province.TODAY, args.ledger)
    if workload:
        rows += peers.peer_rows(rows, workload, args.repeat)
    if args.clients:
        rows += load_rows(world, args.clients, args.each, args.workers)
    meta = {"database": connection.vendor, "tasks": args.tasks, "districts": args.districts,
            "units": sum(len(u) for u in world.units.values()), "generate_seconds": round(generated, 1)}
    for row in rows:
        row.update(meta)
    print(f"province: {args.tasks:,} tasks in {args.districts} districts ({meta['units']} units), "
          f"{connection.vendor}, generated in {generated:.1f} s")
    print(f"{'what':68} {'seconds':>9} {'rows':>7} {'per s':>8} {'× baseline':>11}")
    for r in rows:
        rate = f"{r['per_second']:8.0f}" if r["per_second"] else " " * 8
        print(f"{r['what']:68} {r['seconds']:9.4f} {r['rows']:7d} {rate} {r['ratio']:11.1f}")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
