"""Importing ledgers as offices keep them: all or nothing, every problem named by row and column."""
import datetime as dt
import json

from duban.cli.main import main
from duban.core.eventlog import verify_log
from duban.core.models import Event
from duban.ledger.importer import ledger_import
from duban.ledger.tests.helpers import later, office_file
from duban.tasks.models import Task

PLAN = "2026年共同富裕30项重点任务"


def _import(world, path, **kw):
    kw.setdefault("programme", PLAN)
    return ledger_import(actor=world.supervisor, path=path, **kw)


def test_it_reads_dates_the_way_offices_type_them(world, tmp_path):
    from duban.core import clock

    with clock.travel(dt.date(2026, 1, 5)):
        rows = [["A-1", "事项一", "区审计局", None, dt.date(2026, 5, 1), None],
                ["A-2", "事项二", "区审计局", None, "2026-03-31", None],
                ["A-3", "事项三", "区审计局", None, "2026.3.31", None],
                ["A-4", "事项四", "区审计局", None, "2026年3月31日", None],
                ["A-5", "事项五", "区审计局", None, "3月底", None],
                ["A-6", "事项六", "区审计局", None, "长期坚持", None]]
        result = _import(world, office_file(tmp_path / "d.xlsx", rows))
    assert result.errors == [] and result.created == 6
    deadlines = dict(Task.objects.values_list("code", "deadline"))
    assert deadlines == {"A-1": dt.date(2026, 5, 1), "A-2": dt.date(2026, 3, 31), "A-3": dt.date(2026, 3, 31),
                         "A-4": dt.date(2026, 3, 31), "A-5": dt.date(2026, 3, 31), "A-6": None}
    assert result.flags == ["第8行: 长期坚持，没有完成时限"]


def test_it_refuses_the_whole_file_and_lists_every_problem(world, tmp_path):
    rows = [["B-1", "好的事项", "区审计局", None, later(), None],
            ["B-2", "坏日期", "区审计局", None, "3月中下旬", None],
            ["B-3", "坏单位", "区审计厅", "白杨街", later(), None],
            ["B-1", "重复编号", "区审计局", None, later(), None]]
    events = Event.objects.count()
    result = _import(world, office_file(tmp_path / "bad.xlsx", rows))
    assert '第4行「完成时限」: 无法识别的日期"3月中下旬"' in result.errors
    assert "第5行「牵头单位」: 没有名为「区审计厅」的单位，是否指「区审计局」?" in result.errors
    assert "第5行「配合单位」: 没有名为「白杨街」的单位，是否指「白杨街道」?" in result.errors
    assert "第6行: 编号「B-1」与第3行重复" in result.errors
    assert not result.written and Task.objects.count() == 0 and Event.objects.count() == events


def test_it_maps_office_synonyms_and_two_row_headers_with_merged_cells(world, tmp_path):
    header_rows = [["序号", "督办事项", "责任单位", None, "办结时限"],
                   [None, None, "牵头单位", "配合单位", None]]
    rows = [["C-1", "合并单元格的事项", "区审计局", "白杨街道", later()],
            ["C-2", "同一牵头单位", None, None, later()]]
    path = office_file(tmp_path / "m.xlsx", rows, header_rows=header_rows,
                       merges=["C2:D2", "A2:A3", "B2:B3", "E2:E3", "C4:C5"])
    result = _import(world, path)
    assert result.errors == [], result.errors
    tasks = {t.title: t for t in Task.objects.all()}
    assert tasks["同一牵头单位"].lead_unit.name == "区审计局"
    assert [u.name for u in tasks["合并单元格的事项"].co_units.all()] == ["白杨街道"]


def test_it_updates_by_code_writing_one_event_with_what_changed(world, tmp_path):
    task = world.task(programme=PLAN, code="D-1", co_units=(), remarks="旧备注", title="原标题")
    path = office_file(tmp_path / "u.xlsx", [["D-1", "原标题", "区审计局", None, task.deadline, "新备注"]])
    preview = _import(world, path, dry_run=True)
    assert (preview.created, preview.updated, preview.unchanged) == (0, 1, 0)
    assert Task.objects.get(pk=task.pk).remarks == "旧备注"

    result = _import(world, path)
    assert result.written and Task.objects.get(pk=task.pk).remarks == "新备注"
    event = Event.objects.filter(task_id=task.pk).order_by("-seq").first()
    assert event.action == "task.updated" and event.payload["changed"] == {"remarks": ["旧备注", "新备注"]}
    assert verify_log().ok


