"""Cases from closed work: written by the lead unit, reviewed by a supervisor who did not write
them, published to a library every unit searches, exported, and worth a bonus in assessment."""
import datetime as dt

import docx
import pytest

from duban.cases import services as svc
from duban.cases.documents import case_docx
from duban.cli.main import main
from duban.core import clock
from duban.core.errors import DomainError, NotFound
from duban.org.models import Unit
from duban.supervision.assessment import assessment_scores

D = dt.date
TEXT = {"background": "审计查出部分项目资金闲置。", "measures": "建立整改台账，逐项销号。\n每月调度一次。",
        "results": "追回资金全部到位，制度完善3项。"}


@pytest.fixture
def closed(world):
    from duban.tasks import services as tasks
    from duban.tasks.services.evidence import MemoryFile

    with clock.travel(D(2026, 3, 2)):
        task = world.task(state="in_progress", deadline=D(2026, 6, 30), title="专项资金闲置问题整改",
                          targets=[{"metric": "追回资金", "target": "1200", "unit_of_measure": "万元"}])
        tasks.task_report(actor=world.liaison, task_id=task.pk, text="资金已全部追回。", percent=100,
                          target_actuals={"追回资金": "1250"})
        tasks.task_request_closure(actor=world.liaison, task_id=task.pk, evidence=[MemoryFile("追回凭证.pdf", b"%PDF")])
        tasks.closure_approve(actor=world.supervisor, task_id=task.pk)
    task.refresh_from_db()
    return task


def _case(world, task, actor=None):
    return svc.case_create(actor=actor or world.liaison, task_id=task.pk, title="审计整改“下半篇文章”的钱塘做法",
                           keywords="审计整改 闭环", **TEXT)


def test_it_keeps_a_case_out_of_the_library_until_reviewed(world, closed):
    case = _case(world, closed)
    assert list(svc.cases_published()) == []
    with pytest.raises(NotFound):
        svc.case_for(world.outsider, case.pk)
    svc.case_submit(actor=world.liaison, case_id=case.pk)
    assert list(svc.cases_published()) == []
    svc.case_review(actor=world.supervisor, case_id=case.pk, publish=True)
    assert [c.pk for c in svc.cases_published(q="审计 闭环")] == [case.pk]
    assert svc.case_for(world.outsider, case.pk).title == case.title  # other units read the library


def test_it_refuses_a_case_from_work_not_yet_closed(world):
    with clock.travel(D(2026, 3, 2)):
        task = world.task(state="in_progress", deadline=D(2026, 6, 30))
    with pytest.raises(DomainError, match="只有已销号的事项"):
        _case(world, task)


def test_it_never_lets_the_author_review_their_own_case(world, closed):
    case = _case(world, closed, actor=world.supervisor)
    svc.case_submit(actor=world.supervisor, case_id=case.pk)
    with pytest.raises(DomainError, match="撰写人不能审核"):
        svc.case_review(actor=world.supervisor, case_id=case.pk, publish=True)


def test_it_returns_a_case_only_with_a_reason(world, closed):
    case = _case(world, closed)
    svc.case_submit(actor=world.liaison, case_id=case.pk)
    with pytest.raises(DomainError, match="写明理由"):
        svc.case_review(actor=world.supervisor, case_id=case.pk, publish=False)
    svc.case_review(actor=world.supervisor, case_id=case.pk, publish=False, note="成效数据请补充来源")
    case.refresh_from_db()
    assert case.state == "returned" and case.review_note == "成效数据请补充来源"
    svc.case_submit(actor=world.liaison, case_id=case.pk)  # fixed and sent again


def test_it_takes_the_figures_from_the_tasks_targets(world, closed):
    from duban.tasks.models import Target

    Target.objects.filter(task=closed).update(actual_value=1250)
    case = _case(world, closed)
    assert case.figures == [{"name": "追回资金", "value": "1250万元（目标1200万元）"}]


