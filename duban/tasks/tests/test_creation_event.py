"""A task's creation event reads less (a new task has no history, reports, evidence or extension
requests yet) and attests exactly what verify-log recomputes; a later event about the same task
object, even in the same transaction, reads everything again."""
import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction

from duban.core import attest, clock
from duban.core.eventlog import append_event, inserted_ids, verify_log
from duban.core.models import Event
from duban.org.models import Unit
from duban.org.services import unit_create
from duban.tasks import services as svc
from duban.tasks.models import Milestone, ProgressReport, Target, Task

pytestmark = pytest.mark.django_db


def rows(world, n=1):
    soon = clock.today() + dt.timedelta(days=60)
    return [{"title": f"整改事项{i}", "programme": world.programme.name, "lead_unit": "区审计局",
             "co_units": ["区住房和城乡建设局"], "responsible_leader": "leader", "deadline": soon,
             "milestones": [{"name": "方案", "due_on": soon - dt.timedelta(days=30)}],
             "targets": [{"metric": "整改金额", "target": 120, "unit_of_measure": "万元"}]} for i in range(n)]


def created(task: Task) -> Event:
    return Event.objects.get(task_id=task.pk, action="task.created")


def test_a_new_tasks_digests_are_what_verify_log_recomputes(world):
    one = svc.task_create(actor=world.supervisor, **rows(world)[0])
    bare = svc.task_create(actor=world.supervisor, **{**rows(world)[0], "co_units": [], "targets": [], "milestones": []})
    batch = rows(world, 3)
    del batch[1]["targets"], batch[2]["co_units"]
    many = svc.tasks_create_bulk(actor=world.supervisor, rows=batch)
    qiantang = str(Unit.objects.get(name="钱塘区").pk)
    for task in (one, bare, *many):
        assert created(task).attested == attest.tasks_attested([task.pk])[task.pk]
        assert created(task).chain == qiantang
        soon = task.deadline - dt.timedelta(days=30) if task != bare else task.deadline
        assert Task.objects.get(pk=task.pk).next_due_on == soon
        assert not inserted_ids([task])  # the mark ends with the first event
    result = verify_log()
    assert result.ok, result.problem


def report(task: Task, world) -> None:
    ProgressReport.objects.create(task=task, author=world.liaison, unit=task.lead_unit, reported_on=clock.today(),
                                  created_at=clock.now(), text="已完成方案", percent=30)


def test_a_second_event_on_the_same_object_reads_everything(world):
    unit_create(actor=None, name="上城区", kind="region")
    unit_create(actor=None, name="上城区审计局", parent="上城区")
    svc.task_create(actor=world.supervisor, **rows(world)[0])  # verify-log reads two tasks at once
    with transaction.atomic():
        task = svc.task_create(actor=world.supervisor, **rows(world)[0])
        first = created(task)
        report(task, world)
        Milestone.objects.create(task=task, name="初审", due_on=clock.today() + dt.timedelta(days=10))
        task.lead_unit = Unit.objects.get(name="上城区审计局")  # given to another district's unit
        task.save(update_fields=["lead_unit"])
        second = append_event(actor="supervisor", action="task.updated", task=task, payload={})
    assert second.chain == first.chain  # its history stays one run of the chain it started in
    assert second.attested["reports"] != first.attested["reports"]
    assert second.attested == attest.tasks_attested([task.pk])[task.pk]
    assert Task.objects.get(pk=task.pk).next_due_on == clock.today() + dt.timedelta(days=10)
    result = verify_log()
    assert result.ok, result.problem



def test_one_task_is_read_as_a_batch_reads_it(world):
    """The one-task reads (compiled once, core/prepared.py) give the rows the ORM gives a batch:
    dates, times, decimals and JSON alike, so an event's digests do not depend on how many tasks
    it names."""
    from duban.tasks.attest import task_parts

    done = world.task(state="closure_requested")
    Target.objects.create(task=done, metric="整改金额", unit_of_measure="万元", target_value=Decimal("120.5"))
    ProgressReport.objects.create(task=done, author=world.liaison, unit=done.lead_unit, reported_on=clock.today(),
                                  created_at=clock.now(), text="已整改", percent=50, target_actuals={"整改金额": 60})
    other = svc.task_create(actor=world.supervisor, **rows(world)[0])
    batch = task_parts([done.pk, other.pk])
    for task in (done, other):
        assert task_parts([task.pk]) == {task.pk: batch[task.pk]}
    parts = batch[done.pk]
    assert parts["reports"] and parts["evidence"] and parts["targets"] and parts["state"][2] is not None
