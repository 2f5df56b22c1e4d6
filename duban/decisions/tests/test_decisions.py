"""The decisions catalogue and its statutory gates, as the regulation and an office apply them."""
import datetime as dt
import json

import docx
import openpyxl
import pytest

from duban.cli.main import main
from duban.core import clock
from duban.core.errors import DomainError, NotFound
from duban.decisions import services as svc
from duban.decisions.documents import catalogue_docx
from duban.decisions.spreadsheet import catalogue_xlsx
from duban.decisions.steps import step_done, step_skip
from duban.tasks import services as tasks
from duban.tasks.services.evidence import MemoryFile

D = dt.date


@pytest.fixture
def catalogue(world):
    tasks.programme_create(actor=world.supervisor, name="2026年度重大行政决策事项", year=2026, owner_unit="钱塘区",
                           kind="decision")
    with clock.travel(D(2026, 3, 20)):
        svc.catalogue_create(actor=world.supervisor, year=2026, programme="2026年度重大行政决策事项")
        first = svc.decision_add(actor=world.supervisor, year=2026, name="钱塘区国土空间总体规划（2021—2035年）",
                                 unit="区审计局", planned_on=D(2026, 9, 30), legal_basis="《城乡规划法》",
                                 hearing=True, steps=["专家论证", "风险评估"])
        second = svc.decision_add(actor=world.supervisor, year=2026, name="老旧小区综合改造提升三年行动计划",
                                  unit="区住房和城乡建设局", planned_on=D(2026, 11, 30))
    with clock.travel(D(2026, 3, 27)):
        svc.catalogue_approve(actor=world.supervisor, year=2026, approval="区政府常务会议（3月27日）审议通过")
    first.refresh_from_db()
    second.refresh_from_db()
    return first, second


def _done(world, decision, step, **kwargs):
    with clock.travel(kwargs.pop("on", D(2026, 6, 1))):
        return step_done(actor=kwargs.pop("actor", world.liaison), decision_id=decision.pk, step=step, **kwargs)


def test_it_starts_each_decision_as_a_task_when_the_catalogue_is_approved(world, catalogue):
    first, second = catalogue
    assert first.task.state == "assigned" and first.task.lead_unit.name == "区审计局"
    assert first.task.deadline == D(2026, 9, 30)
    required = [s.step for s in first.steps.all() if s.required]
    assert required == ["public_participation", "expert_argument", "risk_assessment", "legality_review",
                        "collective_decision"]
    assert [s.step for s in second.steps.all() if s.required] == ["legality_review", "collective_decision"]


def test_it_refuses_the_collective_decision_before_the_legality_review(world, catalogue):
    _first, second = catalogue
    with pytest.raises(DomainError, match="合法性审查尚未完成，不得提交集体讨论决定"):
        _done(world, second, "集体讨论决定", actor=world.co_liaison)
    _done(world, second, "合法性审查", actor=world.co_liaison)
    assert _done(world, second, "collective_decision", actor=world.co_liaison, on=D(2026, 6, 2)).done_on == D(2026, 6, 2)


def test_it_refuses_a_29_day_comment_period_without_a_reason(world, catalogue):
    first, _second = catalogue
    with pytest.raises(DomainError, match="公开征求意见期限为29日，一般不少于30日"):
        _done(world, first, "公众参与", comment_from=D(2026, 4, 1), comment_to=D(2026, 4, 29))
    step = _done(world, first, "公众参与", comment_from=D(2026, 4, 1), comment_to=D(2026, 4, 29),
                 short_reason="防汛项目须在汛期前决策")
    assert step.short_reason == "防汛项目须在汛期前决策"


def test_it_accepts_thirty_days_and_keeps_each_steps_documents(world, catalogue):
    first, _second = catalogue
    step = _done(world, first, "公众参与", comment_from=D(2026, 4, 1), comment_to=D(2026, 4, 30),
                 documents=[MemoryFile("征求意见采纳情况.pdf", b"%PDF-1.4 opinions")])
    assert [d.name for d in step.documents.all()] == ["征求意见采纳情况.pdf"]


def test_it_refuses_to_skip_a_required_step(world, catalogue):
    first, second = catalogue
    with pytest.raises(DomainError, match="「专家论证」是本决策事项的必经程序，不能跳过"):
        step_skip(actor=world.liaison, decision_id=first.pk, step="专家论证", reason="无")
    step = step_skip(actor=world.co_liaison, decision_id=second.pk, step="专家论证", reason="技术问题已有定论")
    assert step.note == "不适用：技术问题已有定论"


def test_it_keeps_the_task_open_until_every_required_step_is_done(world, catalogue):
    _first, second = catalogue
    tasks.task_sign(actor=world.co_liaison, task_id=second.task_id)
    with pytest.raises(DomainError, match="法定程序尚未完成：合法性审查、集体讨论决定"):
        tasks.task_request_closure(actor=world.co_liaison, task_id=second.task_id,
                                   evidence=[MemoryFile("决定.pdf", b"%PDF")])
    _done(world, second, "合法性审查", actor=world.co_liaison)
    _done(world, second, "集体讨论决定", actor=world.co_liaison)
    tasks.task_request_closure(actor=world.co_liaison, task_id=second.task_id, evidence=[MemoryFile("决定.pdf", b"%PDF")])


