"""A rating round in headless Chromium: the organiser sets it up and opens it, a member votes, the
organiser closes it and everyone involved sees the same results."""
import os

import pytest

from duban.web.tests.test_browser import SHOTS, Person, browser  # noqa: F401  (fixture)

pytestmark = [pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="browser tests run once, on SQLite"),
              pytest.mark.skipif(not os.path.exists("/usr/bin/chromium"), reason="Chromium is installed by system-deps")]


def test_it_runs_a_rating_round_in_the_browser(transactional_db, world, live_server, browser):  # noqa: F811
    from duban.org.services import user_create

    user_create(actor=None, username="member", password="duban-test-pw", unit="钱塘区", role="observer",
                display_name="人大常委会委员")
    supervisor = Person(browser, live_server.url, "supervisor")
    page = supervisor.open("/ratings/")
    page.fill("#r-title", "2025年度部门法治政府建设报告满意度测评")
    with page.expect_navigation():
        page.click("form.card button[type=submit]")
    page.fill("#i-name", "区审计局法治政府建设情况报告")
    page.fill("#i-unit", "区审计局")
    with page.expect_navigation():
        page.click("text=添加测评对象")
    page.fill("#raters", "member")
    with page.expect_navigation():
        page.click("text=添加测评人")
    with page.expect_navigation():
        page.click("text=开始测评")
    round_url = page.url.removeprefix(live_server.url)
    assert "测评中" in page.locator("h1").inner_text()

    member = Person(browser, live_server.url, "member")
    ballot = member.open(round_url)
    ballot.check("#ballot input[value=basic]")
    ballot.fill("#ballot input[name^=comment-]", "建议公开整改台账")
    with ballot.expect_navigation():
        ballot.click("text=提交测评票")
    assert "您已投票" in ballot.content() and ballot.locator("#results").count() == 0

    page = supervisor.open(round_url)
    assert "已投票 1 / 1 人" in page.content() and page.locator("#results").count() == 0
    with page.expect_navigation():
        page.click("text=结束测评并公布结果")
    row = page.locator("#results tbody tr").first.inner_text()
    assert "区审计局法治政府建设情况报告" in row and "100.0%" in row
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "rating-results.png"), full_page=True)
    assert "100.0%" in member.open(round_url).locator("#results").inner_text()
