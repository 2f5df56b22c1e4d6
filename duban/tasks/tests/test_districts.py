"""Every task-side row carries its task's district (docs/scale.md): written with it by every way
rows are written (one task, an import, the loop's reports, evidence and extensions, the sweep's
steps and notices, the kept counts), never changed afterwards, and the chain the task's events join."""
import datetime as dt

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from duban.core import clock
from duban.core.models import Event
from duban.org.models import Membership, Unit, User
from duban.supervision.models import LadderStep, Notice
from duban.supervision.sweep import sweep
from duban.tallies.live import live_counts_maintain
from duban.tallies.models import CountedTask, LiveCount
from duban.tasks import services as svc
from duban.tasks.models import (
    DistrictField,
    Evidence,
    ExtensionRequest,
    Milestone,
    ProgressReport,
    Target,
    Task,
)
from duban.tasks.services.bulk import tasks_create_bulk
from duban.tasks.services.evidence import MemoryFile

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def districts(world):
    """钱塘区 (the world's) and 上城区 with a bureau of its own; a bureau of the city above both."""
    from duban.org.services import unit_create, user_create

    unit_create(actor=None, name="杭州市", kind="region")
    unit_create(actor=None, name="杭州市审计局", parent="杭州市")
    unit_create(actor=None, name="上城区", kind="region", parent="杭州市")
    unit_create(actor=None, name="上城区审计局", parent="上城区")
    user_create(actor=None, username="sc_liaison", password="duban-test-pw", unit="上城区审计局", role="liaison")
    return {name: Unit.objects.get(name=name) for name in ("钱塘区", "上城区", "杭州市", "杭州市审计局", "上城区审计局")}


def parts_of(task: Task) -> dict[str, set[int]]:
    """The districts each task-side table holds for `task`'s rows (tables with no row left out)."""
    found = {
        "co_units": set(Task.co_units.through.objects.filter(task=task).values_list("district_id", flat=True)),
        **{model.__name__: set(model.objects.filter(task=task).values_list("district_id", flat=True))
           for model in (Milestone, Target, ProgressReport, Evidence, ExtensionRequest, LadderStep, Notice,
                         CountedTask)},
        "events": {int(c) for c in Event.objects.filter(task_id=task.pk).values_list("chain", flat=True)},
    }
    return {name: ids for name, ids in found.items() if ids}


def test_every_table_that_holds_rows_of_a_task_carries_a_district():
    """A table added later with rows of tasks, and no district, fails here."""
    def carries(model) -> bool:
        return any(isinstance(f, DistrictField) and f.name == "district" and not f.null for f in model._meta.fields)

    holding = {model._meta.label for model in apps.get_models()
               if any(f.is_relation and f.related_model is Task and f.remote_field.on_delete.__name__ == "CASCADE"
                      for f in model._meta.fields)}
    # Rows of their own bodies of work that point at a task made from them: see docs/scale.md.
    exempt = {"intake.IntakeTask", "supervision.InAppNotice"}
    assert holding - exempt, "no table holds rows of a task?"
    assert {m for m in holding - exempt if not carries(apps.get_model(m))} == set()
    assert all(carries(apps.get_model(m)) for m in ("tasks.Task", "tasks.CoUnit", "tallies.LiveCount"))


def test_a_task_and_everything_written_about_it_carry_its_district(world, districts):
    with clock.travel(D(2026, 3, 2)):
        task = world.task(state="in_progress", deadline=D(2026, 4, 15),
                          milestones=[{"name": "形成方案", "due_on": D(2026, 3, 20)}],
                          targets=[{"metric": "整改完成率", "target": 100}])
        svc.task_report(actor=world.liaison, task_id=task.pk, text="已完成方案", percent=40,
                        evidence=[MemoryFile("方案.pdf", b"%PDF-1.4 plan")])
        svc.extension_request(actor=world.liaison, task_id=task.pk, new_deadline=D(2026, 5, 15), reason="需协调")
    assert task.district == districts["钱塘区"]
    seen = parts_of(task)
    assert {"co_units", "Milestone", "Target", "ProgressReport", "Evidence", "ExtensionRequest", "CountedTask",
            "events"} <= set(seen)
    assert all(ids == {task.district_id} for ids in seen.values()), seen


