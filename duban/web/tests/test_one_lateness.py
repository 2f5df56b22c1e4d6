"""One definition of lateness and staleness: the task page, the lights, the battle map, the lists
and the inbox agree. Each test failed when each of those counted for itself."""
import datetime as dt

import pytest
from django.utils import timezone

from duban.core import clock
from duban.tasks.lights import task_light
from duban.tasks.models import Task
from duban.web.battlemap import battle_map_data
from duban.web.inbox import inbox_for

pytestmark = pytest.mark.django_db


def _asked_on_time_then_waiting(world):
    """Closure asked five days before the deadline; the reviewer is still reading a week after it."""
    deadline = clock.today() + dt.timedelta(days=5)
    task = world.task(state="closure_requested", deadline=deadline)
    return task, deadline + dt.timedelta(days=7)


def test_a_closure_asked_in_time_is_not_late_anywhere_while_it_waits(world, login):
    task, later = _asked_on_time_then_waiting(world)
    with clock.travel(later):
        light = task_light(Task.objects.get(pk=task.pk))
        assert light.color == "green" and "按期申请销号" in light.reason
        tally = battle_map_data(world.supervisor)["all"]
        assert (tally.late, tally.overdue, tally.ontime) == (0, 0, 1)
        boxes = inbox_for(world.supervisor, today=clock.today())
        assert [t.pk for t, _ in boxes["overdue"][0]] == []
        assert [t.pk for t, _ in boxes["closure_review"][0]] == [task.pk]
        client = login("supervisor")
        listed = client.get("/tasks/?due=overdue").context["rows"]
        assert [t.pk for t, *_ in listed] == []


def test_a_closure_asked_after_the_deadline_is_late_everywhere(world, login):
    deadline = clock.today() + dt.timedelta(days=5)
    task = world.task(state="in_progress", deadline=deadline)
    with clock.travel(deadline + dt.timedelta(days=3)):
        world_task = Task.objects.get(pk=task.pk)
        from duban.tasks import services as svc
        from duban.tasks.services.evidence import MemoryFile

        svc.task_request_closure(actor=world.liaison, task_id=world_task.pk,
                                 evidence=[MemoryFile("整改报告.pdf", b"%PDF-1.4 evidence")])
        assert task_light(Task.objects.get(pk=task.pk)).color == "red"
        tally = battle_map_data(world.supervisor)["all"]
        assert (tally.late, tally.overdue) == (1, 1)
        boxes = inbox_for(world.supervisor, today=clock.today())
        assert [t.pk for t, _ in boxes["overdue"][0]] == [task.pk]
        listed = login("supervisor").get("/tasks/?due=overdue").context["rows"]
        assert [t.pk for t, *_ in listed] == [task.pk]


def _working_tuesday_after(day: dt.date) -> dt.date:
    from duban.core.workdays import is_workday

    day += dt.timedelta(days=1)
    while not (day.weekday() == 1 and is_workday(day) and is_workday(day - dt.timedelta(days=1))):
        day += dt.timedelta(days=1)
    return day


def test_the_inbox_and_the_light_agree_on_a_sign_off_in_the_early_shanghai_morning(world):
    """Signed at 07:30 in Shanghai is 23:30 UTC the day before: staleness counts from the local day."""
    from duban.core.workdays import add_workdays

    task = world.task(state="in_progress", deadline=clock.today() + dt.timedelta(days=200))
    signed_day = _working_tuesday_after(clock.today())
    signed_at = dt.datetime.combine(signed_day, dt.time(7, 30), tzinfo=timezone.get_default_timezone())
    assert signed_at.astimezone(dt.UTC).date() == signed_day - dt.timedelta(days=1)
    Task.objects.filter(pk=task.pk).update(signed_at=signed_at, last_report_on=None)
    # Exactly one report cycle after the local sign-off day: due, not yet stale.
    today = add_workdays(signed_day, world.programme.report_cycle_workdays)
    with clock.travel(today):
        light = task_light(Task.objects.get(pk=task.pk), today=today)
        boxes = inbox_for(world.supervisor, today=today)
    stale_in_inbox = task.pk in [t.pk for t, _ in boxes["stale"][0]]
    assert "未报送进展" not in light.reason
    assert stale_in_inbox is False
