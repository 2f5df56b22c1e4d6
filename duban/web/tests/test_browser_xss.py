"""Stored XSS: a liaison types markup into every free-text field it can fill, then the supervisor
reads every page and hovers every chart; nothing the liaison typed may run in the supervisor's
browser. Escaping is the first line (no Content-Security-Policy violation is even attempted);
the CSP is the second (see test_csp.py)."""
import datetime as dt

import pytest

from duban.core import clock
from duban.tasks import services as svc
from duban.tasks.models import Milestone
from duban.tasks.nodes import refresh_next_due
from duban.tasks.services.evidence import MemoryFile
from duban.web.tests.test_browser import (  # noqa: F401  (the fixture)
    Person,
    browser,
    pytestmark,  # noqa: F401  (Chromium present; run once, on SQLite)
)

IMG = '<img src=x onerror="window.__xss=1;alert(1)">'
SCRIPT = "<script>window.__xss=2;alert(2)</script>"
SVG = '"><svg onload="window.__xss=3">'
HOSTILE = f"{IMG}{SCRIPT}{SVG}"


def _plant(world):
    """Every free-text field of the liaison's: a sub-task's title, content, milestones, targets and
    rectification notes; a report, its target actuals and evidence; an extension reason; a closure
    request."""
    today = clock.today()
    parent = world.task(state="in_progress", title="整改任务" + IMG, deadline=today + dt.timedelta(days=90))
    sub = svc.task_create(
        actor=world.liaison, parent=parent.pk, title=IMG, programme=world.programme.name, lead_unit="区审计局",
        deadline=today + dt.timedelta(days=60), content=HOSTILE, source_ref=HOSTILE, responsible_person=IMG,
        milestones=[{"name": IMG, "due_on": today + dt.timedelta(days=3)},
                    {"name": SCRIPT, "due_on": today + dt.timedelta(days=10)}],
        targets=[{"metric": IMG, "target": "12", "unit_of_measure": "<svg onload=alert(4)>"}], measures=HOSTILE, remarks=HOSTILE)
    svc.task_update(actor=world.supervisor, task_id=parent.pk, milestones=[
        {"name": SVG + IMG, "due_on": today + dt.timedelta(days=1)}])
    svc.task_report(actor=world.liaison, task_id=parent.pk, text=HOSTILE, percent=40,
                    evidence=[MemoryFile(IMG + ".pdf", b"%PDF-1.4 x"), MemoryFile(SCRIPT + ".pdf", b"%PDF-1.4 y")])
    svc.extension_request(actor=world.liaison, task_id=parent.pk, new_deadline=today + dt.timedelta(days=120),
                          reason=HOSTILE)
    closing = world.task(state="in_progress", title="另一项" + SCRIPT)
    svc.task_request_closure(actor=world.liaison, task_id=closing.pk, text=HOSTILE,
                             evidence=[MemoryFile(SVG + ".pdf", b"%PDF-1.4 z")])
    overdue = world.task(state="in_progress", title=SVG)
    # Time passes: a deadline and two milestones are now behind us, so their names reach the lights' reasons.
    type(overdue).objects.filter(pk=overdue.pk).update(deadline=today - dt.timedelta(days=5))
    Milestone.objects.filter(name__in=[IMG, SVG + IMG]).update(due_on=today - dt.timedelta(days=2))
    refresh_next_due()  # as the event log's hook would after a change of these tasks
    return [parent, sub, closing, overdue]


HOVER_EVERY_POINT = """() => {
  const shown = [];
  document.querySelectorAll('.chart').forEach(el => {
    const chart = echarts.getInstanceByDom(el);
    if (!chart) return;
    chart.getOption().series.forEach((series, s) => {
      (series.data || []).forEach((_, i) => {
        chart.dispatchAction({type: 'showTip', seriesIndex: s, dataIndex: i});
        const tip = el.querySelector('div[style*="z-index"]');
        if (tip) shown.push(tip.innerHTML);
      });
    });
  });
  return shown;
}"""


def _hover(page) -> list[str]:
    """Hover every bar, milestone and point: first through ECharts (exactly each item), then with the
    mouse swept over the Gantt chart as a person would."""
    tips = page.evaluate(HOVER_EVERY_POINT)
    box = page.locator("#chart-gantt").bounding_box()
    if box:
        for y in range(int(box["y"]) + 20, int(box["y"] + box["height"]), 12):
            for x in range(int(box["x"]) + 240, int(box["x"] + box["width"]), 40):
                page.mouse.move(x, y)
    return tips


@pytest.mark.django_db(transaction=True)
def test_it_runs_nothing_a_liaison_typed_on_any_page_the_supervisor_reads(world, live_server, browser):  # noqa: F811
    tasks = _plant(world)
    supervisor = Person(browser, live_server.url, "supervisor")
    page = supervisor.page
    dialogs, violations = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    paths = ["/", "/?big=1", "/inbox/", "/tasks/", "/tasks/?q=img", "/tasks/?light=red", "/supervision/notices/",
             "/supervision/bulletins/", "/supervision/calendar/", "/ledger/", "/intake/", "/settings/",
             "/settings/programmes/", "/api/docs", *[f"/tasks/{t.pk}/" for t in tasks]]
    tooltips = []
    for path in paths:
        supervisor.open(path)
        page.wait_for_load_state("load")
        if path.startswith("/?") or path == "/":
            page.wait_for_selector("#chart-gantt svg")
            tooltips += _hover(page)
        for details in page.locator("details").all():
            details.evaluate("el => el.open = true")
        assert page.evaluate("window.__xss") is None, path
    assert dialogs == []
    assert violations == []  # escaped everywhere: the policy never even had to block anything
    shown = "".join(tooltips)
    assert "&lt;img src=x onerror" in shown and "&lt;script&gt;" in shown  # the names reached the tooltips, as text
    supervisor.open(f"/tasks/{tasks[1].pk}/")
    assert IMG in page.locator("main").inner_text()  # shown to the reader as the liaison typed it
