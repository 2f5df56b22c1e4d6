"""A supervision office's day in headless Chromium: create a task with milestones and targets, edit it
after assignment and read the change in the history, decompose it into two sub-tasks and see the
roll-up, have a closure refused for want of new evidence and then approved. Writes screenshots."""
import datetime as dt

from duban.core import clock
from duban.web.tests import test_browser as base
from duban.web.tests.test_browser import SHOTS, Person, _evidence

browser = base.browser  # the same Chromium fixture
pytestmark = base.pytestmark

DAY = dt.timedelta(days=1)


def _create(supervisor, world, deadline):
    page = supervisor.open(f"/tasks/new/?programme={world.programme.pk}")
    page.fill("#id_title", "老旧小区加装电梯攻坚")
    page.fill("#id_content", "全年完成加装电梯100台，惠及居民3000户。")
    page.select_option("#id_source_kind", "meeting")
    page.fill("#id_source_ref", "区委常委会2026年第5次会议纪要")
    page.select_option("#id_lead_unit", "区审计局")
    page.select_option("#id_co_units", ["区住房和城乡建设局", "白杨街道"])
    page.select_option("#id_responsible_leader", "leader")
    page.fill("#id_responsible_person", "王主任")
    page.fill("#id_deadline", deadline.isoformat())
    names, dues, befores = (page.locator(f"input[name={n}]") for n in ("m_name", "m_due", "m_before"))
    names.nth(0).fill("完成方案")
    dues.nth(0).fill((clock.today() + 20 * DAY).isoformat())
    names.nth(1).fill("完成招标")
    befores.nth(1).fill("10")
    page.click("button[data-rows=milestone-rows]")  # one more row than the form came with
    assert names.count() == 4
    page.locator("input[name=t_metric]").nth(0).fill("加装电梯")
    page.locator("input[name=t_value]").nth(0).fill("100")
    page.locator("input[name=t_unit]").nth(0).fill("台")
    page.screenshot(path=str(SHOTS / "task-new.png"), full_page=True)
    with page.expect_navigation():
        page.click("#task-form button[type=submit]")
    return page


def test_it_creates_edits_and_decomposes_a_task_in_the_browser(transactional_db, world, live_server, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    supervisor = Person(browser, live_server.url, "supervisor")
    deadline = clock.today() + 90 * DAY
    page = _create(supervisor, world, deadline)
    assert page.locator(".state").inner_text() == "拟办"
    assert "完成招标" in page.locator(".timeline").inner_text()
    assert "加装电梯" in page.locator("section", has_text="指标：目标与实际").inner_text()
    task_url = page.url
    supervisor.act("assign")
    assert page.locator(".state").inner_text() == "已交办"

    page.click("a[href$='/edit/']")
    later = deadline + 14 * DAY
    page.fill("#id_deadline", later.isoformat())
    page.fill("#id_title", "老旧小区加装电梯三年攻坚")
    page.screenshot(path=str(SHOTS / "task-edit.png"), full_page=True)
    with page.expect_navigation():
        page.click("#task-form button[type=submit]")
    history = page.locator(".events").inner_text()
    assert f"「完成时限」{deadline.isoformat()} → {later.isoformat()}" in history
    assert "「事项名称」老旧小区加装电梯攻坚 → 老旧小区加装电梯三年攻坚" in history and "task.updated" not in history

    liaison = Person(browser, live_server.url, "liaison")
    liaison.open(task_url.replace(live_server.url, ""))
    liaison.act("sign")
    page = liaison.page
    page.click("a[href$='/decompose/']")
    page.select_option("#id_unit", "区住房和城乡建设局")
    page.fill("#id_title", "住建局负责加装审批")
    with page.expect_navigation():
        page.click("#decompose-form button[type=submit]")
    assert "已分解并交办给区住房和城乡建设局" in page.locator(".messages").inner_text()
    page.screenshot(path=str(SHOTS / "task-decompose.png"), full_page=True)

    page = supervisor.open(task_url.replace(live_server.url, ""))
    page.click("a[href$='/decompose/']")
    page.select_option("#id_unit", "白杨街道")
    page.fill("#id_title", "白杨街道负责居民协调")
    page.fill("#id_deadline", (later - 5 * DAY).isoformat())
    with page.expect_navigation():
        page.click("#decompose-form button[type=submit]")
    assert page.locator(".subtasks li").count() == 2

    page = supervisor.open(task_url.replace(live_server.url, ""))
    subtasks = page.locator("#subtasks").inner_text()
    assert "住建局负责加装审批" in subtasks and "白杨街道负责居民协调" in subtasks and "平均进度 0%" in subtasks
    page = supervisor.open("/")
    assert "老旧小区加装电梯三年攻坚" in page.locator("#rollups").inner_text()
    assert "2" in page.locator("#rollups tbody tr").first.locator("td").nth(3).inner_text()


def test_it_refuses_a_closure_without_new_evidence_then_approves_it(transactional_db, world, live_server, browser,
                                                                     tmp_path):
    SHOTS.mkdir(parents=True, exist_ok=True)
    task = world.task(state="in_progress", title="清理拖欠中小企业账款", targets=[{"metric": "清偿金额", "target": "500"}])
    url = f"/tasks/{task.pk}/"
    liaison = Person(browser, live_server.url, "liaison")
    supervisor = Person(browser, live_server.url, "supervisor")
    page = liaison.open(url)
    page.click("details.action-request_closure > summary")
    gaps = page.locator("#closure-gaps").inner_text()
    assert "还没有佐证材料" in gaps and "指标「清偿金额」没有报送实际值" in gaps  # said before the button is pressed
    page.click("details.action-report > summary")
    page.fill("#report-text", "已清偿480万元。")
    page.fill("#report-percent", "96")
    page.fill("#report-actual-1", "480")
    page.set_input_files("#report-files", _evidence(tmp_path, "清偿凭证.pdf", "paid"))
    with page.expect_navigation():
        page.click("details.action-report button[type=submit]")
    assert "480" in page.locator("section", has_text="指标：目标与实际").inner_text()
    liaison.act("request_closure", text="申请销号")
    assert page.locator(".state").inner_text() == "待审核销号"

    supervisor.open(url)
    supervisor.act("return", reason="缺少银行回单")
    page = liaison.open(url)
    page.click("details.action-request_closure > summary")
    assert "上次退回后还没有补充新的佐证材料" in page.locator("#closure-gaps").inner_text()
    page.screenshot(path=str(SHOTS / "closure-gaps.png"), full_page=True)
    with page.expect_navigation():
        page.click("details.action-request_closure button[type=submit]")
    assert "上次退回后还没有补充新的佐证材料" in page.locator("details.action-request_closure .error-box").inner_text()
    assert page.locator(".state").inner_text() == "办理中"
    # The refused form stays open beside its message; the liaison adds the missing file to it.
    page.fill("#request_closure-text", "已补充银行回单")
    page.set_input_files("#request_closure-files", _evidence(tmp_path, "银行回单.pdf", "bank"))
    with page.expect_navigation():
        page.click("details.action-request_closure button[type=submit]")
    assert page.locator(".state").inner_text() == "待审核销号"

    supervisor.open(url)
    supervisor.act("approve", comment="材料齐全")
    page = supervisor.page
    assert page.locator(".state").inner_text() == "已销号"
    assert "进度 96%" in page.locator(".lightline").inner_text()  # the reported progress is kept
