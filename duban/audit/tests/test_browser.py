"""One path through each in headless Chromium: plan → finding → rectification closed by the
audit office's check; feedback → plan approved → 2-month report → disclosure report."""
import datetime as dt

import pytest
from django.conf import settings
from docx import Document

from duban.audit import services as audit
from duban.core import clock
from duban.tasks import services as loop
from duban.tasks.kinds.inspection import add_months
from duban.tasks.services.evidence import MemoryFile
from duban.web.tests.test_browser import ARGS, CHROMIUM, SHOTS, Person

pytestmark = [
    pytest.mark.skipif(not __import__("shutil").which(CHROMIUM), reason="Chromium is installed by scripts/system-deps.sh"),
    # Database-agnostic and slow: run once, on SQLite.
    pytest.mark.skipif("postgresql" in settings.DATABASES["default"]["ENGINE"], reason="runs once, on SQLite"),
]


@pytest.fixture
def browser(monkeypatch):
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # The live server thread and Playwright's sync API share this thread's event loop.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()
        connections.close_all()


def _submit(page, selector):
    with page.expect_navigation():
        page.click(selector)


def test_plan_finding_and_closure_by_the_audit_office(transactional_db, world, live_server, browser, tmp_path):
    plan = audit.audit_plan_create(actor=world.auditor, programme=world.programme.name, title="2026年度审计项目计划")
    project = audit.audit_project_add(actor=world.auditor, plan=plan.title, name="区审计局预算执行审计",
                                      project_type="预算执行审计", organising_unit="钱塘区", implementing_unit="区审计局")
    leader = Person(browser, live_server.url, "leader")
    page = leader.open(f"/audit/plans/{plan.pk}/")
    _submit(page, ".action-approve button")
    assert page.locator(".state").first.inner_text() == "已审定"

    auditor = Person(browser, live_server.url, "auditor")
    page = auditor.open(f"/audit/projects/{project.pk}/")
    page.click("details.action-finding > summary")
    page.fill("#finding-problem", "违规发放津贴补贴")
    page.select_option("#finding-class", "immediate")
    page.fill("#finding-amount", "12.5")
    page.select_option("#finding-unit", "区审计局")
    _submit(page, "details.action-finding button[type=submit]")
    row = page.locator("#finding-1")
    assert "已交办" in row.inner_text()
    task_url = row.locator("a").get_attribute("href")

    liaison = Person(browser, live_server.url, "liaison")
    liaison.open(task_url)
    liaison.act("sign")
    evidence = tmp_path / "清退凭证.pdf"
    evidence.write_bytes(b"%PDF-1.4 refund")
    liaison.act("request_closure", text="已全额清退", files=str(evidence))

    supervisor = Person(browser, live_server.url, "supervisor")
    supervisor.open(task_url)
    supervisor.act("approve", refused=True)
    assert "须经审计机关核查佐证材料" in supervisor.page.content()

    page = auditor.open(f"/audit/projects/{project.pk}/")
    _submit(page, "details.action-check button[type=submit]")
    assert "核查通过，已销号" in page.locator(".messages").inner_text()
    assert "已销号" in page.locator("#finding-1").inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "audit-project.png"), full_page=True)


def test_feedback_plan_report_and_disclosure(transactional_db, world, live_server, browser, tmp_path):
    programme = loop.programme_create(actor=world.supervisor, name="省委巡视反馈问题整改", year=2026,
                                      owner_unit="钱塘区", kind="inspection")
    supervisor = Person(browser, live_server.url, "supervisor")
    page = supervisor.open("/inspection/")
    page.click("details.action-feedback > summary")
    page.fill("#feedback-title", "省委第三巡视组反馈意见")
    page.select_option("#feedback-unit", "区审计局")
    page.fill("#feedback-on", clock.today().isoformat())
    page.fill("#feedback-problems", "违规兼职取酬问题整改不到位\n老旧小区改造进度滞后")
    _submit(page, "details.action-feedback button[type=submit]")
    due = add_months(clock.today(), 2)
    assert f"整改情况报告应于{due.isoformat()}前报送" in page.locator(".messages").inner_text()
    with page.expect_navigation():
        page.click("a:has-text('省委第三巡视组反馈意见')")
    feedback_url = page.url.removeprefix(live_server.url)
    for index in (0, 1):
        page.click("details.action-measure > summary")
        page.locator("#measure-problem").select_option(index=index)
        page.fill("#measure-text", "逐项清理，建立长效机制")
        page.fill("#measure-deadline", (clock.today() + dt.timedelta(days=40)).isoformat())
        _submit(page, "details.action-measure button[type=submit]")
    assert page.locator(".action-start").count() == 0  # not approved: nothing to start
    assert page.locator(".plan-state").inner_text() == "待审批"

    leader = Person(browser, live_server.url, "leader")
    page = leader.open(feedback_url)
    _submit(page, ".action-approve button")
    assert page.locator(".plan-state").inner_text() == "已审批"
    page = supervisor.open(feedback_url)
    _submit(page, ".action-start button")
    assert page.locator(".plan-state").inner_text() == "已实施"
    assert due.isoformat() in page.locator(".report-due").inner_text()

    first = programme.tasks.get(source_ref__endswith="第1个问题")
    loop.task_sign(actor=world.liaison, task_id=first.pk)
    loop.task_request_closure(actor=world.liaison, task_id=first.pk, evidence=[MemoryFile("a.pdf", b"%PDF x")])
    loop.closure_approve(actor=world.supervisor, task_id=first.pk)
    page = supervisor.open(feedback_url)
    assert page.locator(".figure", has_text="完成率").locator("b").inner_text() == "50.0%"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "inspection-feedback.png"), full_page=True)
    with page.expect_download() as download:
        page.click("a.disclosure")
    path = tmp_path / "disclosure.docx"
    download.value.save_as(path)
    text = "\n".join(p.text for p in Document(path).paragraphs)
    assert "巡视反馈问题共2个，已完成整改1个，基本完成0个，尚未完成1个，整改完成率50.0%" in text
