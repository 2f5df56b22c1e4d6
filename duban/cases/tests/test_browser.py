"""A case in headless Chromium: from a closed task to the library that another unit searches."""
import datetime as dt
import os

import pytest

from duban.core import clock
from duban.web.tests.test_browser import SHOTS, Person, browser  # noqa: F401  (fixture)

pytestmark = [pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="browser tests run once, on SQLite"),
              pytest.mark.skipif(not os.path.exists("/usr/bin/chromium"), reason="Chromium is installed by system-deps")]


def test_it_takes_a_case_from_a_closed_task_to_the_library(transactional_db, world, live_server, browser):  # noqa: F811
    with clock.travel(dt.date(2026, 3, 2)):
        task = world.task(state="closed", deadline=dt.date(2026, 6, 30), title="专项资金闲置问题整改")
    liaison = Person(browser, live_server.url, "liaison")
    page = liaison.open(f"/cases/new/?task={task.pk}")
    page.fill("#title", "闲置资金“清零”的审计整改做法")
    page.fill("#background", "审计发现专项资金闲置<img src=x onerror=alert(1)>。")
    page.fill("#measures", "建立整改台账，逐项对账销号。")
    page.fill("#results", "闲置资金全部盘活。")
    page.locator("input[name=figure_name]").last.fill("盘活资金")
    page.locator("input[name=figure_value]").last.fill("860万元")
    with page.expect_navigation():
        page.click("text=保存草稿")
    case_url = page.url.removeprefix(live_server.url)
    with page.expect_navigation():
        page.click("text=提交审核")
    assert "待审核" in page.locator("h1").inner_text()

    outsider = Person(browser, live_server.url, "outsider")
    assert "闲置资金" not in outsider.open("/cases/?q=闲置").locator("main").inner_text()

    supervisor = Person(browser, live_server.url, "supervisor")
    page = supervisor.open(case_url)
    with page.expect_navigation():
        page.click("text=审核通过，入库")
    assert "已入库" in page.locator("h1").inner_text()
    assert page.locator(".figure", has_text="盘活资金").locator("b").inner_text() == "860万元"

    library = outsider.open("/cases/?q=闲置 台账")
    assert library.locator("#library .card").count() == 1
    with library.expect_navigation():
        library.click("#library a")
    assert "<img src=x onerror=alert(1)>" in library.locator("main").inner_text()  # shown as text, not run
    SHOTS.mkdir(parents=True, exist_ok=True)
    library.screenshot(path=str(SHOTS / "case-library.png"), full_page=True)
