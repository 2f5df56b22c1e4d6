"""A large import writes in batches: the tasks and the event log come out as task_create makes them."""
import datetime as dt

import pytest
from django.db import transaction

from duban.core import clock
from duban.core.eventlog import verify_log
from duban.core.models import Event
from duban.ledger import importer
from duban.ledger.importer import ledger_import
from duban.ledger.tests.helpers import later, office_file
from duban.tasks.models import Task
from duban.tasks.services import task_create, tasks_create_bulk
from duban.tasks.services.bulk import RowsRefused
from duban.tasks.services.updates import task_values

PLAN = "2026年共同富裕30项重点任务"
NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


def _rows():
    deadline = dt.date(2026, 9, 30)
    return [
        {"programme": PLAN, "code": "E-1", "title": "事项一", "lead_unit": "区审计局", "deadline": deadline,
         "co_units": ["区住房和城乡建设局", "白杨街道"], "responsible_leader": "leader", "remarks": "备注",
         "milestones": [{"name": "完成方案", "due_on": dt.date(2026, 5, 31)}, {"name": "倒排", "workdays_before": 10}],
         "targets": [{"metric": "改造户数", "target": "120", "unit_of_measure": "户"}]},
        {"programme": PLAN, "code": "E-2", "title": "事项二", "lead_unit": "区住房和城乡建设局", "deadline": None,
         "source_kind": "meeting", "content": "具体要求"},
        {"programme": PLAN, "title": "没有编号的事项", "lead_unit": "白杨街道", "deadline": deadline},
    ]


def _written(tasks) -> list[tuple]:
    """What a user sees of the created tasks and their events, leaving out ids the database picks."""
    result = []
    for task in Task.objects.filter(pk__in=[t.pk for t in tasks]).order_by("pk"):
        event = Event.objects.get(task_id=task.pk)
        # A task without 编号 is numbered by its id, which the database picks.
        code = "year-id" if task.code == f"2026-{task.pk:05d}" else task.code
        payload = {**event.payload, "code": code if event.payload["code"] == task.code else "?"}
        result.append((code, task.state, task.created_at, task_values(task),
                       (event.actor, event.action, event.at, payload, event.state_after, event.deadline_after)))
    return result


def _undone(create) -> list[tuple]:
    class Undo(Exception):
        pass

    try:
        with transaction.atomic():
            seen = _written(create())
            assert verify_log().ok
            raise Undo
    except Undo:
        return seen


def test_it_creates_the_same_tasks_and_events_as_task_create_one_by_one(world):
    with clock.travel(NOW):
        one_by_one = _undone(lambda: [task_create(actor=world.supervisor, **row) for row in _rows()])
        batch = _undone(lambda: tasks_create_bulk(actor=world.supervisor, rows=_rows()))
    assert batch == one_by_one and [row[0] for row in batch] == ["E-1", "E-2", "year-id"]


def test_it_refuses_the_whole_batch_naming_each_row_with_task_creates_words(world):
    rows = _rows()
    rows[0]["lead_unit"] = "区审计厅"
    rows[2]["code"] = "E-2"
    rows.append({**rows[1], "code": "E-4", "responsible_leader": "liaison"})
    before = (Task.objects.count(), Event.objects.count())
    with clock.travel(NOW), pytest.raises(RowsRefused) as refused:
        tasks_create_bulk(actor=world.supervisor, rows=rows)
    assert refused.value.problems == [(0, "没有名为「区审计厅」的单位，是否指「区审计局」?"),
                                      (2, "编号「E-2」已被使用"),
                                      (3, "「liaison」不是领导，不能作为责任领导")]
    assert (Task.objects.count(), Event.objects.count()) == before


def test_it_refuses_a_code_already_in_use_as_task_create_does(world):
    taken = world.task(programme=PLAN, code="E-1")
    with clock.travel(NOW), pytest.raises(RowsRefused) as refused:
        tasks_create_bulk(actor=world.supervisor, rows=_rows()[:1])
    assert refused.value.problems == [(0, "编号「E-1」已被使用")] and Task.objects.filter(code="E-1").get() == taken


