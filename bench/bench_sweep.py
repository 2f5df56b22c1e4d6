"""Benchmark of the supervision sweep over large task tables, against a plain count in the same run.

    .venv/bin/python bench/bench_sweep.py --sizes 100000,1000000   (a throwaway DUBAN_HOME)
    DATABASE_URL=postgres://... .venv/bin/python bench/bench_sweep.py --sizes 100000
    .venv/bin/python bench/bench_sweep.py --suite 100000 --json OUT   (bench/run.py: see suite())

For each size the table is filled by bulk inserts (no event log: this measures the sweep's reads
and the steps it fires), then it prints: the baseline count, the first sweep (fires the due
steps), the second sweep the same day (fires nothing), each with wall time and peak Python memory
(tracemalloc), and the ratios to the baseline.
"""
import argparse
import datetime as dt
import json
import os
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Never the installation's own data: the bench deletes and refills the task tables.
os.environ["DUBAN_HOME"] = os.environ.get("DUBAN_BENCH_HOME") or tempfile.mkdtemp(prefix="duban-bench-")

TODAY = dt.date(2026, 6, 10)
BATCH = 5000


def setup():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from duban.tasks.models import Task

    if Task.objects.exists():  # DATABASE_URL pointed at a database with real tasks: refuse to wipe them
        sys.exit("bench_sweep: the database already holds tasks; point DATABASE_URL at an empty one")


def fill(size: int) -> None:
    """`size` tasks: deadlines spread over five years, most on pace and reporting on time."""
    from django.utils import timezone

    from duban.org.models import Unit
    from duban.supervision.models import LadderStep, Notice, OutboxMessage
    from duban.tasks.models import Programme, Task, TaskState, assign_districts

    OutboxMessage.objects.all().delete()
    Notice.objects.all().delete()
    LadderStep.objects.all().delete()
    Task.objects.all().delete()
    root, _ = Unit.objects.get_or_create(name="基准区", defaults={"path": "/", "kind": "region"})
    Unit.objects.filter(pk=root.pk).update(path=f"/{root.pk}/")  # paths of ids, as the services write them
    root.refresh_from_db()
    units = [Unit.objects.get_or_create(name=f"基准单位{i}", defaults={"parent": root, "path": "/"})[0]
             for i in range(50)]
    for unit in units:
        Unit.objects.filter(pk=unit.pk).update(path=f"{root.path}{unit.pk}/")
    programme, _ = Programme.objects.get_or_create(name="基准项目", defaults={"year": 2026, "owner_unit": root})
    rng, now = random.Random(7), timezone.now()
    rows = []
    for i in range(size):
        deadline = TODAY + dt.timedelta(days=rng.randint(-60, 1800))
        assigned = TODAY - dt.timedelta(days=rng.randint(20, 200))
        on_pace = rng.random() > 0.01
        state = TaskState.CLOSED if deadline < TODAY - dt.timedelta(days=30) else TaskState.IN_PROGRESS
        rows.append(Task(
            title=f"基准事项{i}", programme=programme, lead_unit=units[i % 50], deadline=deadline, state=state,
            next_due_on=deadline,  # no milestones
            percent=60 if on_pace else 0, assigned_on=assigned, signed_at=now, created_at=now,
            last_report_on=TODAY - dt.timedelta(days=rng.randint(0, 12 if on_pace else 40))))
        if len(rows) == BATCH:
            assign_districts(rows)
            Task.objects.bulk_create(rows)
            rows = []
    assign_districts(rows)
    Task.objects.bulk_create(rows)


def measure(fn):
    tracemalloc.start()
    started = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return result, elapsed, peak


