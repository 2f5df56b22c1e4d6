"""The command line: load (GBK detected), run, list leads, confirm into the loop, dismiss; refusals exit 2."""
import datetime as dt
import json

import pytest

from duban.analytics import generate
from duban.analytics.models import Lead, Run
from duban.cli.main import main
from duban.core import clock
from duban.core.models import Event
from duban.tasks.models import SourceKind, Task

pytestmark = pytest.mark.django_db


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _load(capsys, world, tmp_path, *extra):
    rows, truth, *_ = generate.payments(200)
    path = generate.write_csv(tmp_path / "付款.csv", rows, encoding="gbk")
    maps = [arg for role, column in generate.MAPPING.items() for arg in ("--map", f"{role}={column}")]
    return run(capsys, "analytics", "load", str(path), "--source", "付款", "--programme", world.programme.name,
               "--audited-unit", "区审计局", *maps, *extra), truth


def test_it_loads_runs_and_decides_from_the_command_line(world, capsys, tmp_path):
    (code, out, err), truth = _load(capsys, world, tmp_path, "--as", "auditor")
    assert code == 0, err
    assert "gb18030" in out and "已载入数据源「付款」" in out
    code, out, err = run(capsys, "analytics", "run", "--source", "付款", "--test", "dup_exact", "--as", "auditor", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["leads"] == 1
    code, out, _ = run(capsys, "analytics", "leads", "--run", str(result["run"]), "--as", "auditor", "--json")
    leads = json.loads(out)
    assert [sorted(lead["rows"]) for lead in leads] == [sorted(truth["dup_exact"][0])]
    deadline = (clock.today() + dt.timedelta(days=60)).isoformat()
    code, out, err = run(capsys, "analytics", "confirm", str(leads[0]["lead"]), "--reason", "同一发票付款两次，已核实",
                         "--deadline", deadline, "--as", "auditor")
    assert code == 0, err
    task = Task.objects.get(pk=Lead.objects.get(pk=leads[0]["lead"]).task_id)
    assert task.programme == world.programme and task.source_kind == SourceKind.AUDIT_FINDING
    assert task.lead_unit.name == "区审计局" and "重复" in task.title
    assert Event.objects.filter(action="analytics.lead_confirmed", task_id=task.pk).exists()
    code, _, err = run(capsys, "analytics", "dismiss", str(leads[0]["lead"]), "--reason", "再排除", "--as", "auditor")
    assert code == 2 and "已确认" in err


def test_it_refuses_people_outside_the_audit_jurisdiction(world, capsys, tmp_path):
    for who in ("outsider", "liaison", "street_supervisor"):
        (code, _, err), _truth = _load(capsys, world, tmp_path, "--as", who)
        assert code == 2 and "审计" in err, who
    (code, _, _), _truth = _load(capsys, world, tmp_path, "--as", "auditor")
    code, _, err = run(capsys, "analytics", "run", "--source", "付款", "--test", "dup_exact", "--as", "outsider")
    assert code == 2
    run_id = Run.objects.count()
    code, _, err = run(capsys, "analytics", "run", "--source", "付款", "--test", "dup_exact", "--as", "supervisor")
    assert code == 0
    code, _, err = run(capsys, "analytics", "leads", "--run", str(run_id + 1), "--as", "street_supervisor")
    assert code == 2 and "不存在" in err


def test_it_explains_refusals_in_chinese(world, capsys, tmp_path):
    _load(capsys, world, tmp_path, "--as", "auditor")
    cases = [(["--test", "no_such"], "没有测试"), (["--test", "split_purchase", "--param", "days=abc"], "应为数字"),
             (["--test", "split_purchase", "--param", "days=9999"], "之间"),
             (["--test", "deceased_payee"], "缺少参数"), (["--test", "voucher_gaps", "--param", "x=1"], "没有参数")]
    for extra, words in cases:
        code, _, err = run(capsys, "analytics", "run", "--source", "付款", *extra, "--as", "auditor")
        assert code == 2 and words in err, (extra, err)
    code, out, _ = run(capsys, "analytics", "tests")
    assert code == 0 and "本福特首位数字" in out and "拆分采购" in out


def test_a_recorded_run_repeats_with_its_parameters(world, capsys, tmp_path):
    _load(capsys, world, tmp_path, "--as", "auditor")
    code, out, err = run(capsys, "analytics", "run", "--source", "付款", "--test", "split_purchase", "--param",
                         "threshold=40000", "--param", "days=5", "--as", "auditor", "--json")
    first = json.loads(out)
    code, out, err = run(capsys, "analytics", "run", "--repeat", str(first["run"]), "--as", "supervisor", "--json")
    assert code == 0, err
    again = Run.objects.get(pk=json.loads(out)["run"])
    original = Run.objects.get(pk=first["run"])
    assert again.params == original.params and again.params["threshold"] == 40000 and again.params["days"] == 5
    assert again.fingerprint == original.fingerprint and again.actor.username == "supervisor"
    assert [lead.row_nos for lead in again.leads.all()] == [lead.row_nos for lead in original.leads.all()]
    assert Event.objects.filter(action="analytics.run").count() == 2


def test_it_records_a_confirmed_lead_as_a_finding_of_an_audit_project(world, capsys, tmp_path):
    from duban.audit import services as audit
    from duban.audit.models import Finding

    plan = audit.audit_plan_create(actor=world.auditor, programme=world.programme.name, title="2026年度审计项目计划",
                                   document_no="钱审〔2026〕5号")
    audit.audit_project_add(actor=world.auditor, plan=plan.title, name="区审计局财务收支审计", project_type="财务收支审计",
                            organising_unit="钱塘区", implementing_unit="区审计局", objective="核实付款",
                            scope_units="区审计局", scope_period="2025年度", schedule="2026年4月—9月")
    audit.audit_plan_approve(actor=world.leader, plan=plan.title)
    project = plan.projects.get()
    (code, _out, err), _truth = _load(capsys, world, tmp_path, "--as", "auditor")
    assert code == 0, err
    code, out, err = run(capsys, "analytics", "run", "--source", "付款", "--test", "dup_exact", "--as", "auditor", "--json")
    lead = json.loads(run(capsys, "analytics", "leads", "--run", str(json.loads(out)["run"]), "--as", "auditor",
                          "--json")[1])[0]["lead"]
    code, _out, err = run(capsys, "analytics", "confirm", str(lead), "--reason", "同一发票付款两次，已核实",
                          "--project", str(project.pk), "--as", "auditor")
    assert code == 0, err
    finding = Finding.objects.get(project=project)
    assert finding.task_id == Lead.objects.get(pk=lead).task_id and finding.rectification_class == "immediate"
    assert "同一发票付款两次" in finding.problem and finding.task.state == "assigned"