def test_a_tasks_chain_is_its_district_however_the_task_was_read(world, districts):
    from django.test.utils import CaptureQueriesContext

    from duban.tasks.chains import task_chains

    task = world.task()
    chain = {task.pk: str(districts["钱塘区"].pk)}
    with CaptureQueriesContext(connection) as asked:
        assert task_chains([Task.objects.get(pk=task.pk)]) == chain
    assert len(asked) == 1  # the task itself: its chain costs nothing more
    with CaptureQueriesContext(connection) as asked:
        assert task_chains([Task.objects.only("pk").get(pk=task.pk)]) == chain
    assert len(asked) == 2  # read without the column: one query for it, not one per task
    about_to_be_written = Task(pk=task.pk + 1000, lead_unit=districts["上城区审计局"])
    assert task_chains([about_to_be_written]) == {task.pk + 1000: str(districts["上城区"].pk)}


def test_the_sweeps_steps_and_notices_carry_their_tasks_district(world, districts):
    with clock.travel(D(2026, 3, 2)):
        task = world.task(state="in_progress", deadline=D(2026, 4, 15))
    with clock.travel(D(2026, 4, 21)):
        sweep(today=D(2026, 4, 21))
    assert LadderStep.objects.filter(task=task).exists() and Notice.objects.filter(task=task).exists()
    assert set(LadderStep.objects.filter(task=task).values_list("district_id", flat=True)) == {districts["钱塘区"].pk}
    assert set(Notice.objects.filter(task=task).values_list("district_id", flat=True)) == {districts["钱塘区"].pk}


def test_a_city_bureaus_task_belongs_to_the_city_and_an_import_sets_each_rows(world, districts):
    from duban.tasks.services import programme_create

    city = User.objects.create(username="city_supervisor", display_name="市督查员")
    Membership.objects.create(user=city, unit=districts["杭州市"], role="supervisor")
    programme_create(actor=city, name="2026年市级督办项目", year=2026, owner_unit="杭州市", kind="plan")
    deadline = clock.today() + dt.timedelta(days=60)
    made = tasks_create_bulk(actor=city, rows=[
        {"title": "市局整改", "programme": "2026年市级督办项目", "lead_unit": "杭州市审计局", "deadline": deadline,
         "co_units": ["上城区审计局"], "milestones": [{"name": "方案", "due_on": deadline - dt.timedelta(days=20)}]},
        {"title": "上城区整改", "programme": "2026年市级督办项目", "lead_unit": "上城区审计局", "deadline": deadline,
         "co_units": ["杭州市审计局"]},
    ])
    city_task, district_task = (Task.objects.get(pk=t.pk) for t in made)
    assert city_task.district == districts["杭州市"] and district_task.district == districts["上城区"]
    # The co-unit's link lives with the task, in the task's district, whatever the co-unit's own.
    assert parts_of(city_task) == {"co_units": {districts["杭州市"].pk}, "Milestone": {districts["杭州市"].pk},
                                   "CountedTask": {districts["杭州市"].pk}, "events": {districts["杭州市"].pk}}
    assert parts_of(district_task)["co_units"] == {districts["上城区"].pk}