def test_it_imports_a_file_larger_than_one_batch_with_an_intact_log(world, tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "WRITE_BATCH", 7)
    rows = [[f"F-{i}", f"事项{i}", "区审计局", "白杨街道", later(), None] for i in range(30)]
    result = ledger_import(actor=world.supervisor, path=office_file(tmp_path / "f.xlsx", rows), programme=PLAN)
    assert result.written and result.created == 30 == Task.objects.filter(code__startswith="F-").count()
    assert Event.objects.filter(action="task.created").count() == 30
    assert {u.name for t in Task.objects.all() for u in t.co_units.all()} == {"白杨街道"}
    assert verify_log().ok


def test_it_lists_write_time_refusals_by_row_across_batches(world, tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "WRITE_BATCH", 4)
    rows = [[f"J-{i}", f"事项{i}", "区审计局", None, later(), None] for i in range(10)]
    path = office_file(tmp_path / "j.xlsx", rows)
    # Between the check and the write someone else takes two of the codes.
    real = importer._classify

    def then_taken(plans, actor, errors):
        real(plans, actor, errors)
        world.task(programme=PLAN, code="J-2")
        world.task(programme=PLAN, code="J-7")

    monkeypatch.setattr(importer, "_classify", then_taken)
    result = ledger_import(actor=world.supervisor, path=path, programme=PLAN)
    assert result.errors == ["第5行: 编号「J-2」已被使用", "第10行: 编号「J-7」已被使用"]
    assert not result.written and not Task.objects.filter(code__in=["J-0", "J-9"]).exists()
    assert not Event.objects.filter(action="ledger.imported").exists() and verify_log().ok


def test_a_long_run_of_events_is_streamed_with_its_own_ids_and_later_writes_follow_on(world, tmp_path, monkeypatch):
    from duban.core import eventlog

    monkeypatch.setattr(eventlog, "BATCH", 5)  # 12 events: the streamed path, as for a large import
    before = Event.objects.count()
    rows = [[f"S-{i}", f"事项{i}", "区审计局", "白杨街道" if i % 2 else None, later(), None] for i in range(12)]
    result = ledger_import(actor=world.supervisor, path=office_file(tmp_path / "s.xlsx", rows), programme=PLAN)
    created = Event.objects.filter(action="task.created").order_by("seq")
    assert result.written and created.count() == 12 == Event.objects.count() - before - 1
    assert [Task.objects.get(pk=e.task_id).code for e in created] == [f"S-{i}" for i in range(12)]
    assert sorted(e.pk for e in created) == [e.pk for e in created]
    assert [len(Task.objects.get(code=f"S-{i}").co_units.all()) for i in range(3)] == [0, 1, 0]
    # The ids reserved for the import leave the database's own numbering intact.
    after = task_create(actor=world.supervisor, programme=PLAN, title="导入之后", lead_unit="区审计局",
                        deadline=later())
    assert after.pk > max(e.task_id for e in created) and after.code == f"2026-{after.pk:05d}"
    assert verify_log().ok


def test_an_import_runs_with_fewer_collector_passes_and_gives_the_process_its_own_back(world, tmp_path):
    import gc

    from duban.core import collector

    before = gc.get_threshold()
    seen = []
    path = office_file(tmp_path / "台账.xlsx", [[f"G-{i}", f"事项{i}", "区审计局", "", later(), ""] for i in range(3)])
    result = ledger_import(actor=world.supervisor, path=path, programme=PLAN,
                           progress=lambda stage, done, total: seen.append(gc.get_threshold()[0]))
    assert result.created == 3 and seen and min(seen) == collector.BULK_THRESHOLD
    assert gc.get_threshold() == before
    with pytest.raises(RuntimeError), collector.fewer_collections():  # a job that fails gives them back too
        with collector.fewer_collections():
            assert gc.get_threshold()[0] == collector.BULK_THRESHOLD
        assert gc.get_threshold()[0] == collector.BULK_THRESHOLD  # still inside the outer job
        raise RuntimeError
    assert gc.get_threshold() == before
