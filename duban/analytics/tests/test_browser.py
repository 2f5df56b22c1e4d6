"""In headless Chromium: upload, map (the proposal pre-selected), watch the load finish in the
background, run the Benford test and see its chart drawn. Runs once (not on PostgreSQL)."""
import os
import shutil

import pytest
from django.db import connections

from duban.analytics import generate
from duban.web.tests.test_browser import ARGS, CHROMIUM, SHOTS, Person

pytestmark = [
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Chromium is installed by scripts/system-deps.sh"),
    pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="runs once, on SQLite"),
]


@pytest.fixture
def browser(monkeypatch):
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()
        connections.close_all()


def test_an_auditor_analyses_a_file_in_the_browser(transactional_db, world, live_server, browser, tmp_path):
    SHOTS.mkdir(parents=True, exist_ok=True)
    rows, truth, *_ = generate.payments(600)
    path = generate.write_csv(tmp_path / "付款.csv", rows, encoding="gbk")
    auditor = Person(browser, live_server.url, "auditor")
    errors = []
    page = auditor.open("/analytics/")
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.set_input_files("#a-file", str(path))
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.locator("#role-amount").input_value() == "金额"
    page.fill("#m-name", "付款")
    page.select_option("#m-unit", "区审计局")
    with page.expect_navigation():
        page.click("main form.card button[type=submit]")
    page.wait_for_selector("text=打开数据源，运行测试")
    with page.expect_navigation():
        page.click("text=打开数据源，运行测试")
    page.click("text=本福特首位数字")
    with page.expect_navigation():
        page.click("details[open] button[type=submit]")
    page.wait_for_selector("#benford-chart svg")
    assert "高度符合" in page.inner_text("main") or "基本符合" in page.inner_text("main")
    assert page.locator("#benford-chart svg path").count() > 9  # nine bars and the expected line
    page.screenshot(path=str(SHOTS / "analytics-benford.png"), full_page=True)
    assert errors == []
