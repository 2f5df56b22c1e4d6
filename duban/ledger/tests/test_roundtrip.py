"""Export → import into an empty instance → export again: the same ledger, cell by cell."""
import pytest

from duban.core.eventlog import verify_log
from duban.core.models import ChainHead, Event
from duban.ledger.export import ledger_export
from duban.ledger.importer import ledger_import
from duban.ledger.tests.helpers import cells, later
from duban.tasks.models import Task


def _tasks(world):
    world.task(title="整改财政资金闲置问题", co_units=("区住房和城乡建设局", "白杨街道"),
               content="盘活存量资金\n第二行说明", source_ref="钱审〔2026〕5号", responsible_person="张三",
               problem_category="财政管理", rectification_class="staged", measures="=SUM(A1) 清理闲置资金",
               remarks="+86 联系", milestones=[{"name": "制定方案", "due_on": later(10)},
                                              {"name": "完成清理", "due_on": later(30)}],
               targets=[{"metric": "盘活资金", "target": "500", "unit_of_measure": "万元"}])
    world.task(title="@所有人 建立长效机制", co_units=(), source_kind="audit_finding",
               rectification_class="ongoing", code="SJ-2026-07")
    world.task(title="长期坚持的整改事项", co_units=(), lead_unit="区住房和城乡建设局")
    Task.objects.filter(title="长期坚持的整改事项").update(deadline=None, original_deadline=None)


def _empty_instance():
    """The same directory of units and users, no tasks and no task history: a fresh office."""
    Task.objects.all().delete()
    Event.objects.all().delete()
    ChainHead.objects.all().delete()


@pytest.mark.parametrize("programme", ["2026年度审计项目计划", "2026年共同富裕30项重点任务"])
def test_it_gives_back_the_same_ledger_after_a_round_trip(world, tmp_path, programme):
    _tasks(world)
    world.task(title="第二个项目的事项", programme="2026年共同富裕30项重点任务", co_units=())
    first = tmp_path / "first.xlsx"
    ledger_export(actor=world.supervisor, target=first, programme=programme)
    _empty_instance()

    result = ledger_import(actor=world.supervisor, path=first, programme=programme)
    assert result.errors == [] and result.written
    second = tmp_path / "second.xlsx"
    ledger_export(actor=world.supervisor, target=second, programme=programme)

    assert cells(second) == cells(first)
    assert len(cells(first)) > 3
    assert verify_log().ok


def test_it_finds_nothing_to_change_when_a_ledger_is_imported_again(world, tmp_path):
    _tasks(world)
    path = tmp_path / "ledger.xlsx"
    ledger_export(actor=world.supervisor, target=path, programme="2026年度审计项目计划")

    result = ledger_import(actor=world.supervisor, path=path, dry_run=True)

    assert (result.created, result.updated, result.unchanged, result.errors) == (0, 0, 3, [])
