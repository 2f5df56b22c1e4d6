"""Lights under time travel across Spring Festival 2026 and its adjusted working Saturday."""
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from duban.tasks import services as svc
from duban.tasks.lights import task_light
from duban.tasks.services.evidence import MemoryFile

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def on(day: str):
    return time_machine.travel(dt.datetime.fromisoformat(day).replace(hour=10, tzinfo=SH), tick=False)


@pytest.fixture
def patient(world):
    """The programme's reporting cycle made long, so only nodes colour the light."""
    world.programme.report_cycle_workdays = 100
    world.programme.save()
    return world


@pytest.fixture
def task(patient):
    world = patient
    with on("2026-01-05"):
        task = world.task(state="in_progress", deadline=dt.date(2026, 2, 27),
                          milestones=[{"name": "完成方案", "due_on": dt.date(2026, 2, 13)}])
        svc.task_report(actor=world.liaison, task_id=task.pk, text="启动", percent=5)
    return task


def light_on(task, day):
    with on(day):
        task.refresh_from_db()
        return task_light(task)


def test_it_is_green_when_nothing_is_near(task):
    light = light_on(task, "2026-01-20")
    assert (light.color, light.label) == ("green", "绿")


def test_it_turns_yellow_five_working_days_before_a_milestone(task):
    # 2/5 → 2/13 is 6 working days; 2/6 → 2/13 is 5.
    assert light_on(task, "2026-02-05").color == "green"
    light = light_on(task, "2026-02-06")
    assert light.color == "yellow"
    assert light.reason == "节点「完成方案」剩5个工作日 · 2月13日"


def test_it_counts_the_deadline_across_the_holiday(task):
    svc_done_milestone(task)
    # From 2/13: 2/14 (补班 Saturday), then 24, 25, 26, 27 → five working days, not fourteen days.
    light = light_on(task, "2026-02-13")
    assert light.color == "yellow" and light.reason == "完成时限剩5个工作日 · 2月27日"
    assert light_on(task, "2026-02-14").reason == "完成时限剩4个工作日 · 2月27日"


def test_it_turns_red_when_a_milestone_passes_undone(task):
    # 2/13 passes; the next working day is 2/14, the adjusted Saturday.
    light = light_on(task, "2026-02-14")
    assert light.color == "red" and light.reason == "节点「完成方案」已逾期1个工作日"
    # Holidays do not count as lateness: still 1 on the last day of the festival.
    assert light_on(task, "2026-02-23").reason == "节点「完成方案」已逾期1个工作日"
    assert light_on(task, "2026-02-24").reason == "节点「完成方案」已逾期2个工作日"


def test_it_turns_red_after_the_deadline(task):
    svc_done_milestone(task)
    # 2/27 (Fri) passes; 2/28 is an adjusted working Saturday, then 3/2 and 3/3.
    light = light_on(task, "2026-03-03")
    assert (light.color, light.reason) == ("red", "已逾期3个工作日")


def test_it_turns_yellow_when_reports_go_stale(world):
    with on("2026-01-05"):
        task = world.task(state="in_progress", deadline=dt.date(2026, 6, 30))
        svc.task_report(actor=world.liaison, task_id=task.pk, text="启动", percent=5)
    # Ten working days after 1/5 is 1/19: fine; 1/20 makes eleven.
    assert light_on(task, "2026-01-19").color == "green"
    light = light_on(task, "2026-01-20")
    assert (light.color, light.reason) == ("yellow", "已11个工作日未报送进展")


def test_it_says_when_a_year_has_no_published_holidays(patient):
    world = patient
    with on("2026-12-01"):
        task = world.task(state="in_progress", deadline=dt.date(2027, 3, 31))
        svc.task_report(actor=world.liaison, task_id=task.pk, text="启动", percent=5)
    light = light_on(task, "2027-01-04")
    assert light.color == "green"
    assert light.note == "2027年节假日安排尚未录入，按周末休息计算"


def test_it_shows_closed_tasks_green_and_cancelled_without_a_light(world):
    closed = world.task(state="closed")
    assert task_light(closed).color == "green" and "已销号" in task_light(closed).reason
    cancelled = world.task(state="assigned")
    svc.task_cancel(actor=world.supervisor, task_id=cancelled.pk, reason="并入")
    cancelled.refresh_from_db()
    assert task_light(cancelled).color == "none"


def svc_done_milestone(task):
    task.milestones.update(done_on=dt.date(2026, 2, 12))


def test_it_stops_the_clock_when_closure_is_requested_in_time(task, patient):
    svc_done_milestone(task)
    with on("2026-02-26"):
        svc.task_request_closure(actor=patient.liaison, task_id=task.pk,
                                 evidence=[MemoryFile("整改报告.pdf", b"%PDF report")])
    light = light_on(task, "2026-03-10")  # the supervisor has not reviewed it yet
    assert (light.color, light.reason) == ("green", "2月26日按期申请销号，待审核")


def test_it_keeps_a_late_closure_request_red(task, patient):
    svc_done_milestone(task)
    with on("2026-03-03"):
        svc.task_request_closure(actor=patient.liaison, task_id=task.pk,
                                 evidence=[MemoryFile("整改报告.pdf", b"%PDF report")])
    light = light_on(task, "2026-03-10")
    assert (light.color, light.reason) == ("red", "逾期3个工作日后申请销号，待审核")


def test_the_database_and_python_agree_on_which_tasks_are_late(world):
    """late_q (lists, assessment) and punctuality (battle map, bulletin) are one rule in two forms."""
    import itertools

    from duban.core import clock
    from duban.tasks.lights import late_q, punctuality
    from duban.tasks.models import Task

    base = clock.today()
    states = ["draft", "in_progress", "closure_requested", "closed", "cancelled"]
    offsets = [None, -10, 0, 10]
    for state, asked, closed in itertools.product(states, offsets, offsets):
        task = world.task(state="draft", deadline=base + dt.timedelta(days=30))
        Task.objects.filter(pk=task.pk).update(
            state=state, deadline=base,
            closure_requested_on=None if asked is None else base + dt.timedelta(days=asked),
            closed_on=None if closed is None else base + dt.timedelta(days=closed))
    today = base + dt.timedelta(days=5)
    in_python = {t.pk for t in Task.objects.all() if punctuality(t, today) == "late"}
    assert in_python and set(Task.objects.filter(late_q(today)).values_list("pk", flat=True)) == in_python


def test_the_lights_in_the_database_follow_a_holiday_entered_after_they_were_first_asked_for(patient):
    """A day off entered after the filters were first built moves the warning window in the database too."""
    from duban.core import workdays
    from duban.core.models import Holiday
    from duban.tasks.lights import light_q
    from duban.tasks.models import Task

    world = patient
    with on("2026-11-30"):  # a Monday
        today = dt.date(2026, 11, 30)
        end = workdays.first_day_reaching(today, world.programme.warning_workdays + 1)  # past the window
        task = world.task(state="in_progress", deadline=end)

        def colour():
            lights = light_q(today)
            found = [c for c, q in lights.items() if Task.objects.filter(q, pk=task.pk).exists()]
            assert found == [task_light(Task.objects.get(pk=task.pk), today=today).color]
            return found[0]

        assert colour() == "green"  # due on the first day past the window
        Holiday.objects.create(date=dt.date(2026, 12, 1), is_workday=False, name="调整")
        workdays.overrides_changed()
        assert colour() == "yellow"  # a working day fewer: the deadline now falls inside it