def test_a_task_whose_bureau_moves_to_another_district_keeps_its_district(world, districts):
    from duban.org.services import user_create

    task = world.task(state="in_progress")
    bureau = task.lead_unit  # the reorganisation an org chart import brings: 区审计局 now under 上城区
    Unit.objects.filter(pk=bureau.pk).update(parent=districts["上城区"], path=f"{districts['上城区'].path}{bureau.pk}/")
    user_create(actor=None, username="sc_supervisor", password="duban-test-pw", unit="上城区", role="supervisor")
    office = User.objects.get(username="sc_supervisor")
    svc.task_update(actor=office, task_id=task.pk, co_units=["杭州市审计局"])
    svc.task_urge(actor=office, task_id=task.pk, text="请加快办理")
    task.refresh_from_db()
    assert task.district == districts["钱塘区"]
    seen = parts_of(task)
    assert seen["co_units"] == seen["events"] == seen["CountedTask"] == {districts["钱塘区"].pk}
    live_counts_maintain(clock.today())  # the kept counts' rows stay with the tasks they count
    assert set(LiveCount.objects.filter(lead_unit=bureau).values_list("district_id", flat=True)) == {
        districts["钱塘区"].pk}


@pytest.mark.django_db(transaction=True)
def test_the_upgrade_gives_every_existing_row_its_district():
    """Rows written before the column existed: a task takes the chain its events joined (a task
    stays in the chain it started in), else its lead unit's jurisdiction; its parts take its own;
    the kept counts are dropped, to be rebuilt by the next sweep."""
    before = [("tasks", "0004_list_and_recheck_indexes"), ("supervision", "0005_hash_calendar_tokens"),
              ("tallies", "0002_live_counts")]
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate(before)
        loader = MigrationExecutor(connection).loader
        old = loader.project_state(list(loader.applied_migrations)).apps
        unit = old.get_model("org", "Unit")

        def make(name, kind, parent=None):
            u = unit.objects.create(name=name, kind=kind, parent=parent)
            u.path = f"{parent.path if parent else '/'}{u.pk}/"
            u.save()
            return u

        city = make("杭州市", "region")
        bureau = make("杭州市审计局", "department", city)
        qiantang = make("钱塘区", "region", city)
        qiantang_bureau = make("钱塘区审计局", "department", qiantang)
        shangcheng_bureau = make("上城区审计局", "department", make("上城区", "region", city))
        programme = old.get_model("tasks", "Programme").objects.create(name="项目", year=2026, owner_unit=city)
        task_model = old.get_model("tasks", "Task")
        now = clock.now()

        def task(lead):
            return task_model.objects.create(title="事项", programme=programme, lead_unit=lead, created_at=now)

        at_city, in_qiantang, moved = task(bureau), task(qiantang_bureau), task(shangcheng_bureau)
        old.get_model("tasks", "Milestone").objects.create(task=in_qiantang, name="节点", due_on=D(2026, 5, 1))
        task_model.co_units.through.objects.create(task=moved, unit=bureau)
        # `moved` started in 钱塘区's chain, before its lead unit became 上城区's bureau.
        old.get_model("core", "Event").objects.create(chain=str(qiantang.pk), seq=1, at=now, actor="x",
                                                      action="task.created", task_id=moved.pk, prev_hash="0" * 64,
                                                      hash="1" * 64)
        old.get_model("supervision", "LadderStep").objects.create(task=moved, rung="notice", node="deadline",
                                                                  due_on=D(2026, 5, 1), fired_on=D(2026, 5, 2),
                                                                  created_at=now)
        old.get_model("tallies", "LiveCount").objects.create(programme=programme, lead_unit=bureau,
                                                             day=D(1, 1, 1), total=1)
        MigrationExecutor(connection).migrate(latest)

        assert dict(Task.objects.values_list("pk", "district_id")) == {
            at_city.pk: city.pk, in_qiantang.pk: qiantang.pk, moved.pk: qiantang.pk}
        assert list(Milestone.objects.values_list("district_id", flat=True)) == [qiantang.pk]
        assert list(Task.co_units.through.objects.values_list("district_id", flat=True)) == [qiantang.pk]
        assert list(LadderStep.objects.values_list("district_id", flat=True)) == [qiantang.pk]
        assert not LiveCount.objects.exists()
    finally:
        MigrationExecutor(connection).migrate(latest)
