"""A second client reads our documents: LibreOffice turns each .docx into a PDF whose text holds
the counts the office reports."""
import datetime as dt
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from duban.audit import services as audit
from duban.audit.plan_docs import plan_docx
from duban.audit.reports import project_report_data, rectification_docx, year_summary_data
from duban.audit.tests.conftest import later
from duban.core import clock
from duban.inspection import services as insp
from duban.inspection.models import Feedback
from duban.inspection.reports import disclosure_data, disclosure_docx
from duban.tasks import services as loop
from duban.tasks.services.evidence import MemoryFile

SOFFICE = shutil.which("soffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is installed by scripts/system-deps.sh")


def as_pdf_text(path, tmp_path) -> str:
    profile = tmp_path / "lo-profile"  # each run its own profile: two runs sharing one collide
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    str(path), "--outdir", str(tmp_path / "pdf")], check=True, capture_output=True, timeout=180)
    reader = PdfReader(tmp_path / "pdf" / (path.stem + ".pdf"))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


def test_the_audit_documents_open_with_their_counts(world, plan, tmp_path):
    project = plan.projects.get()
    done = audit.finding_create(actor=world.auditor, project_id=project.pk, problem="违规发放津贴补贴",
                                rectification_class="立行立改", audited_unit="区审计局", amount="12.5", recover="12.5")
    audit.finding_create(actor=world.auditor, project_id=project.pk, problem="政府投资项目超概算", amount=360,
                         rectification_class="分阶段整改", audited_unit="区审计局", rules_to_make=2,
                         stages=[{"name": "制定方案", "due_on": later(20)}])
    loop.task_sign(actor=world.liaison, task_id=done.task_id)
    loop.task_report(actor=world.liaison, task_id=done.task_id, text="已全额清退", percent=100,
                     target_actuals={"整改金额": "12.5"})
    loop.task_request_closure(actor=world.liaison, task_id=done.task_id, evidence=[MemoryFile("凭证.pdf", b"%PDF x")])
    audit.finding_check(actor=world.auditor, task_id=done.task_id, passed=True)

    rectification_docx(year_summary_data(2026, plan.projects.all()), tmp_path / "summary.docx", heading="整改情况报告")
    text = as_pdf_text(tmp_path / "summary.docx", tmp_path)
    assert "审计查出问题共2个（立行立改1个，分阶段整改1个，持续整改0个），已完成整改1个，正在整改1个" in text
    assert "涉及金额372.5万元" in text
    assert "整改金额（万元）12.512.5" in text  # target 12.5, recovered 12.5
    assert "立行立改110" in text and "分阶段整改101" in text  # by class: problems, done, in progress
    rectification_docx(project_report_data(project), tmp_path / "report.docx", heading="审计整改情况报告")
    assert "已完成整改1个" in as_pdf_text(tmp_path / "report.docx", tmp_path)
    plan_docx(plan, tmp_path / "plan.docx")
    text = as_pdf_text(tmp_path / "plan.docx", tmp_path)
    assert "本年度安排审计项目1个" in text and "钱审〔2026〕5号" in text


def test_the_disclosure_report_opens_with_its_counts_and_rate(world, tmp_path):
    programme = loop.programme_create(actor=world.supervisor, name="省委巡视反馈问题整改", year=2026,
                                      owner_unit="钱塘区", kind="inspection")
    feedback = insp.feedback_create(actor=world.supervisor, programme=programme.name, title="省委第三巡视组反馈意见",
                                    inspected_unit="区审计局", feedback_on=clock.today(),
                                    problems=["问题一", "问题二", "问题三", "问题四"])
    for problem in feedback.problems.all():
        insp.measure_add(actor=world.supervisor, problem_id=problem.pk, text="整改", lead_unit="区审计局",
                         deadline=clock.today() + dt.timedelta(days=40))
    insp.rectification_plan_approve(actor=world.leader, feedback_id=feedback.pk)
    insp.rectification_plan_start(actor=world.supervisor, feedback_id=feedback.pk)
    first, second = (p.task for p in feedback.problems.all()[:2])
    for task in (first, second):
        loop.task_sign(actor=world.liaison, task_id=task.pk)
    loop.task_report(actor=world.liaison, task_id=second.pk, text="推进中", percent=40)
    loop.task_request_closure(actor=world.liaison, task_id=first.pk, evidence=[MemoryFile("a.pdf", b"%PDF x")])
    loop.closure_approve(actor=world.supervisor, task_id=first.pk)

    disclosure_docx(disclosure_data(Feedback.objects.filter(pk=feedback.pk)), tmp_path / "disclosure.docx")
    text = as_pdf_text(tmp_path / "disclosure.docx", tmp_path)
    assert "巡视反馈问题共4个，已完成整改1个，基本完成1个，尚未完成2个，整改完成率25.0%" in text
