"""duban's PostgreSQL sessions are planned for data in memory or on SSDs (config/settings.py)."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]
SETUP = "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings'; django.setup()\n"
SHOW = SETUP + "from django.conf import settings; print(repr(settings.DATABASES['default'].get('OPTIONS', {}).get('options')))"


def _run(code: str, tmp_path, **env) -> subprocess.CompletedProcess:
    environ = {**os.environ, "DUBAN_HOME": str(tmp_path), "PYTHONPATH": str(ROOT), **env}
    return subprocess.run([sys.executable, "-c", code], env=environ, cwd=ROOT, capture_output=True, text=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL planner setting")
@pytest.mark.django_db
def test_a_session_on_postgresql_costs_a_random_read_as_a_read_from_memory():
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"


def test_the_cost_is_an_option_of_each_postgresql_session_and_can_be_left_to_the_server(tmp_path):
    pg = "postgres://duban@127.0.0.1:5432/duban"
    assert _run(SHOW, tmp_path, DATABASE_URL=pg).stdout.strip() == "'-c random_page_cost=1.1'"
    assert _run(SHOW, tmp_path, DATABASE_URL=pg, DUBAN_PG_RANDOM_PAGE_COST="2").stdout.strip() == \
        "'-c random_page_cost=2'"
    assert _run(SHOW, tmp_path, DATABASE_URL=pg, DUBAN_PG_RANDOM_PAGE_COST="").stdout.strip() == "None"
    sqlite = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    assert subprocess.run([sys.executable, "-c", SHOW], env={**sqlite, "DUBAN_HOME": str(tmp_path),
                                                             "PYTHONPATH": str(ROOT)},
                          cwd=ROOT, capture_output=True, text=True).stdout.strip() == "None"


def test_a_cost_that_is_not_a_number_stops_duban_with_a_sentence(tmp_path):
    run = _run("from duban.cli.main import main; raise SystemExit(main(['--help']))", tmp_path,
               DATABASE_URL="postgres://duban@127.0.0.1:5432/duban",
               DUBAN_PG_RANDOM_PAGE_COST="1 -c statement_timeout=1")
    assert run.returncode == 1
    assert run.stderr.strip() == ("duban: 无法启动，配置有误：DUBAN_PG_RANDOM_PAGE_COST='1 -c statement_timeout=1': "
                                  "a number such as 1.1, or empty")
    assert "Traceback" not in run.stderr
