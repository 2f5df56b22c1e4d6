"""What the closed loop costs per step: N tasks taken through create → assign → sign → report,
each step a service call with its permission check, row lock and hash-chained event, beside a raw
bulk insert of the same number of rows in the same run.

    .venv/bin/python bench/bench_loop.py [N]        (default 500)

Runs in a throwaway DUBAN_HOME (SQLite) unless DATABASE_URL is set.
"""
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DUBAN_HOME"] = tempfile.mkdtemp(prefix="duban-bench-")  # never the installation's own data
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from duban.core import clock  # noqa: E402
from duban.core.eventlog import verify_log  # noqa: E402
from duban.core.models import Holiday  # noqa: E402
from duban.org.models import User  # noqa: E402
from duban.org.services import unit_create, user_create  # noqa: E402
from duban.tasks import services as svc  # noqa: E402


def world():
    call_command("migrate", verbosity=0)
    unit_create(actor=None, name="测试区", kind="region")
    unit_create(actor=None, name="测试局", parent="测试区")
    user_create(actor=None, username="sup", password="bench-pw-2026", unit="测试区", role="supervisor")
    user_create(actor=None, username="li", password="bench-pw-2026", unit="测试局", role="liaison")
    svc.programme_create(actor=User.objects.get(username="sup"), name="基准项目", year=2026, owner_unit="测试区")


def timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main(n: int) -> None:
    world()
    sup, li = User.objects.get(username="sup"), User.objects.get(username="li")
    deadline = clock.today() + dt.timedelta(days=60)
    ids: list[int] = []

    def create():
        ids.extend(svc.task_create(actor=sup, title=f"事项{i}", programme="基准项目", lead_unit="测试局",
                                   deadline=deadline).pk for i in range(n))

    rows = []
    rows.append(("raw bulk insert (baseline)", timed(lambda: Holiday.objects.bulk_create(
        [Holiday(date=dt.date(2100, 1, 1) + dt.timedelta(days=i), name="x") for i in range(n)]))))
    rows.append(("task_create", timed(create)))
    rows.append(("task_assign", timed(lambda: [svc.task_assign(actor=sup, task_id=i) for i in ids])))
    rows.append(("task_sign", timed(lambda: [svc.task_sign(actor=li, task_id=i) for i in ids])))
    rows.append(("task_report", timed(lambda: [svc.task_report(actor=li, task_id=i, text="进展", percent=10)
                                               for i in ids])))
    rows.append(("verify-log (all events)", timed(lambda: verify_log())))
    base = rows[0][1]
    print(f"{'operation':<28}{'n':>8}{'seconds':>10}{'per second':>12}{'× baseline':>12}")
    for name, secs in rows:
        print(f"{name:<28}{n:>8}{secs:>10.3f}{n / secs:>12.0f}{secs / base:>12.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