def test_it_adds_the_bonus_to_the_units_assessment_when_published(world, closed):
    case = _case(world, closed)
    svc.case_submit(actor=world.liaison, case_id=case.pk)
    with clock.travel(D(2026, 7, 3)):
        svc.case_review(actor=world.supervisor, case_id=case.pk, publish=True)
        score = assessment_scores(Unit.objects.filter(name="区审计局"), "2026")[0]
    assert score["score"] == 102 and score["items"][0]["name"].startswith("经验案例入选案例库")


def test_it_exports_the_case_with_its_figures(world, closed, tmp_path):
    from duban.tasks.models import Target

    Target.objects.filter(task=closed).update(actual_value=1250)
    case = _case(world, closed)
    document = docx.Document(case_docx(user=world.liaison, case_id=case.pk, out=tmp_path / "c.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "一、背景" in text and "每月调度一次。" in text
    rows = [[c.text for c in r.cells] for t in document.tables for r in t.rows]
    assert ["追回资金", "1250万元（目标1200万元）"] in rows


def test_it_runs_the_case_path_from_the_command_line(world, closed, capsys):
    import json

    assert main(["case", "create", "--task", str(closed.pk), "--title", "闭环整改的做法", "--background", "背景",
                 "--measures", "做法", "--results", "成效", "--figure", "制度完善=3项", "--as", "liaison",
                 "--json"]) == 0
    case = json.loads(capsys.readouterr().out)["case"]
    assert main(["case", "submit", str(case), "--as", "liaison"]) == 0
    assert main(["case", "review", str(case), "--publish", "--as", "liaison"]) == 2
    assert main(["case", "review", str(case), "--publish", "--as", "supervisor"]) == 0
    capsys.readouterr()
    assert main(["case", "list", "--q", "闭环", "--as", "outsider", "--json"]) == 0
    assert [r["case"] for r in json.loads(capsys.readouterr().out)] == [case]


def test_it_serves_the_library_and_hides_drafts_on_the_pages(world, closed, client):
    case = _case(world, closed)
    client.force_login(world.outsider)
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert client.get(f"/cases/new/?task={closed.pk}").status_code == 404
    client.force_login(world.liaison)
    client.post(f"/cases/{case.pk}/submit/")
    client.force_login(world.supervisor)
    client.post(f"/cases/{case.pk}/review/", {"decision": "publish"})
    client.force_login(world.outsider)
    page = client.get("/cases/?q=审计整改").content.decode()
    assert f'href="/cases/{case.pk}/"' in page
    assert f'href="/cases/{case.pk}/"' not in client.get("/cases/?q=城市更新").content.decode()
    assert client.get(f"/cases/{case.pk}/export/").status_code == 200


def test_it_adds_no_bonus_when_an_admin_disabled_the_rule(world, closed):
    from duban.supervision.models import AssessmentEntry, AssessmentRule

    AssessmentRule.objects.filter(code="case_published").update(active=False)
    case = _case(world, closed)
    svc.case_submit(actor=world.liaison, case_id=case.pk)
    svc.case_review(actor=world.supervisor, case_id=case.pk, publish=True)
    assert not AssessmentEntry.objects.exists()


def test_it_records_a_superiors_praise_from_the_command_line(world, capsys):
    assert main(["assessment", "entry", "--unit", "区审计局", "--rule", "praise", "--on", "2026-05-08",
                 "--reason", "审计整改经验获市委审计办通报表扬", "--as", "supervisor"]) == 0
    assert "+3" in capsys.readouterr().out
    assert main(["assessment", "entry", "--unit", "区审计局", "--rule", "praise", "--on", "2026-05-08",
                 "--reason", "自报表扬", "--as", "liaison"]) == 2
    assert "不督查" in capsys.readouterr().err
    with clock.travel(D(2026, 6, 1)):
        score = assessment_scores(Unit.objects.filter(name="区审计局"), "2026-Q2")[0]["score"]
    assert score == 103
