"""A process killed while it writes an import leaves the database as it was (one transaction)."""
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = """
import os, sys, datetime as dt
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0, interactive=False)
from duban.org.services import unit_create, user_create
from duban.tasks.services import programme_create
from duban.ledger.importer import ledger_import
from openpyxl import Workbook
unit_create(actor=None, name="钱塘区", kind="region")
unit_create(actor=None, name="区审计局", parent="钱塘区")
user = user_create(actor=None, username="s", password="password-1", unit="钱塘区", role="supervisor")
programme_create(actor=user, name="P", year=2035, owner_unit="钱塘区")
book = Workbook(write_only=True); sheet = book.create_sheet("台账")
sheet.append(["编号", "事项内容", "牵头单位", "完成时限"])
for i in range(2000):
    sheet.append([f"K-{i}", f"事项{i}", "区审计局", dt.date(2035, 12, 31)])
book.save(sys.argv[1])
import time
def progress(stage, done, total):
    if stage == "write" and done >= 400:
        print("WRITING", flush=True)
        time.sleep(120)  # hold the open transaction until the test kills us: no race with a fast write
ledger_import(actor=user, path=sys.argv[1], programme="P", progress=progress)
print("FINISHED", flush=True)
"""


@pytest.mark.skipif("sqlite" not in settings.DATABASES["default"]["ENGINE"],
                    reason="the child process builds its own SQLite instance; PostgreSQL runs share one server")
def test_it_leaves_the_database_as_it_was_when_killed_mid_import(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "DUBAN_HOME": str(home), "DJANGO_SETTINGS_MODULE": "config.settings"}
    env.pop("DATABASE_URL", None)
    child = subprocess.Popen([sys.executable, "-c", SCRIPT, str(tmp_path / "big.xlsx")], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, text=True)
    line = child.stdout.readline()
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert line.strip() == "WRITING"

    import sqlite3

    db = sqlite3.connect(home / "duban.sqlite3")
    assert db.execute("select count(*) from tasks_task").fetchone() == (0,)
    assert db.execute("select count(*) from core_event where action = 'task.created'").fetchone() == (0,)
