"""duban's PostgreSQL sessions are planned for data in memory or on SSDs (config/settings.py)."""
import pytest
from django.db import connection

from duban.core.tests.helpers import PG_URL, SETUP, run_python

SHOW = SETUP + "from django.conf import settings; print(repr(settings.DATABASES['default'].get('OPTIONS', {}).get('options')))"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL planner setting")
@pytest.mark.django_db
def test_a_session_on_postgresql_costs_a_random_read_as_a_read_from_memory():
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"


def test_the_cost_is_an_option_of_each_postgresql_session_and_can_be_left_to_the_server(tmp_path):
    assert run_python(SHOW, tmp_path, DATABASE_URL=PG_URL).stdout.strip() == "'-c random_page_cost=1.1'"
    assert run_python(SHOW, tmp_path, DATABASE_URL=PG_URL, DUBAN_PG_RANDOM_PAGE_COST="2").stdout.strip() == \
        "'-c random_page_cost=2'"
    assert run_python(SHOW, tmp_path, DATABASE_URL=PG_URL, DUBAN_PG_RANDOM_PAGE_COST="").stdout.strip() == "None"
    assert run_python(SHOW, tmp_path, DATABASE_URL=None).stdout.strip() == "None"  # SQLite


def test_a_cost_that_is_not_a_number_stops_duban_with_a_sentence(tmp_path):
    run = run_python("from duban.cli.main import main; raise SystemExit(main(['--help']))", tmp_path,
                     DATABASE_URL=PG_URL, DUBAN_PG_RANDOM_PAGE_COST="1 -c statement_timeout=1")
    assert run.returncode == 1
    assert run.stderr.strip() == ("duban: 无法启动，配置有误：DUBAN_PG_RANDOM_PAGE_COST='1 -c statement_timeout=1': "
                                  "a number such as 1.1, or empty")
    assert "Traceback" not in run.stderr