def test_it_hides_a_decision_from_a_unit_with_no_part_in_it(world, catalogue):
    first, _second = catalogue
    with pytest.raises(NotFound):
        _done(world, first, "专家论证", actor=world.outsider)
    with pytest.raises(DomainError):
        _done(world, first, "专家论证", actor=world.co_liaison)  # another unit's decision: not found


def test_it_adjusts_an_approved_catalogue_only_with_ground_and_approval(world, catalogue):
    with clock.travel(D(2026, 6, 5)):  # the day of the approval below, before the planned day
        with pytest.raises(DomainError, match="调整须写明理由"):
            svc.decision_add(actor=world.supervisor, year=2026, name="增补事项", unit="区审计局", planned_on=D(2026, 12, 1))
        added = svc.decision_add(actor=world.supervisor, year=2026, name="区级国有资本投资运营改革方案", unit="区审计局",
                                 planned_on=D(2026, 12, 1), ground="落实市委改革部署",
                                 approval="区政府常务会议（6月5日）同意增补")
    assert added.seq == 3 and added.task.state == "assigned"
    assert added.adjustments.get().approval == "区政府常务会议（6月5日）同意增补"


def test_it_exports_the_catalogue_as_published(world, catalogue, tmp_path):
    sheet = openpyxl.load_workbook(catalogue_xlsx(year=2026, out=tmp_path / "c.xlsx")).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert rows[0] == ["序号", "决策事项名称", "承办单位", "法律依据", "决策事项程序", "是否需听证", "计划决策时间"]
    assert rows[1][1:3] == ["钱塘区国土空间总体规划（2021—2035年）", "区审计局"]
    assert rows[1][4] == "公众参与、专家论证、风险评估、合法性审查、集体讨论决定" and rows[1][5] == "是"
    document = docx.Document(catalogue_docx(year=2026, out=tmp_path / "c.docx"))
    cells = [[c.text for c in r.cells] for t in document.tables for r in t.rows]
    assert cells[2][1] == "老旧小区综合改造提升三年行动计划" and cells[2][6] == "2026年11月"
    assert "区政府常务会议（3月27日）审议通过" in "\n".join(p.text for p in document.paragraphs)


def test_it_runs_the_gates_from_the_command_line(world, catalogue, capsys, tmp_path):
    _first, second = catalogue
    assert main(["decision", "step", str(second.pk), "集体讨论决定", "--done", "--as", "co_liaison"]) == 2
    assert "合法性审查尚未完成" in capsys.readouterr().err
    assert main(["decision", "step", str(second.pk), "合法性审查", "--done", "--as", "co_liaison"]) == 0
    capsys.readouterr()
    assert main(["decision", "list", "--year", "2026", "--json", "--as", "co_liaison"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["name"] for r in rows] == ["老旧小区综合改造提升三年行动计划"]  # only its own decision
    assert rows[0]["progress"] == "已完成1/2项，下一步：集体讨论决定"
    assert main(["decision", "catalogue", "--year", "2026", "--out", str(tmp_path / "c.docx")]) == 0


def test_it_loads_the_demo_catalogue_with_one_decision_part_way(db):
    from duban.decisions.models import Decision
    from duban.decisions.selectors import progress
    from duban.demo import load_demo

    load_demo()
    load_demo(reset=True)
    plan = Decision.objects.get(seq=1)
    assert progress(plan) == "已完成2/5项，下一步：风险评估"
    assert Decision.objects.filter(task__state="assigned").count() == 3


def test_it_shows_the_gates_on_the_pages_only_to_those_concerned(world, catalogue, client):
    first, second = catalogue
    client.force_login(world.outsider)
    assert client.get(f"/decisions/items/{first.pk}/").status_code == 404
    assert client.get("/decisions/2026/").status_code == 404
    client.force_login(world.co_liaison)
    response = client.post(f"/decisions/items/{second.pk}/steps/collective_decision/", {"done_on": ""}, follow=True)
    assert "合法性审查尚未完成" in response.content.decode()
    page = client.get("/decisions/2026/").content.decode()
    assert second.name in page and first.name not in page
    client.force_login(world.supervisor)
    assert client.get("/decisions/2026/catalogue.xlsx").status_code == 200


def test_it_keeps_a_draft_catalogues_export_to_its_keepers(world, client):
    tasks.programme_create(actor=world.supervisor, name="2027年度重大行政决策事项", year=2027, owner_unit="钱塘区",
                           kind="decision")
    svc.catalogue_create(actor=world.supervisor, year=2027, programme="2027年度重大行政决策事项")
    svc.decision_add(actor=world.supervisor, year=2027, name="尚在编制的决策事项", unit="区审计局",
                     planned_on=D(2027, 6, 30))
    client.force_login(world.liaison)
    assert client.get("/decisions/2027/catalogue.xlsx").status_code == 404
    client.force_login(world.supervisor)
    assert client.get("/decisions/2027/catalogue.xlsx").status_code == 200


def test_it_takes_the_comment_minimum_from_the_programmes_settings(world, catalogue):
    first, _second = catalogue
    tasks.programme_update(actor=world.supervisor, name="2026年度重大行政决策事项", settings={"comment_days_min": 20})
    step = _done(world, first, "公众参与", comment_from=D(2026, 4, 1), comment_to=D(2026, 4, 25))
    assert step.done_on == D(2026, 6, 1)  # 25 days, no reason needed under a 20-day minimum
