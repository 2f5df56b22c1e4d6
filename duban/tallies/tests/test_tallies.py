"""The sweep's daily counts: they agree with a full recount, and a second sweep never doubles them."""
import datetime as dt
from collections import Counter

import pytest
from django.db.models import Sum

from duban.core import clock
from duban.supervision.sweep import sweep
from duban.tallies.models import DayTally, TalliedDay
from duban.tallies.selectors import week_ends
from duban.tallies.services import tally_day_record
from duban.tasks import services as svc
from duban.tasks.lights import task_light
from duban.tasks.models import Task

DAY = dt.date(2026, 6, 14)  # a Sunday: the trend's last week end seen from the Monday after
MONDAY = DAY + dt.timedelta(days=1)


LIAISONS = {"区审计局": "liaison", "区住房和城乡建设局": "co_liaison", "前进街道": "outsider"}


def advance(world, state: str, unit: str, **fields):
    """A task of `unit` brought to `state`, each step by the person whose step it is."""
    task = world.task(state=state if state in ("draft", "assigned") else "assigned", lead_unit=unit, co_units=(),
                      **fields)
    liaison = world.users[LIAISONS[unit]]
    if state in ("in_progress", "closure_requested", "closed"):
        svc.task_sign(actor=liaison, task_id=task.pk)
    if state in ("closure_requested", "closed"):
        svc.task_request_closure(actor=liaison, task_id=task.pk, evidence=[_pdf()])
    if state == "closed":
        svc.closure_approve(actor=world.supervisor, task_id=task.pk)
    return task


def second(world) -> str:
    """A plan programme beside the audit one (without the leader's review step)."""
    from duban.tasks.models import Programme
    from duban.tasks.services import programme_create

    name = "2026年重点工作任务"
    if not Programme.objects.filter(name=name).exists():
        programme_create(actor=world.supervisor, name=name, year=2026, owner_unit="钱塘区", kind="plan")
    return name


def varied(world) -> None:
    """Tasks of two programmes and three units in every state, deadlines past and near, milestones."""
    with clock.travel(DAY - dt.timedelta(days=60)):
        for i, state in enumerate(["draft", "assigned", "in_progress", "in_progress", "closure_requested",
                                   "closed", "assigned", "in_progress"]):
            advance(world, state, list(LIAISONS)[i % 3], programme=[world.programme.name, second(world)][i % 2],
                    deadline=DAY + dt.timedelta(days=(-20, 3, 40, -5, 10, 30, 60, 2)[i]),
                    milestones=[{"name": "形成方案", "due_on": DAY - dt.timedelta(days=i)}] if i % 4 == 1 else [])
    with clock.travel(DAY - dt.timedelta(days=2)):
        cancelled = advance(world, "assigned", "前进街道")
        svc.task_cancel(actor=world.supervisor, task_id=cancelled.pk, reason="并入其他事项")


def recount(day: dt.date) -> dict[tuple, Counter]:
    cells: dict[tuple, Counter] = {}
    for task in Task.objects.select_related("programme"):
        color = task_light(task, today=day).color
        if color != "none":
            cells.setdefault((task.programme_id, task.lead_unit_id, task.responsible_leader_id), Counter())[color] += 1
    return cells


def stored(day: dt.date) -> dict[tuple, Counter]:
    return {(t.programme_id, t.lead_unit_id, t.responsible_leader_id): +Counter(red=t.red, yellow=t.yellow, green=t.green)
            for t in DayTally.objects.filter(day=day)}


def test_the_sweep_records_the_day_just_closed_as_a_full_recount_counts_it(world):
    varied(world)
    with clock.travel(MONDAY):
        expected = recount(DAY)
        sweep()
    assert stored(DAY) == expected
    assert len({u for _, u, _ in expected}) == 3 and {"red", "yellow", "green"} <= set().union(*expected.values())
    assert TalliedDay.objects.get(day=DAY).source == "recorded"


def test_the_sweep_derives_the_earlier_week_ends_once_from_the_log(world):
    varied(world)
    with clock.travel(MONDAY):
        sweep()
    earlier = week_ends(MONDAY)[:-2]
    assert set(TalliedDay.objects.filter(source="derived").values_list("day", flat=True)) == set(earlier)
    # no task existed yet ten weeks before the Sunday: stored as a day of zeros, not left a gap
    assert not DayTally.objects.filter(day=earlier[0]).exists()


def test_a_second_sweep_the_same_day_does_not_double_the_counts(world):
    varied(world)
    with clock.travel(MONDAY):
        sweep()
        first = (DayTally.objects.count(), DayTally.objects.aggregate(n=Sum("red") + Sum("yellow") + Sum("green")))
        sweep()
        with clock.travel(dt.datetime.combine(MONDAY, dt.time(18), tzinfo=clock.now().tzinfo)):
            sweep()
    assert (DayTally.objects.count(), DayTally.objects.aggregate(n=Sum("red") + Sum("yellow") + Sum("green"))) == first
    assert TalliedDay.objects.count() == 11


def test_recording_a_day_again_replaces_its_counts(world):
    varied(world)
    with clock.travel(MONDAY):
        tally_day_record(day=DAY)
        task = Task.objects.filter(state="in_progress", deadline__lt=DAY).first()
        liaison = world.users[LIAISONS[task.lead_unit.name]]
        svc.task_request_closure(actor=liaison, task_id=task.pk, evidence=[_pdf()])
        svc.closure_approve(actor=world.supervisor, task_id=task.pk)
        tally_day_record(day=DAY)
        assert stored(DAY) == recount(DAY)
    assert TalliedDay.objects.filter(day=DAY).count() == 1


def _pdf():
    from duban.tasks.services.evidence import MemoryFile

    return MemoryFile("整改报告.pdf", b"%PDF-1.4 evidence")


@pytest.mark.parametrize("today", [MONDAY, DAY + dt.timedelta(days=3)])
def test_a_sweep_for_a_past_day_records_nothing(world, today):
    varied(world)
    with clock.travel(today):
        sweep(today=DAY - dt.timedelta(days=5))
    assert not TalliedDay.objects.exists()
