"""Benchmark of a whole district's roster: 300 units and 2,000 people in one .xlsx, against
creating the same units and users one by one through the services (`duban unit add` / `user add`).

    .venv/bin/python bench/bench_orgchart.py [--units 300 --people 2000]
    scripts/with-postgres.sh .venv/bin/python bench/bench_orgchart.py

Fresh instance in a temporary DUBAN_HOME (SQLite unless DATABASE_URL is set). Times: the baseline
(a fortieth of the units and people created one at a time through unit_create and user_create,
scaled up ×40), the dry run, the import (units, people, roles, invitations and their chained events in one
transaction), and a re-import of the export, which must change nothing. The target is under 30 s.
"""
import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DUBAN_HOME"] = tempfile.mkdtemp(prefix="duban-bench-orgchart-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
SAMPLE = 40  # the baseline hashes a password per user (Argon2): a sample, scaled up
ROLES = ["联络员", "督查员", "领导", "观察员"]


def setup():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from duban.org.services import unit_create, user_create

    unit_create(actor=None, name="基准区", kind="region")
    return user_create(actor=None, username="bench-admin", password="bench-password", unit="基准区", role="admin")


def write_roster(path: Path, units: int, people: int) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("单位")
    sheet.append(["单位名称", "简称", "类型", "上级单位"])
    for i in range(units):  # a tree three levels deep: departments, their offices, sections
        parent = "基准区" if i < 30 else f"基准单位{(i - 30) // 9:03d}"
        sheet.append([f"基准单位{i:03d}", f"单位{i}", "部门" if i < 30 else "机构", parent])
    sheet = book.create_sheet("人员")
    sheet.append(["姓名", "用户名", "单位", "角色", "职务", "电子邮件", "手机"])
    for i in range(people):
        sheet.append([f"人员{i}", f"p{i:05d}", f"基准单位{i % units:03d}", ROLES[i % 4], "科员",
                      f"p{i:05d}@example.cn" if i % 3 else "", f"139{i:08d}"])
    book.save(path)


def baseline(admin, units: int, people: int) -> float:
    """One service call per unit and per person, as `duban unit add` / `user add` would: 1/40, ×40."""
    from duban.org.services import unit_create, user_create

    started = time.perf_counter()
    for i in range(units // SAMPLE):
        unit_create(actor=admin, name=f"逐个单位{i:03d}", parent="基准区")
    for i in range(people // SAMPLE):
        user_create(actor=admin, username=f"one{i:05d}", password="bench-password-1",
                    unit=f"逐个单位{i % (units // SAMPLE):03d}", role="liaison")
    return (time.perf_counter() - started) * SAMPLE


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--people", type=int, default=2000)
    args = parser.parse_args()
    admin = setup()
    from django.db import connection

    from duban.orgchart.export import orgchart_export
    from duban.orgchart.importer import orgchart_import

    home = Path(os.environ["DUBAN_HOME"])
    path, again = home / "花名册.xlsx", home / "导出.xlsx"
    write_roster(path, args.units, args.people)
    base = baseline(admin, args.units, args.people)
    dry_time, dry = timed(lambda: orgchart_import(actor=admin, path=path, dry_run=True))
    import_time, result = timed(lambda: orgchart_import(actor=admin, path=path))
    assert not result.errors and result.people_created == args.people, result.errors[:5]
    export_time, _ = timed(lambda: orgchart_export(actor=admin, target=again))
    reimport_time, second = timed(lambda: orgchart_import(actor=admin, path=again))
    assert second.people_created == second.people_updated == second.units_created == 0, second.as_dict()
    print(f"org chart import, {args.units} units and {args.people} people, {connection.vendor}")
    print(f"{'step':<62}{'seconds':>10}{'× baseline':>12}")
    for name, took in [(f"baseline: one service call each, Argon2 per password (1/{SAMPLE}, ×{SAMPLE})", base),
                       ("dry run: read + validate", dry_time),
                       (f"import (+{result.invited} invitations)", import_time),
                       ("export", export_time),
                       ("re-import the export (nothing changes)", reimport_time)]:
        print(f"{name:<62}{took:>10.2f}{took / base:>12.4f}")
    print(f"import under 30 s: {'yes' if import_time < 30 else 'NO'}")


if __name__ == "__main__":
    main()
