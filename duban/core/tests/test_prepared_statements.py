"""On PostgreSQL the statements duban.core.prepared builds once are also prepared on the server once per
session; the ORM's own statements, whose plans depend on the viewer, never are."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from duban.core.tests.helpers import PG_URL, SETUP, run_python
from duban.tasks.models import Task
from duban.tasks.selectors import co_unit_names, task_rows, task_rows_by_pk

SHOW = SETUP + "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'].get('prepare_threshold'))"
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")


@pytest.fixture
def tasks(world):
    made = [world.task(title="做实审计整改", co_units=("区住房和城乡建设局",)),
            world.task(title="推进智慧监督平台建设", lead_unit="前进街道",
                       milestones=[{"name": "完成方案", "workdays_before": 20}])]
    return [t.pk for t in made]


def _prepared() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


@on_postgresql
@pytest.mark.django_db
def test_a_page_rows_statements_are_prepared_once_and_give_the_query_sets_rows(tasks):
    before = _prepared()
    for pks in (tasks, tasks[:1], tasks, tasks[1:]):
        assert sorted(task_rows_by_pk(pks), key=lambda r: r.pk) == \
            sorted(task_rows(Task.objects.filter(pk__in=pks)), key=lambda r: r.pk)
    assert co_unit_names(tasks)[tasks[0]] == ["区住房和城乡建设局"]
    new = [s for s in _prepared() if s not in before]
    assert len(new) == 3  # the rows, their milestones, the co-units: each prepared once for four pages
    assert all("= ANY($1)" in s for s in new)


@on_postgresql
@pytest.mark.django_db
def test_while_queries_are_logged_the_log_shows_each_statement_with_its_values(tasks):
    with CaptureQueriesContext(connection) as run:
        task_rows_by_pk(tasks)
    milestones = [q["sql"] for q in run.captured_queries if '"tasks_milestone"' in q["sql"]]
    assert len(milestones) == 1 and str(tasks[1]) in milestones[0]


@on_postgresql
@pytest.mark.django_db
def test_the_orms_own_statements_are_never_prepared(tasks):
    audited = Task.objects.filter(title__contains="审计").values_list("pk")
    assert '"tasks_task"."title"::text LIKE' in str(audited.query)  # what a prepared copy would hold
    for _ in range(8):  # past psycopg's usual threshold of five runs
        list(audited)
    assert not [s for s in _prepared() if '"tasks_task"."title"::text LIKE' in s]


@on_postgresql
@pytest.mark.django_db
def test_with_preparing_turned_off_the_same_rows_come_unprepared(tasks):
    raw = connection.connection
    kept, raw.prepare_threshold = raw.prepare_threshold, None  # as DUBAN_PG_PREPARED=0 leaves it
    try:
        rows = task_rows_by_pk(tasks)
        assert {r.pk for r in rows} == set(tasks)
        assert not [s for s in _prepared() if "ANY($1)" in s]
    finally:
        raw.prepare_threshold = kept


def _show(tmp_path, **env) -> str:
    return run_python(SHOW, tmp_path, DATABASE_URL=PG_URL, **env).stdout.strip()


def test_preparing_is_on_unless_the_installation_turns_it_off(tmp_path):
    assert _show(tmp_path) == str(2**31 - 1)  # psycopg prepares only when asked
    assert _show(tmp_path, DUBAN_PG_PREPARED="1") == str(2**31 - 1)
    assert _show(tmp_path, DUBAN_PG_PREPARED="0") == "None"


def test_a_preparing_switch_that_is_neither_0_nor_1_stops_duban_with_a_sentence(tmp_path):
    run = run_python("from duban.cli.main import main; raise SystemExit(main(['--help']))", tmp_path,
                     DATABASE_URL=PG_URL, DUBAN_PG_PREPARED="yes")
    assert run.returncode == 1
    assert run.stderr.strip() == "duban: 无法启动，配置有误：DUBAN_PG_PREPARED='yes': 1 (prepare, the default) or 0"
    assert "Traceback" not in run.stderr
