import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from duban.core import clock
from duban.tasks import services as svc
from duban.tasks.services.evidence import MemoryFile

UNITS = ["区审计局", "区住房和城乡建设局", "白杨街道", "区城市管理局"]
# Fixed whatever the number of tasks: the programmes' terms, whether the kept counts answer (their
# state, the calendar, the programmes' terms), a GROUP BY per group (all, programmes, units), the
# Gantt's rows (a query per light until it has them) and milestones, and the trend's daily counts.
QUERY_BOUND = 27


def populate(world, n: int, *, start: dt.date):
    """n tasks created `start`, a third left as drafts, the rest assigned; deadlines spread past and future."""
    with clock.travel(start):
        for i in range(n):
            task = svc.task_create(
                actor=world.supervisor, title=f"批量事项{i}", programme=world.programme.name,
                lead_unit=UNITS[i % len(UNITS)], deadline=start + dt.timedelta(days=20 + i % 90),
                milestones=[{"name": "形成方案", "workdays_before": 5}])
            if i % 3:
                svc.task_assign(actor=world.supervisor, task_id=task.pk)


def _queries(client) -> int:
    cache.clear()  # the trend's past weeks would otherwise come from the first render
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/")
    assert response.status_code == 200
    return len(ctx)


def test_it_renders_the_battle_map_in_the_same_number_of_queries_for_30_and_300_tasks(login, world):
    client = login("supervisor")
    populate(world, 30, start=clock.today() - dt.timedelta(days=40))
    small = _queries(client)
    populate(world, 270, start=clock.today() - dt.timedelta(days=40))
    large = _queries(client)
    print(f"battle map queries: 30 tasks {small}, 300 tasks {large}")
    # The Gantt asks for one light at a time and stops once it has its rows: more tasks, never more queries.
    assert large <= small <= QUERY_BOUND


def test_it_stays_under_the_query_bound_with_300_tasks(login, world, django_assert_max_num_queries):
    client = login("supervisor")
    populate(world, 300, start=clock.today() - dt.timedelta(days=40))
    with django_assert_max_num_queries(QUERY_BOUND):
        page = client.get("/")
    assert page.context["all"].total == 300


def test_it_counts_by_light_and_state_for_the_users_scope_only(login, world):
    world.task(state="in_progress")
    world.task(state="assigned", lead_unit="白杨街道", co_units=())
    liaison_map = login("liaison").get("/").context
    supervisor_map = login("supervisor").get("/").context
    assert liaison_map["all"].total == 1
    assert supervisor_map["all"].total == 2
    assert sorted(u.name for u in supervisor_map["units"]) == ["区审计局", "白杨街道"]
    assert supervisor_map["all"].states["assigned"] == 1


def test_it_links_every_count_to_the_list_it_counts(login, world):
    world.task(state="in_progress")
    client = login("supervisor")
    page = client.get("/").content.decode()
    unit = world.programme.tasks.first().lead_unit
    link = f"/tasks/?lead={unit.pk}&amp;light=green"
    assert link in page
    listed = client.get(f"/tasks/?lead={unit.pk}&light=green")
    assert listed.context["total"] == 1


def test_it_ranks_units_with_overdue_tasks_first(login, world):
    start = clock.today() - dt.timedelta(days=60)
    with clock.travel(start):
        late = world.task(state="in_progress", deadline=start + dt.timedelta(days=10), lead_unit="区审计局")
    world.task(state="assigned", lead_unit="区住房和城乡建设局", co_units=())
    context = login("supervisor").get("/").context
    assert context["units"][0].name == late.lead_unit.label
    assert context["overdue_units"][0].overdue == 1
    assert context["all"].lights["red"] == 1


def test_it_lists_the_most_troubled_units_and_counts_the_rest(login, world, monkeypatch):
    """A province has thousands of units: the table shows the first rows, trouble first, and says how
    many more there are; the overdue figure still counts every unit."""
    from duban.web.views import battlemap as view

    monkeypatch.setattr(view, "UNIT_ROWS", 1)
    start = clock.today() - dt.timedelta(days=60)
    with clock.travel(start):
        for unit in ("区审计局", "白杨街道"):
            world.task(state="assigned", deadline=start + dt.timedelta(days=10), lead_unit=unit, co_units=())
    world.task(state="assigned", lead_unit="区住房和城乡建设局", co_units=())
    page = login("supervisor").get("/")
    rows = page.context["units"]
    assert len(rows) == 1 and rows[0].lights["red"] == 1
    html = page.content.decode()
    assert "另有 2 个单位问题较少，未列出" in html
    assert page.context["overdue_unit_count"] == 2 and len(page.context["overdue_units"]) == 1
    assert '<span>有逾期的单位</span><b>2</b>' in html


