"""The whole loop in headless Chromium: sign, report with a file, ask for closure, be returned, fix,
be approved; the battle map follows; an outsider cannot open the task. Writes screenshots."""
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"

needs_chromium = pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Chromium is installed by scripts/system-deps.sh")
once = pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"),
                          reason="browser tests run once, on SQLite: the browser does not care which database served")
pytestmark = [needs_chromium, once]


@pytest.fixture
def browser(monkeypatch):
    from playwright.sync_api import sync_playwright

    # The live server thread and Playwright's sync API share this thread's event loop.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()
        connections.close_all()  # PostgreSQL teardown would otherwise wait on this thread's connection


class Person:
    def __init__(self, browser, base, username, password="duban-test-pw"):
        self.base = base
        self.page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="zh-CN")
        self.page.on("dialog", lambda dialog: dialog.accept())
        self.page.goto(base + "/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        with self.page.expect_navigation():
            self.page.click("main button[type=submit]")

    def open(self, path):
        self.page.goto(self.base + path)
        return self.page

    def act(self, name, *, refused=False, **fields):
        """Open an action's form, fill it and submit, as a person does with the keyboard or mouse;
        `refused` when the server is expected to say no."""
        page = self.page
        page.click(f"details.action-{name} > summary")
        for field, value in fields.items():
            if field == "files":
                page.set_input_files(f"#{name}-files", value)
            else:
                page.fill(f"#{name}-{field}", str(value))
        with page.expect_navigation() as navigation:
            page.click(f"details.action-{name} button[type=submit]")
        said_no = page.locator(".error-box").all_inner_texts()
        assert (navigation.value.status >= 400) == refused, f"{name}: {navigation.value.status} {said_no}"
        return page

    def figure(self, label):
        return self.page.locator(".figure", has_text=label).locator("b").inner_text()


def _evidence(tmp_path, name, text):
    path = tmp_path / name
    path.write_bytes(b"%PDF-1.4 " + text.encode())
    return str(path)


def test_it_runs_the_whole_loop_in_the_browser(transactional_db, world, live_server, browser, tmp_path):
    SHOTS.mkdir(parents=True, exist_ok=True)
    task = world.task(state="assigned", title="做实审计整改“下半篇文章”，建立整改闭环台账")
    url = f"/tasks/{task.pk}/"
    liaison = Person(browser, live_server.url, "liaison")
    supervisor = Person(browser, live_server.url, "supervisor")

    assert task.title in liaison.open("/inbox/").locator("#box-to_sign").inner_text()
    page = liaison.open(url)
    liaison.act("sign")
    assert page.locator(".state").inner_text() == "办理中"
    liaison.act("report", text="已完成整改方案，正在逐项落实。", percent=60,
                files=_evidence(tmp_path, "整改方案.pdf", "plan"))
    assert "整改方案.pdf" in page.locator("section", has_text="进展报送").inner_text()
    liaison.act("request_closure", text="整改已全部完成，申请销号。")
    assert page.locator(".state").inner_text() == "待审核销号"

    supervisor.open("/")
    assert supervisor.figure("待审核销号") == "1"
    supervisor.open(url).screenshot(path=str(SHOTS / "task-page.png"), full_page=True)
    supervisor.act("return", reason="佐证材料缺少整改前后对比照片")
    assert supervisor.page.locator(".state").inner_text() == "办理中"

    inbox = liaison.open("/inbox/")
    returned = inbox.locator("#box-returned").inner_text()
    assert task.title in returned
    inbox.screenshot(path=str(SHOTS / "inbox-liaison.png"), full_page=True)
    liaison.open(url)
    assert "佐证材料缺少整改前后对比照片" in liaison.page.locator(".events").inner_text()
    liaison.act("report", text="补充整改前后对比照片。", percent=100,
                files=_evidence(tmp_path, "对比照片.pdf", "photos"))
    assert "对比照片.pdf" in page.locator("section", has_text="进展报送").inner_text()
    liaison.act("request_closure", text="已补充材料，再次申请销号。")

    supervisor.open(url)
    supervisor.act("approve", comment="材料齐全，同意销号")
    assert supervisor.page.locator(".state").inner_text() == "已销号"
    page = supervisor.open("/")
    assert supervisor.figure("待审核销号") == "0"
    assert "已销号 1" in page.locator(".programme", has_text=world.programme.name).inner_text()

    outsider = Person(browser, live_server.url, "outsider")
    page = outsider.open(url)
    assert "找不到这个页面或事项" in page.content()
    assert task.title not in page.content()


def test_it_shows_errors_in_the_page_next_to_the_form(transactional_db, world, live_server, browser):
    task = world.task(state="closure_requested")
    supervisor = Person(browser, live_server.url, "supervisor")
    page = supervisor.open(f"/tasks/{task.pk}/")
    page.click("details.action-return > summary")
    page.eval_on_selector("#return-reason", "el => el.removeAttribute('required')")
    with page.expect_navigation():
        page.click("details.action-return button[type=submit]")
    assert "请填写「退回理由」" in page.locator("details.action-return").inner_text()


def test_it_draws_the_demo_districts_battle_map_and_inbox(transactional_db, live_server, browser):
    from duban import demo

    demo.load_demo()
    SHOTS.mkdir(parents=True, exist_ok=True)
    supervisor = Person(browser, live_server.url, "supervisor", demo.PASSWORD)
    page = supervisor.open("/")
    page.wait_for_selector("#chart-gantt svg")
    page.wait_for_selector("#chart-trend svg")
    assert page.locator(".figure", has_text="督办事项").locator("b").inner_text() != "0"
    page.screenshot(path=str(SHOTS / "battle-map.png"), full_page=True)
    page.click("#bigscreen-toggle")
    assert "bigscreen" in page.evaluate("document.body.className")
    page.screenshot(path=str(SHOTS / "battle-map-bigscreen.png"))
    supervisor.open("/inbox/").screenshot(path=str(SHOTS / "inbox.png"), full_page=True)
    page = supervisor.open("/tasks/?light=red")
    assert page.locator("table.tasks tbody tr").count() >= 1
    assert all(text.startswith("红") for text in page.locator("table.tasks tbody td:first-child").all_inner_texts())