def run(size: int) -> list[tuple]:
    from duban.core import clock
    from duban.supervision.sweep import sweep
    from duban.tasks.models import Task

    started = time.perf_counter()
    fill(size)
    print(f"  filled {size:,} tasks in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    rows = []
    _, base, base_mem = measure(lambda: Task.objects.filter(state="in_progress").count())
    rows.append((size, "baseline: count(*) of open tasks", "", base, base_mem))
    with clock.travel(TODAY):
        first, t1, m1 = measure(lambda: sweep(today=TODAY))
        second, t2, m2 = measure(lambda: sweep(today=TODAY))
    rows.append((size, "sweep, first run of the day", sum(first.values()), t1, m1))
    rows.append((size, "sweep, second run (idempotent)", sum(second.values()), t2, m2))
    return [(*r, r[3] / base if base else 0) for r in rows]


def baseline_select() -> int:
    """One SELECT of the open tasks with the columns the sweep reads: what any sweep reads at least."""
    from duban.supervision.ladder import ACTIVE
    from duban.tasks.models import Task

    fields = ("pk", "programme_id", "deadline", "assigned_on", "percent", "last_report_on", "signed_at")
    return len(list(Task.objects.filter(state__in=ACTIVE).values_list(*fields)))


def step_time() -> dict:
    """The timing run (no tracemalloc): the baseline, then the day's first and second sweep."""
    import statistics

    from duban.core import clock
    from duban.supervision.sweep import sweep

    times = []
    for _ in range(3):
        started = time.perf_counter()
        selected = baseline_select()
        times.append(time.perf_counter() - started)
    figures = {"baseline": statistics.median(times), "selected": selected}
    with clock.travel(TODAY):
        for run in ("first", "second"):
            started = time.perf_counter()
            figures[f"{run}_fired"] = sum(sweep(today=TODAY).values())
            figures[run] = time.perf_counter() - started
    return figures


def _rss() -> int:
    """Resident memory now, in bytes (Linux)."""
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _peak_rss() -> int:
    """The process's resident high-water mark (VmHWM) since the last _reset_peak(), in bytes."""
    status = Path("/proc/self/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))) * 1024


def _reset_peak() -> None:
    # The kernel keeps the mark for free (no slowdown, unlike tracemalloc); "5" resets it to the
    # resident size now, so what the parent process held when this one was forked does not count.
    Path("/proc/self/clear_refs").write_text("5")


def step_memory(what: str) -> dict:
    """A memory run: how far the process's resident high-water mark rises above where it stood
    (Django loaded, connected) during the baseline SELECT or the first sweep, each in a process of
    its own (Linux). tracemalloc would slow a run about fourfold."""
    from django.db import connection

    from duban.core import clock
    from duban.supervision.sweep import sweep

    connection.ensure_connection()
    _reset_peak()
    before = _rss()
    if what == "baseline":
        baseline_select()
    else:
        with clock.travel(TODAY):
            sweep(today=TODAY)
    return {f"{what}_peak": max(0, _peak_rss() - before)}


def suite(size: int) -> list[dict]:
    """Fill once, then time (one process) and measure memory (one process for the baseline, one for
    the first sweep), each timing and memory run on its own copy of the filled database (the first
    sweep changes it), so no run disturbs another."""
    import shutil
    import subprocess

    from django.db import connection

    fill(size)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    home, figures = Path(os.environ["DUBAN_HOME"]), {}
    for steps in (["time"], ["baseline", "first"]):  # the baseline only reads: its copy serves the sweep after
        copy = Path(tempfile.mkdtemp(prefix="duban-bench-")) / "home"
        shutil.copytree(home, copy)
        for step in steps:
            done = subprocess.run([sys.executable, __file__, "--step", step], check=True, capture_output=True,
                                  text=True, env={**os.environ, "DUBAN_BENCH_HOME": str(copy)})
            figures.update(json.loads(done.stdout.strip().splitlines()[-1]))
        shutil.rmtree(copy.parent, ignore_errors=True)
    if "DUBAN_BENCH_HOME" not in os.environ:  # the filled database is this run's own: a million tasks is ~0.4 GB
        shutil.rmtree(home, ignore_errors=True)
    return suite_rows(size, connection.vendor, figures)


def suite_rows(size: int, vendor: str, f: dict) -> list[dict]:
    base, mib = f["baseline"], 2 ** 20
    rows = [(f"sweep: one SELECT of the {f['selected']:,} open tasks (baseline)", base, base, None),
            (f"sweep: first run of the day ({f['first_fired']:,} steps fired)", f["first"], base, None),
            (f"sweep: second run (fires {f['second_fired']})", f["second"], base, None),
            ("sweep memory: baseline SELECT, resident peak rise", f["baseline_peak"] / mib, f["baseline_peak"] / mib, 1),
            ("sweep memory: first run, resident peak rise", f["first_peak"] / mib, f["baseline_peak"] / mib, 1)]
    return [{"database": vendor, "tasks": size, "what": what, "seconds": None if is_mib else secs,
             "peak_mib": secs if is_mib else None, "ratio": secs / b if b else float("nan"), "rows": size,
             "per_second": None} for what, secs, b, is_mib in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000", help="comma-separated task counts")
    parser.add_argument("--suite", type=int, help="bench/run.py: this many tasks, time and memory in separate runs")
    parser.add_argument("--json", help="with --suite: write the rows here")
    parser.add_argument("--step", choices=["time", "baseline", "first"], help=argparse.SUPPRESS)  # suite()'s children
    args = parser.parse_args()
    if args.step:
        import django

        django.setup()
        print(json.dumps(step_time() if args.step == "time" else step_memory(args.step)))
        return
    if args.suite:
        setup()
        rows = suite(args.suite)
        Path(args.json).write_text(json.dumps(rows, ensure_ascii=False, indent=1)) if args.json else print(rows)
        return
    setup()
    from django.db import connection

    print(f"database: {connection.vendor}; day swept: {TODAY}")
    print(f"{'tasks':>10} | {'measure':<34} | {'fired':>7} | {'time s':>8} | {'peak MiB':>8} | {'× baseline':>10}")
    print("-" * 92)
    for size in (int(s) for s in args.sizes.split(",")):
        for n, what, fired, secs, peak, ratio in run(size):
            print(f"{n:>10,} | {what:<34} | {fired!s:>7} | {secs:>8.3f} | {peak / 2**20:>8.1f} | {ratio:>10.1f}")


if __name__ == "__main__":
    main()