def test_it_shows_the_most_troubled_programmes_cards_and_counts_the_rest(login, world, monkeypatch, client):
    """A province runs hundreds of programmes: their cards are capped, trouble first, like the units."""
    from django.conf import settings as django_settings

    from duban.tasks.services import programme_create
    from duban.web.views import battlemap as view

    monkeypatch.setattr(view, "PROGRAMME_CARDS", 1)
    quiet = programme_create(actor=world.supervisor, name="老旧小区改造专项", year=2026, owner_unit="区审计局")
    world.task(state="assigned", programme=quiet.name)
    start = clock.today() - dt.timedelta(days=60)
    with clock.travel(start):
        world.task(state="assigned", deadline=start + dt.timedelta(days=10))
    page = login("supervisor").get("/")
    assert [p.name for p in page.context["programmes"]] == [world.programme.name]  # the one with a red light
    html = page.content.decode()
    assert "另有 1 个项目红灯和逾期较少，未列出" in html and "老旧小区改造专项</a></h3>" not in html
    client.force_login(world.supervisor)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "1 more programmes with fewer red lights" in client.get("/").content.decode()


def test_it_draws_the_trend_from_the_daily_counts_so_a_task_closed_today_was_red_last_week(login, world):
    from duban.supervision.sweep import sweep

    start = clock.today() - dt.timedelta(days=100)
    with clock.travel(start):
        task = world.task(state="in_progress", deadline=start + dt.timedelta(days=50))
    sweep()  # the day's first sweep stores the counts of the days before
    svc.task_request_closure(actor=world.liaison, task_id=task.pk, evidence=[MemoryFile("报告.pdf", b"%PDF")])
    svc.closure_approve(actor=world.supervisor, task_id=task.pk)
    trend = login("supervisor").get("/").context["charts"]["trend"]
    assert len(trend) == 12
    assert (trend[-1]["red"], trend[-1]["green"]) == (0, 1)
    assert trend[-2]["red"] == 1
    assert trend[0]["red"] == 0 and trend[0]["yellow"] + trend[0]["green"] == 1


def test_it_tells_a_user_with_no_tasks_what_to_do_next(login, world):
    page = login("outsider").get("/").content.decode()
    assert "您的范围内还没有督办事项" in page


@pytest.mark.parametrize("persona", ["supervisor", "leader"])
def test_it_offers_the_big_screen_toggle(login, world, persona):
    world.task(state="in_progress")
    assert 'id="bigscreen-toggle"' in login(persona).get("/").content.decode()


def _gantt_calendar(page) -> dict:
    import json
    import re

    found = re.search(r'<script id="gantt-calendar" type="application/json">(.*?)</script>', page, re.S)
    return json.loads(found.group(1))


def test_it_shades_the_spring_festival_on_the_gantt_but_not_the_working_saturday_before_it(login, world):
    with clock.travel(dt.date(2026, 1, 20)):
        world.task(state="in_progress", deadline=dt.date(2026, 3, 13))
        page = login("supervisor").get("/").content.decode()
    calendar = _gantt_calendar(page)
    assert calendar["from"] <= "2026-01-13" and calendar["to"] >= "2026-03-20"
    assert {"from": "2026-02-15", "to": "2026-02-23", "holiday": True} in calendar["offdays"]
    assert {"from": "2026-01-24", "to": "2026-01-25", "holiday": False} in calendar["offdays"]
    assert not any(r["from"] <= "2026-02-14" <= r["to"] for r in calendar["offdays"])
    assert "灰色为节假日" in page


def test_it_sends_no_calendar_when_the_gantt_is_empty(login, world):
    world.task(state="closed")
    page = login("supervisor").get("/").content.decode()
    assert _gantt_calendar(page) == {}
