"""The command line: the loop for scripting, --json shapes, exit 2 with a clear message on refusal."""
import datetime as dt
import json

import pytest

from duban.cli.main import main
from duban.core import clock
from duban.core.models import Event
from duban.tasks.models import Task

pytestmark = pytest.mark.django_db


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def future(days=60):
    return (clock.today() + dt.timedelta(days=days)).isoformat()


def create(capsys, world, *extra):
    code, out, err = run(capsys, "task", "create", "--as", "supervisor", "--title", "追回违规资金",
                         "--programme", world.programme.name, "--lead-unit", "区审计局", "--deadline", future(),
                         "--co-unit", "区住房和城乡建设局", "--milestone", "完成方案@-10",
                         "--target", "追回资金=1200万元", "--json", *extra)
    assert code == 0, err
    return json.loads(out)


def test_it_runs_the_loop_from_the_command_line(world, capsys, tmp_path):
    task = create(capsys, world)
    assert set(task) >= {"id", "state"} and task["state"] == "draft"
    evidence = tmp_path / "追回凭证.pdf"
    evidence.write_bytes(b"%PDF-1.4 receipt")
    tid = str(task["id"])
    steps = [("assign", "supervisor"), ("sign", "liaison"),
             ("report", "liaison", "--text", "已追回800万元", "--percent", "60", "--actual", "追回资金=800",
              "--evidence", str(evidence)),
             ("request-closure", "liaison"), ("reject", "supervisor", "--reason", "凭证不全"),
             ("request-closure", "liaison"), ("approve", "supervisor")]
    states = []
    for name, who, *rest in steps:
        code, out, err = run(capsys, "task", name, tid, "--as", who, "--json", *rest)
        assert code == 0, err
        states.append(json.loads(out)["state"])
    assert states == ["assigned", "in_progress", "in_progress", "closure_requested", "in_progress",
                      "closure_requested", "closed"]
    code, out, _ = run(capsys, "task", "show", tid, "--as", "liaison", "--json")
    shown = json.loads(out)
    assert shown["targets"][0]["actual"].startswith("800")
    assert [h["action"] for h in shown["history"]][-1] == "task.closure_approved"


def test_it_lists_tasks_as_a_json_array(world, capsys):
    create(capsys, world)
    code, out, _ = run(capsys, "task", "list", "--as", "liaison", "--json")
    rows = json.loads(out)
    assert code == 0 and isinstance(rows, list) and rows[0]["title"] == "追回违规资金"
    code, out, _ = run(capsys, "task", "list", "--as", "outsider", "--json")
    assert json.loads(out) == []


@pytest.mark.parametrize("argv, message", [
    (["task", "sign", "1", "--as", "nobody"], "没有用户「nobody」"),
    (["task", "sign", "424242", "--as", "liaison"], "事项 424242 不存在"),
    (["task", "approve", "{id}", "--as", "supervisor"], "「拟办」，不能审核销号"),
    (["task", "assign", "{id}", "--as", "outsider"], "不存在"),
    (["task", "create", "--as", "supervisor", "--title", "x", "--programme", "2026年度审计项目计划",
      "--lead-unit", "区审计厅", "--deadline", "2030-01-01"], "没有名为「区审计厅」的单位"),
    (["task", "create", "--as", "supervisor", "--title", "x", "--programme", "2026年度审计项目计划",
      "--lead-unit", "区审计局", "--deadline", "2020-01-01"], "已经过去"),
    (["task", "create", "--as", "supervisor", "--title", "x", "--programme", "2026年度审计项目计划",
      "--lead-unit", "区审计局", "--deadline", "2026/13/01"], "YYYY-MM-DD"),
])
def test_it_refuses_with_exit_2_and_writes_nothing(world, capsys, argv, message):
    task = create(capsys, world)
    before = (Event.objects.count(), Task.objects.count())
    code, out, err = run(capsys, *[a.replace("{id}", str(task["id"])) for a in argv])
    assert code == 2 and message in err and "Traceback" not in err
    assert (Event.objects.count(), Task.objects.count()) == before


def test_it_refuses_closure_without_evidence(world, capsys):
    tid = str(create(capsys, world)["id"])
    run(capsys, "task", "assign", tid, "--as", "supervisor")
    run(capsys, "task", "sign", tid, "--as", "liaison")
    code, _, err = run(capsys, "task", "request-closure", tid, "--as", "liaison")
    assert code == 2 and "须提供佐证材料" in err


def test_it_manages_units_and_users(db, capsys):
    assert run(capsys, "unit", "add", "钱塘区", "--kind", "region")[0] == 0
    assert run(capsys, "unit", "add", "区审计局", "--parent", "钱塘区")[0] == 0
    code, _, err = run(capsys, "unit", "add", "区审计局", "--parent", "钱塘区")
    assert code == 2 and "已存在" in err
    assert run(capsys, "user", "add", "li", "--unit", "区审计局", "--role", "liaison", "--password", "long-enough")[0] == 0
    code, _, err = run(capsys, "user", "add", "x", "--unit", "区审计局", "--role", "boss", "--password", "long-enough")
    assert code == 2 and "角色「boss」无效" in err
    code, out, _ = run(capsys, "user", "list", "--json")
    assert json.loads(out)[0]["roles"] == [{"unit": "区审计局", "role": "liaison"}]
    code, out, _ = run(capsys, "unit", "list", "--json")
    assert [u["name"] for u in json.loads(out)] == ["钱塘区", "区审计局"]


def test_it_files_a_task_without_a_programme_under_the_years_general_programme(world, capsys):
    code, out, err = run(capsys, "task", "create", "--as", "supervisor", "--title", "清理欠薪", "--lead-unit",
                         "区审计局", "--deadline", "2027-06-30", "--json")
    assert code == 0, err
    assert json.loads(out)["programme"] == "钱塘区2027年综合督办事项"
    code, out, _ = run(capsys, "task", "create", "--as", "supervisor", "--title", "再一项", "--lead-unit",
                       "区审计局", "--deadline", "2027-03-31", "--json")
    assert json.loads(out)["programme"] == "钱塘区2027年综合督办事项"
    code, _, err = run(capsys, "task", "create", "--as", "liaison", "--title", "x", "--lead-unit", "区审计局",
                       "--deadline", "2027-03-31")
    # A permission refusal says it is one, not "name a programme".
    assert code == 2 and "您无权新建督办事项" in err and "请指定督办项目" not in err


def test_it_exports_and_reports_everything_without_as(world, capsys, tmp_path):
    import openpyxl

    world.task(state="assigned", title="甲事项")
    world.task(state="assigned", title="乙事项", lead_unit="前进街道", co_units=())
    out = tmp_path / "all.xlsx"
    assert run(capsys, "ledger", "export", "--out", str(out))[0] == 0
    cells = {c.value for row in openpyxl.load_workbook(out).active.iter_rows() for c in row}
    assert {"甲事项", "乙事项"} <= cells
    assert run(capsys, "report", "bulletin", "--period", clock.today().strftime("%Y-%m"),
               "--out", str(tmp_path / "b.docx"))[0] == 0
