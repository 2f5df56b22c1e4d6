"""A page's rows read by their ids through statements built once give exactly what the ORM's `__in` gives."""
import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from duban.core.prepared import IdsQuery
from duban.tasks.models import Milestone, Task
from duban.tasks.selectors import co_unit_names, task_rows, task_rows_by_pk

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasks(world):
    made = [world.task(title="做实审计整改", co_units=("区住房和城乡建设局", "前进街道")),
            world.task(title="规范工程建设项目审批", co_units=()),
            world.task(title="推进智慧监督平台建设", lead_unit="前进街道", co_units=("区住房和城乡建设局",),
                       milestones=[{"name": "完成方案", "workdays_before": 20}, {"name": "上线试运行", "workdays_before": 5}])]
    return [t.pk for t in made]


def test_rows_read_by_ids_are_the_rows_read_by_a_query_set(tasks):
    def by_pk(rows):
        return sorted(rows, key=lambda r: r.pk)

    for pks in (tasks, tasks[:1], tasks[1:], []):
        assert by_pk(task_rows_by_pk(pks)) == by_pk(task_rows(Task.objects.filter(pk__in=pks)))
    third = {row.pk: row for row in task_rows_by_pk(tasks)}[tasks[2]]
    assert [m.name for m in third.milestones] == ["完成方案", "上线试运行"]  # due first
    assert third.lead_name == "前进街道" and third.title == "推进智慧监督平台建设"


def test_co_units_are_named_in_the_units_order(tasks):
    names = co_unit_names(tasks)
    assert names[tasks[0]] == sorted(["区住房和城乡建设局", "前进街道"], key=lambda n: _path(n))
    assert names[tasks[2]] == ["区住房和城乡建设局"]
    assert tasks[1] not in names
    with CaptureQueriesContext(connection) as run:
        assert co_unit_names([]) == {} and task_rows_by_pk([]) == []
    assert run.captured_queries == []  # an empty page asks the database nothing


def _path(name):
    from duban.org.models import Unit

    return Unit.objects.get(name=name).path


def test_the_statement_is_built_once_whatever_the_number_of_ids(tasks):
    built = []

    def make(pks):
        built.append(pks)
        return Milestone.objects.filter(task_id__among=pks).values_list("name")

    query = IdsQuery(make)
    with CaptureQueriesContext(connection) as run:
        one = query.rows(tasks[2:])
        none = query.rows([])
        three = query.rows(tasks)
    assert sorted(one) == sorted(three) == [("上线试运行",), ("完成方案",)] and none == []
    assert len(run.captured_queries) == 3
    first = len(built)  # the stand-in's query set, built to learn the model and the SQL
    assert query.rows(tasks[:1]) == [] and query.rows(tasks) and len(built) == first  # never built again
    assert all(pks == [-7_340_123] for pks in built)  # only the stand-in, never a caller's ids


def test_only_whole_numbers_are_ids(tasks):
    with pytest.raises(ValueError):
        list(Task.objects.filter(pk__among=[tasks[0], "1) OR (1=1"]))
    with pytest.raises(ValueError):
        IdsQuery(lambda pks: Task.objects.filter(pk__among=pks).values_list("pk")).rows(["1 OR 1=1"])
    assert list(Task.objects.filter(pk__among=[str(tasks[1])]).values_list("title", flat=True)) == ["规范工程建设项目审批"]


def _fields(instance) -> dict:
    return {k: v for k, v in instance.__dict__.items() if not k.startswith("_")}


def test_a_unit_and_a_programme_found_by_name_are_the_orms_own(world):
    from duban.core.errors import NotFound
    from duban.org.models import Unit
    from duban.org.services import unit_by_name
    from duban.tasks.models import Programme
    from duban.tasks.services.programmes import programme_by_name

    unit = unit_by_name("区审计局")
    assert _fields(unit) == _fields(Unit.objects.get(name="区审计局")) and unit._state.adding is False
    programme = programme_by_name(world.programme.name)
    assert _fields(programme) == _fields(Programme.objects.get(pk=world.programme.pk))
    Unit.objects.filter(name="区住房和城乡建设局").update(short_name="区住建局")
    assert unit_by_name("区住建局").name == "区住房和城乡建设局"  # a short name still finds its unit
    with pytest.raises(NotFound, match="没有名为「区财政局」的单位"):
        unit_by_name("区财政局")
    Programme.objects.filter(pk=world.programme.pk).update(name="2026")
    assert programme_by_name(2026).pk == world.programme.pk  # not text: the ORM converts it, as before


def test_the_programmes_terms_are_read_by_a_statement_built_once_and_are_never_stale(world):
    from duban.tasks.lights import PROGRAMME_TERMS, programme_terms
    from duban.tasks.models import Programme

    def orm():
        return set(Programme.objects.values_list("warning_workdays", "report_cycle_workdays"))

    assert programme_terms() == orm()
    built = PROGRAMME_TERMS._compiled(connections["default"])
    Programme.objects.create(name="2026年审计整改专项", year=2026, owner_unit=world.programme.owner_unit,
                             warning_workdays=9, report_cycle_workdays=3)
    with CaptureQueriesContext(connection) as run:
        assert (9, 3) in programme_terms() and programme_terms() == orm()  # a new programme counts at once
    assert PROGRAMME_TERMS._compiled(connections["default"]) is built and len(run.captured_queries) == 3
    assert "DISTINCT" in run.captured_queries[0]["sql"]


def test_programmes_are_named_by_their_ids(world):
    from duban.tasks.models import Programme
    from duban.tasks.selectors import programme_names

    pks = list(Programme.objects.values_list("pk", flat=True))
    assert programme_names(pks) == dict(Programme.objects.values_list("pk", "name"))
    assert programme_names([world.programme.pk]) == {world.programme.pk: world.programme.name}
    with CaptureQueriesContext(connection) as run:
        assert programme_names([]) == {}
    assert run.captured_queries == []
