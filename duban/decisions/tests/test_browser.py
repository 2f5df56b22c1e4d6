"""A decision through its gates in headless Chromium: the collective decision refused before the
legality review, then both recorded with a document, and the catalogue shows it done."""
import datetime as dt
import os

import pytest

from duban.core import clock
from duban.web.tests.test_browser import SHOTS, Person, browser  # noqa: F401  (fixture)

pytestmark = [pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="browser tests run once, on SQLite"),
              pytest.mark.skipif(not os.path.exists("/usr/bin/chromium"), reason="Chromium is installed by system-deps")]


def test_it_takes_a_decision_through_its_gates(transactional_db, world, live_server, browser, tmp_path):  # noqa: F811
    from duban.decisions import services as svc
    from duban.tasks.services import programme_create

    programme_create(actor=world.supervisor, name="2026年度重大行政决策事项", year=2026, owner_unit="钱塘区",
                     kind="decision")
    with clock.travel(dt.date(2026, 3, 20)):
        svc.catalogue_create(actor=world.supervisor, year=2026, programme="2026年度重大行政决策事项")
        decision = svc.decision_add(actor=world.supervisor, year=2026, name="老旧小区综合改造提升三年行动计划",
                                    unit="区审计局", planned_on=dt.date(2026, 11, 30))
        svc.catalogue_approve(actor=world.supervisor, year=2026, approval="区政府常务会议审议通过")
    liaison = Person(browser, live_server.url, "liaison")
    page = liaison.open(f"/decisions/items/{decision.pk}/")
    page.click("details.action-collective_decision > summary")
    with page.expect_navigation():
        page.click("details.action-collective_decision button[type=submit]")
    assert "合法性审查尚未完成，不得提交集体讨论决定" in page.locator(".messages").inner_text()

    opinion = tmp_path / "合法性审查意见书.pdf"
    opinion.write_bytes(b"%PDF-1.4 legality")
    page.click("details.action-legality_review > summary")
    page.fill("#legality_review-note", "区司法局出具合法性审查意见")
    page.set_input_files("#legality_review-documents", str(opinion))
    with page.expect_navigation():
        page.click("details.action-legality_review button[type=submit]")
    assert page.locator(".step-legality_review a", has_text="合法性审查意见书.pdf").count() == 1
    page.click("details.action-collective_decision > summary")
    with page.expect_navigation():
        page.click("details.action-collective_decision button[type=submit]")
    assert page.locator("#progress").inner_text() == "已完成2/2项，法定程序已完成"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "decision-gates.png"), full_page=True)
    assert "法定程序已完成" in liaison.open("/decisions/2026/").locator("#catalogue").inner_text()
