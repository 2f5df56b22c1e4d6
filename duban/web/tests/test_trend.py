"""The battle map's 12-week trend reads the sweep's daily counts: the same figures the event log
gives, for each user's own scope, without reading the log on the page."""
import datetime as dt
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from duban.core import clock
from duban.core.models import Event
from duban.supervision.sweep import sweep
from duban.tallies.derive import histories, light_then
from duban.tallies.selectors import week_ends
from duban.tallies.tests.test_tallies import second
from duban.tasks import services as svc
from duban.tasks.access import tasks_visible_to
from duban.tasks.selectors import task_rows
from duban.tasks.services.evidence import MemoryFile

MONDAY = dt.date(2026, 6, 15)


def history_world(world) -> None:
    """Tasks begun over three months, some closed on the way, most gone red by now: the audit
    office's shared with the housing bureau, the street's left unsigned."""
    start = MONDAY - dt.timedelta(days=90)
    for week in range(0, 12, 2):
        with clock.travel(start + dt.timedelta(days=7 * week)):
            for i, (unit, liaison) in enumerate([("区审计局", "liaison"), ("白杨街道", None), ("前进街道", "outsider")]):
                task = world.task(state="assigned", lead_unit=unit, co_units=("区住房和城乡建设局",) if i == 0 else (),
                                  programme=[world.programme.name, second(world)][week % 4 // 2],
                                  deadline=clock.today() + dt.timedelta(days=10 + 9 * i + week))
                if liaison:
                    svc.task_sign(actor=world.users[liaison], task_id=task.pk)
        if week % 4 == 0:  # weeks 0, 4 and 8: each closed before MONDAY
            with clock.travel(start + dt.timedelta(days=7 * week + 30)):
                svc.task_request_closure(actor=world.outsider, task_id=task.pk,
                                         evidence=[MemoryFile("报告.pdf", b"%PDF")])
                svc.closure_approve(actor=world.supervisor, task_id=task.pk)


def derived(user, today: dt.date) -> list[dict]:
    """The trend as the page used to work it out: every visible task's light from the log."""
    visible = tasks_visible_to(user)
    rows, found = task_rows(visible), histories(visible.values("pk"))
    out = []
    for day in week_ends(today)[:-1]:
        lights = Counter(light.color for row in rows if (light := light_then(row, found.get(row.pk), day)))
        out.append({c: lights[c] for c in ("red", "yellow", "green")})
    return out


def shown(client) -> list[dict]:
    trend = client.get("/").context["charts"]["trend"]
    assert len(trend) == 12
    return [{c: w[c] for c in ("red", "yellow", "green")} for w in trend]


@pytest.mark.parametrize("persona", ["supervisor", "street_supervisor", "liaison", "co_liaison", "leader", "auditor"])
def test_the_trend_shows_the_figures_the_log_gives_for_each_users_own_scope(login, world, persona):
    history_world(world)
    with clock.travel(MONDAY):
        sweep()
        trend = shown(login(persona))
        assert trend[:-1] == derived(world.users[persona], MONDAY)
    assert sum(sum(w.values()) for w in trend) > 0


def test_a_street_supervisor_sees_only_the_streets_figures(login, world):
    history_world(world)
    with clock.travel(MONDAY):
        sweep()
        district, street = shown(login("supervisor")), shown(login("street_supervisor"))
    assert 0 < sum(street[-2].values()) < sum(district[-2].values())
    assert sum(street[-2].values()) == 6  # 白杨街道 led one task in each of the six fortnights


def test_the_page_reads_no_event_log_for_the_trend(login, world):
    history_world(world)
    with clock.travel(MONDAY):
        sweep()
        client = login("supervisor")
        with CaptureQueriesContext(connection) as ctx:
            client.get("/")
    # (the assessment panel counts this month's events; the trend's derivation read every event's state)
    assert not [q for q in ctx.captured_queries if Event._meta.get_field("state_after").column in q["sql"]]


def test_a_week_end_nobody_recorded_is_a_gap_not_zeros(login, world):
    history_world(world)
    with clock.travel(MONDAY):
        trend = shown(login("supervisor"))
    assert all(w == {"red": None, "yellow": None, "green": None} for w in trend[:-1])
    assert sum(trend[-1].values()) > 0


def test_the_demo_shows_its_past_weeks_without_gaps(client, db):
    from duban.demo import load_demo
    from duban.org.models import User

    load_demo()
    client.force_login(User.objects.get(username="supervisor"))
    trend = shown(client)
    assert all(None not in week.values() for week in trend)
    assert sum(week["red"] for week in trend[:-1]) > 0
