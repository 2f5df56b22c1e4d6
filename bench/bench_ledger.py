"""Benchmark of a ledger import against a raw sqlite3 executemany of the same rows, in one run.

    .venv/bin/python bench/bench_ledger.py --rows 100000
    scripts/with-postgres.sh .venv/bin/python bench/bench_ledger.py --rows 100000

Builds a fresh instance in a temporary DUBAN_HOME (20 units, a supervisor, a leader, one
programme; SQLite unless DATABASE_URL is set), writes a ledger of N rows as offices keep it, then
times: the baseline (the same rows into a plain table with sqlite3 executemany, one transaction),
the dry run (parse and check every row), and the import (parse and check every row once, then write
the checked tasks with one bulk insert per table and their chained events, in one transaction).
Prints a table with each time and its ratio to the baseline. bench/ledger_import.py measures the
same inside the province benchmark (`make bench`), beside executemany or COPY on that database.
"""
import argparse
import datetime as dt
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DUBAN_HOME"] = tempfile.mkdtemp(prefix="duban-bench-ledger-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

UNITS = [f"基准单位{i:02d}" for i in range(20)]
HEADERS = ["编号", "来源类型", "事项内容", "牵头单位", "配合单位", "责任人", "完成时限", "节点计划", "备注"]


def setup():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from duban.org.services import unit_create, user_create
    from duban.tasks.services import programme_create

    unit_create(actor=None, name="基准区", kind="region")
    for name in UNITS:
        unit_create(actor=None, name=name, parent="基准区")
    user = user_create(actor=None, username="bench", password="bench-password", unit="基准区", role="supervisor")
    programme_create(actor=user, name="基准项目", year=2035, owner_unit="基准区")
    return user


def rows(count: int):
    deadline = dt.date(2035, 12, 31)
    for i in range(count):
        yield [f"B-{i:06d}", "年度计划", f"基准事项第{i}项：推进重点工作并按月报送进展\n具体要求第{i}条",
               UNITS[i % 20], UNITS[(i + 1) % 20], f"责任人{i % 97}", deadline,
               "2035-06-30 完成方案；2035-09-30 完成主体", "备注"]


def write_ledger(path: Path, count: int) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("台账")
    sheet.append(["基准督办台账"])
    sheet.append(HEADERS)
    for row in rows(count):
        sheet.append(row)
    book.save(path)


def baseline(count: int) -> float:
    """The floor: the same rows as tuples into one plain table, one transaction."""
    db = sqlite3.connect(Path(os.environ["DUBAN_HOME"]) / "baseline.sqlite3")
    db.execute(f"create table ledger ({', '.join(f'c{i} text' for i in range(len(HEADERS)))})")
    started = time.perf_counter()
    with db:
        db.executemany(f"insert into ledger values ({', '.join('?' * len(HEADERS))})",
                       ([str(v) for v in row] for row in rows(count)))
    took = time.perf_counter() - started
    db.close()
    return took


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    user = setup()
    from django.db import connection

    from duban.core.eventlog import verify_log
    from duban.ledger.importer import ledger_import
    from duban.tasks.models import Task

    path = Path(os.environ["DUBAN_HOME"]) / "ledger.xlsx"
    write_time, _ = timed(lambda: write_ledger(path, args.rows))
    base = baseline(args.rows)
    dry_time, dry = timed(lambda: ledger_import(actor=user, path=path, programme="基准项目", dry_run=True))
    import_time, result = timed(lambda: ledger_import(actor=user, path=path, programme="基准项目"))
    assert not result.errors and result.created == args.rows == Task.objects.count(), result.errors[:5]
    verify_time, verified = timed(verify_log)
    print(f"ledger import, {args.rows} rows ({path.stat().st_size / 1e6:.1f} MB .xlsx), {connection.vendor}")
    print(f"{'step':<44}{'seconds':>10}{'rows/s':>10}{'× baseline':>12}")
    for name, took in [("baseline: sqlite3 executemany, one table", base),
                       ("write the .xlsx (openpyxl write-only)", write_time),
                       ("dry run: parse + validate", dry_time),
                       ("import: validate + bulk create + events", import_time),
                       (f"verify-log ({verified.checked} events)", verify_time)]:
        print(f"{name:<44}{took:>10.2f}{args.rows / took:>10.0f}{took / base:>12.1f}")


if __name__ == "__main__":
    main()