def test_it_refuses_to_change_a_closed_task(world, tmp_path):
    task = world.task(programme=world.programme.name, code="E-1", co_units=(), state="closed")
    path = office_file(tmp_path / "c.xlsx", [["E-1", task.title, "区审计局", None, task.deadline, "改一改"]])
    result = ledger_import(actor=world.supervisor, path=path, programme=world.programme.name)
    assert result.errors == ["第3行: 事项「E-1」已销号，不能修改（remarks）"]
    assert Task.objects.get(pk=task.pk).remarks == ""


def test_it_keeps_a_unit_from_importing_outside_its_reach(world, tmp_path):
    hidden = world.task(programme=PLAN, code="F-1", co_units=())
    rows = [["F-1", "改别人的事项", "白杨街道", None, later(), None],
            ["F-2", "给区局交办", "区审计局", None, later(), None]]
    result = ledger_import(actor=world.street_supervisor, path=office_file(tmp_path / "o.xlsx", rows),
                           programme=PLAN)
    assert "第3行: 编号「F-1」已被使用" in result.errors
    assert "第4行「牵头单位」: 您无权向「区审计局」交办事项" in result.errors
    assert Task.objects.get(pk=hidden.pk).title != "改别人的事项"


def test_it_leaves_the_database_as_it_was_when_the_write_phase_fails(world, tmp_path, monkeypatch):
    from duban.ledger import importer

    rows = [[f"G-{i}", f"事项{i}", "区审计局", None, later(), None] for i in range(30)]
    real = importer.tasks_write_bulk

    def dies_after_writing(**kw):
        real(**kw)
        raise RuntimeError("process killed")

    monkeypatch.setattr(importer, "tasks_write_bulk", dies_after_writing)
    events = Event.objects.count()
    try:
        _import(world, office_file(tmp_path / "k.xlsx", rows))
    except RuntimeError:
        pass
    assert Task.objects.count() == 0 and Event.objects.count() == events and verify_log().ok


def test_it_prints_json_counts_and_refuses_with_exit_code_2(world, tmp_path, capsys):
    good = office_file(tmp_path / "g.xlsx", [["H-1", "事项", "区审计局", None, later(), None]])
    assert main(["ledger", "import", str(good), "--programme", PLAN, "--dry-run", "--json", "--as", "supervisor"]) == 0
    assert json.loads(capsys.readouterr().out) == {"created": 1, "updated": 0, "reported": 0, "unchanged": 0,
                                                  "errors": []}
    assert Task.objects.count() == 0
    bad = office_file(tmp_path / "b.xlsx", [["H-1", "事项", "区审计局", None, "下个月", None]])
    assert main(["ledger", "import", str(bad), "--programme", PLAN, "--as", "supervisor"]) == 2
    assert '第3行「完成时限」: 无法识别的日期"下个月"' in capsys.readouterr().err


def test_it_imports_with_a_province_sized_directory(world, tmp_path, capsys):
    """Thousands of people in the directory (a province's liaisons) do not stop an import, and the
    user list still names each one's unit."""
    from duban.org.models import Membership, Unit, User

    unit = Unit.objects.get(name="区审计局")
    people = User.objects.bulk_create([User(username=f"liaison-{i:04d}", password="!") for i in range(1200)])
    Membership.objects.bulk_create([Membership(user=u, unit=unit, role="liaison") for u in people])
    result = _import(world, office_file(tmp_path / "p.xlsx", [["P-1", "事项一", "区审计局", None, later(), None]]))
    assert result.errors == [] and result.created == 1
    assert main(["user", "list", "--json"]) == 0
    listed = {u["username"]: u["roles"] for u in json.loads(capsys.readouterr().out)}
    assert listed["liaison-1199"] == [{"unit": "区审计局", "role": "liaison"}]
