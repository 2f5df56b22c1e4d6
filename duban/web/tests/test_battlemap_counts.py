"""The battle map's counts come from GROUP BY queries over the lights as database conditions: they
match counting every task's `task_light` one by one, for all tasks, each programme and each unit."""
import datetime as dt

import pytest

from duban.core import clock
from duban.tasks import services as svc
from duban.tasks.access import tasks_visible_to
from duban.tasks.models import Milestone
from duban.tasks.nodes import refresh_next_due
from duban.tasks.selectors import lights_of_rows, task_rows
from duban.web.battlemap import Tally, battle_map_data


def _recount(user, today):
    rows = task_rows(tasks_visible_to(user))
    lights = lights_of_rows(rows, today=today)
    everything, programmes, units = Tally({}), {}, {}
    for row in rows:
        for tally in (everything, programmes.setdefault(row.programme_id, Tally({})),
                      units.setdefault(row.lead_unit_id, Tally({}))):
            tally.add(row, lights[row.pk], today)
    return everything, programmes, units


def _figures(t: Tally) -> tuple:
    return (t.total, dict(+t.lights), dict(+t.states), t.ontime, t.late, t.overdue, t.percent_sum)


@pytest.mark.parametrize("terms", ["shared", "own"])
def test_the_counts_match_a_recount_through_task_light(world, terms):
    """With every programme on the same window and cycle (no programme is joined), and with one on
    its own (the conditions compare with each task's programme)."""
    if terms == "own":
        svc.programme_update(actor=world.supervisor, name=world.reviewed.name, warning_workdays=25,
                             report_cycle_workdays=5)
    today = clock.today()
    day = lambda n: today + dt.timedelta(days=n)  # noqa: E731
    world.task(state="in_progress", deadline=day(10))  # red a month on
    world.task(state="in_progress", deadline=day(32))  # yellow: inside the warning window
    world.task(state="assigned", lead_unit="白杨街道", co_units=(), programme=world.reviewed.name)
    late_node = world.task(state="in_progress", deadline=day(120))  # red: a milestone passed
    Milestone.objects.create(task=late_node, name="形成方案", due_on=day(5))
    refresh_next_due([late_node.pk])  # what the event log's hook does when a service adds a node
    world.task(state="in_progress", deadline=day(150))  # yellow: no report for a month
    world.task(state="closure_requested", deadline=day(20))
    world.task(state="closed")
    cancelled = world.task(state="assigned")
    svc.task_cancel(actor=world.supervisor, task_id=cancelled.pk, reason="职能调整，不再督办")
    with clock.travel(day(30)):
        later = clock.today()
        data = battle_map_data(world.supervisor, today=later, live=False)
        everything, programmes, units = _recount(world.supervisor, later)
    assert _figures(data["all"]) == _figures(everything)
    # the reviewed programme's task, due in a month, is inside its own 25-working-day window
    yellow = 2 if terms == "shared" else 3
    assert dict(+data["all"].lights) == {"red": 2, "yellow": yellow, "green": 5 - yellow, "none": 1}
    assert {t.key["programme"]: _figures(t) for t in data["programmes"]} == {
        k: _figures(t) for k, t in programmes.items()}
    assert {t.key["lead"]: _figures(t) for t in data["units"]} == {k: _figures(t) for k, t in units.items()}
