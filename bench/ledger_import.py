"""The ledger import of N rows into a generated province, beside the database's own speed for the
same rows: a raw `executemany` (SQLite) or `COPY` (PostgreSQL) of the ledger's cells into a plain table
of the same database, in one transaction. Also timed: reading the .xlsx alone (the ledger reader:
calamine for a sheet it can bound, else openpyxl read-only; the floor the parser sets), the dry run
(read + check every row), and the import (read, check once, one bulk insert per table, the chained
events). Import after django.setup(); run inside
clock.travel(province.TODAY).
"""
import datetime as dt
import os
import tempfile
import time
from pathlib import Path

from django.db import connection, transaction

HEADERS = ["编号", "来源类型", "事项内容", "牵头单位", "配合单位", "责任人", "完成时限", "节点计划", "备注"]


def _cells(world, today: dt.date, count: int):
    units = [u.name for district in world.districts for u in world.units[district.pk]]
    deadline = today + dt.timedelta(days=90)
    plan = f"{(today + dt.timedelta(days=30)).isoformat()} 完成方案；{(today + dt.timedelta(days=60)).isoformat()} 完成主体"
    for i in range(count):
        yield [f"L-{i:07d}", "年度计划", f"导入事项第{i}项：推进重点工作并按月报送进展\n具体要求第{i}条",
               units[i % len(units)], units[(i + 1) % len(units)], f"责任人{i % 97}", deadline, plan, "备注"]


def _write_xlsx(path: Path, rows) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("台账")
    sheet.append(["督办台账"])
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    book.save(path)


def _raw(rows: list[list[str]]) -> float:
    """The same rows as text into one plain table: executemany on SQLite, COPY on PostgreSQL."""
    columns = ", ".join(f"c{i} text" for i in range(len(HEADERS)))
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE bench_ledger_raw ({columns})")
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy("COPY bench_ledger_raw FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO bench_ledger_raw VALUES ({', '.join(['%s'] * len(HEADERS))})", rows)
    took = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_ledger_raw")
    return took


def _timed(fn) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def _read_only(path: Path) -> int:
    from duban.ledger.rows import open_ledger

    with open_ledger(path) as ledger:
        return sum(1 for _ in ledger.rows)


def ledger_rows(world, today: dt.date, count: int) -> list[dict]:
    from duban.ledger.importer import ledger_import
    from duban.tasks.models import Task

    path = Path(tempfile.mkdtemp(prefix="duban-bench-ledger-")) / "ledger.xlsx"
    _write_xlsx(path, _cells(world, today, count))
    base = _raw([[str(v) for v in row] for row in _cells(world, today, count)])
    programme = world.programmes[-1].name
    read, seen = _timed(lambda: _read_only(path))
    dry_time, dry = _timed(lambda: ledger_import(actor=world.supervisor, path=path, programme=programme, dry_run=True))
    before = Task.objects.count()
    took, result = _timed(lambda: ledger_import(actor=world.supervisor, path=path, programme=programme))
    assert seen == count and not dry.errors and result.written, (dry.errors or result.errors)[:3]
    assert result.created == count == Task.objects.count() - before
    os.remove(path)
    raw = "COPY" if connection.vendor == "postgresql" else "executemany"
    return [_figure(f"ledger {count} rows: raw {raw}, one table (baseline)", base, base, count),
            _figure(f"ledger {count} rows: read the .xlsx only (calamine)", read, base, count),
            _figure(f"ledger {count} rows: dry run (read + check)", dry_time, base, count),
            _figure(f"ledger {count} rows: import (read, check, write, events)", took, base, count)]


def _figure(what: str, seconds: float, base: float, count: int) -> dict:
    return {"what": what, "seconds": seconds, "ratio": seconds / base, "rows": count, "per_second": count / seconds}
