"""The ladder over real calendars: it fires on the right working days around holidays, once."""
import datetime as dt
import threading

import pytest
from django.db import connection

from duban.core import clock
from duban.core.eventlog import verify_log
from duban.core.models import Event
from duban.supervision.models import LadderStep, Notice, OutboxMessage, Rung
from duban.supervision.sweep import sweep
from duban.tasks.models import Programme
from duban.tasks.selectors import urge_counts

D = dt.date


def _days(start, end):
    day = start
    while day <= end:
        yield day
        day += dt.timedelta(days=1)


def _sweep_daily(start, end):
    for day in _days(start, end):
        with clock.travel(day):
            sweep(today=day)


def _fired(task, rung):
    return [s.fired_on for s in LadderStep.objects.filter(task=task, rung=rung, node="deadline")]


@pytest.fixture
def spring_task(world):
    with clock.travel(D(2026, 1, 5)):
        return world.task(state="in_progress", deadline=D(2026, 2, 26))


def test_it_climbs_the_ladder_on_working_days_around_the_spring_festival(spring_task):
    _sweep_daily(D(2026, 2, 1), D(2026, 3, 20))
    assert _fired(spring_task, Rung.REMINDER) == [D(2026, 2, 12)]  # 5 working days, counting 补班 02-14
    assert _fired(spring_task, Rung.URGE) == [D(2026, 2, 26)]
    assert _fired(spring_task, Rung.NOTICE) == [D(2026, 3, 2)]  # 02-27, 补班 02-28, 03-02
    assert _fired(spring_task, Rung.ESCALATION) == [D(2026, 3, 11)]


def test_it_uses_the_adjusted_working_saturday_after_national_day(world):
    with clock.travel(D(2026, 8, 3)):
        task = world.task(state="in_progress", deadline=D(2026, 10, 3))
    _sweep_daily(D(2026, 9, 15), D(2026, 10, 25))
    assert _fired(task, Rung.REMINDER) == [D(2026, 9, 23)]
    assert _fired(task, Rung.URGE) == [D(2026, 10, 8)]  # the deadline falls in the holiday
    assert _fired(task, Rung.NOTICE) == [D(2026, 10, 10)]  # a Saturday, worked as 补班


def test_it_creates_nothing_on_a_second_sweep_the_same_day(spring_task):
    with clock.travel(D(2026, 3, 2)):
        first = sweep(today=D(2026, 3, 2))
        events, messages = Event.objects.count(), OutboxMessage.objects.count()
        second = sweep(today=D(2026, 3, 2))
    assert first["notices"] >= 1
    assert set(second.values()) == {0}
    assert (Event.objects.count(), OutboxMessage.objects.count()) == (events, messages)


def test_it_does_nothing_on_a_day_off(spring_task):
    with clock.travel(D(2026, 2, 26)):
        sweep(today=D(2026, 2, 26))
    with clock.travel(D(2026, 2, 22)):
        assert set(sweep(today=D(2026, 2, 22)).values()) == {0}


def test_it_numbers_red_notices_per_year_with_the_programme_prefix(world):
    Programme.objects.filter(pk=world.programme.pk).update(settings={"notice_prefix": "钱审督"})
    with clock.travel(D(2026, 1, 5)):
        tasks = [world.task(state="in_progress", deadline=D(2026, 2, 26)) for _ in range(3)]
    with clock.travel(D(2026, 3, 2)):
        sweep(today=D(2026, 3, 2))
    red = Notice.objects.filter(task__in=tasks, color="red").order_by("seq")
    assert [n.number for n in red][-3:] == [f"钱审督〔2026〕{n}号" for n in range(len(red) - 2, len(red) + 1)]
    assert len({n.seq for n in Notice.objects.filter(prefix="钱审督")}) == Notice.objects.filter(prefix="钱审督").count()


def test_it_issues_a_yellow_notice_when_behind_the_planned_pace(world):
    with clock.travel(D(2026, 3, 2)):
        task = world.task(state="in_progress", deadline=D(2026, 6, 30))
    with clock.travel(D(2026, 5, 6)):
        sweep(today=D(2026, 5, 6))
    notice = Notice.objects.get(task=task)
    assert notice.color == "yellow"
    assert "序时进度" in notice.reason


def test_it_logs_each_step_and_counts_the_automatic_urge(spring_task):
    _sweep_daily(D(2026, 2, 25), D(2026, 2, 27))
    assert urge_counts([spring_task.pk])[spring_task.pk] == 1
    assert Event.objects.filter(task_id=spring_task.pk, actor="duban-sweep").exists()
    assert verify_log().ok


def test_it_moves_the_ladder_with_an_approved_extension(world, spring_task):
    from duban.tasks import services as svc

    with clock.travel(D(2026, 2, 24)):
        svc.extension_request(actor=world.liaison, task_id=spring_task.pk, new_deadline=D(2026, 3, 31),
                              reason="拆迁协调未完成")
        svc.extension_decide(actor=world.supervisor, task_id=spring_task.pk, approve=True)
    _sweep_daily(D(2026, 2, 25), D(2026, 3, 31))
    assert _fired(spring_task, Rung.URGE) == [D(2026, 3, 31)]


def test_it_reminds_supervisors_when_a_recheck_falls_due(world):
    with clock.travel(D(2026, 1, 5)):
        task = world.task(state="closed", deadline=D(2026, 2, 26))
    due = task.recheck_due_on
    _sweep_daily(due - dt.timedelta(days=3), due + dt.timedelta(days=5))
    step = LadderStep.objects.get(task=task, rung=Rung.RECHECK)
    assert OutboxMessage.objects.filter(key__startswith=f"step:{step.pk}:inapp:{world.supervisor.pk}").exists()


def test_it_flags_a_stale_report_once_per_lapse(world):
    with clock.travel(D(2026, 3, 2)):
        task = world.task(state="in_progress", deadline=D(2026, 12, 30))
    _sweep_daily(D(2026, 3, 2), D(2026, 4, 30))
    assert LadderStep.objects.filter(task=task, rung=Rung.STALE).count() == 1


@pytest.mark.django_db(transaction=True)
def test_it_fires_once_when_two_sweeps_run_at_the_same_time(world):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite's test database lives in one connection's memory; PostgreSQL runs this")
    with clock.travel(D(2026, 1, 5)):
        tasks = [world.task(state="in_progress", deadline=D(2026, 2, 26)) for _ in range(4)]
    results, barrier = [], threading.Barrier(2)

    def run():
        barrier.wait()
        with clock.travel(D(2026, 3, 2)):
            results.append(sweep(today=D(2026, 3, 2)))
        connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(r["notices"] for r in results) == Notice.objects.filter(color="red").count() >= len(tasks)
    assert LadderStep.objects.filter(rung=Rung.NOTICE).count() == len(tasks)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's autovacuum keeps its own statistics")
@pytest.mark.django_db
def test_the_days_sweep_leaves_sqlite_statistics_for_its_query_planner(world):
    """Without them SQLite guessed its way to reading a province's red tasks for one district's list."""
    world.task(state="assigned")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone()[0]:
            cursor.execute("DELETE FROM sqlite_stat1")
    sweep()
    with connection.cursor() as cursor:
        cursor.execute("SELECT idx FROM sqlite_stat1 WHERE tbl = 'tasks_task'")
        indexes = {row[0] for row in cursor.fetchall()}
    assert any("lead_un" in (name or "") for name in indexes), indexes
