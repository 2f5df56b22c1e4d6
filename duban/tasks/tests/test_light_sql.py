"""A light's condition compiled to SQL once (light_sql): the rows the ORM's own filter gives, for any
query set it narrows, and the compiling done once per condition."""
import datetime as dt

import pytest
from django.db.models import Q

from duban.core import clock
from duban.tasks import light_sql
from duban.tasks.light_sql import filter_by
from duban.tasks.lights import light_q
from duban.tasks.models import Programme, Task
from duban.tasks.services import programme_create


def _day() -> dt.date:
    return clock.today() + dt.timedelta(days=10)  # the day the lights are read for


@pytest.fixture
def tasks(world):
    day = _day()
    made = [world.task(state="in_progress", deadline=day - dt.timedelta(days=3)),  # red
            world.task(state="in_progress", deadline=day + dt.timedelta(days=2)),  # yellow: inside the window
            world.task(state="in_progress", deadline=day + dt.timedelta(days=90)),  # green
            world.task(state="closed", deadline=day + dt.timedelta(days=90))]
    child = world.task(state="in_progress", deadline=day - dt.timedelta(days=1))
    Task.objects.filter(pk=child.pk).update(parent=made[2])  # a sub-task, as decomposing leaves it
    return [*made, child]


def _pks(qs) -> set[int]:
    return set(qs.values_list("pk", flat=True))


def test_each_light_compiled_gives_the_rows_the_orm_gives(tasks, world, monkeypatch):
    compiled = []
    real = light_sql._compiled
    monkeypatch.setattr(light_sql, "_compiled", lambda q, c: compiled.append(q) or real(q, c))
    monkeypatch.setattr(light_sql, "_kept", {})
    lights = light_q(_day())
    for narrowed in (Task.objects.all(), Task.objects.filter(pk__in=[t.pk for t in tasks[1:]]),
                     Task.objects.filter(programme__name=tasks[0].programme.name)):  # already joined
        for color, q in lights.items():
            assert _pks(filter_by(narrowed, q)) == _pks(narrowed.filter(q)), color
    assert {color for color, q in lights.items() if _pks(Task.objects.filter(q))} >= {"red", "yellow", "green"}
    assert len(compiled) == len(lights)  # once each, whatever the query set
    for q in light_q(_day()).values():  # a new request's equal conditions: nothing compiled
        filter_by(Task.objects.all(), q)
    assert len(compiled) == len(lights)


def test_a_query_joined_to_another_tasks_programme_first_is_left_to_the_orm(world):
    """The compiled SQL names the task's own programme join; a query set that joined a parent's
    programme first gives that name to the parent's, so there the condition is compiled as the ORM
    does. The sub-task's programme warns a day ahead, its parent's ten: due in eight days, the
    sub-task is green by its own programme and would be yellow by its parent's."""
    Programme.objects.filter(pk=world.programme.pk).update(warning_workdays=10)
    brief = programme_create(actor=world.supervisor, name="短预警督办项目", year=2026, owner_unit="钱塘区", kind="plan")
    Programme.objects.filter(pk=brief.pk).update(warning_workdays=1)
    day = _day()
    parent = world.task(state="in_progress", deadline=day + dt.timedelta(days=90))
    child = world.task(state="in_progress", deadline=day + dt.timedelta(days=8), programme=brief.name)
    Task.objects.filter(pk=child.pk).update(parent=parent)
    lights = light_q(day)
    by_parent = Task.objects.filter(parent__programme__warning_workdays__gte=0)
    assert _pks(by_parent) == {child.pk}
    for color, q in lights.items():
        assert _pks(filter_by(by_parent, q)) == _pks(by_parent.filter(q)), color
    assert _pks(filter_by(by_parent, lights["green"])) == {child.pk}


class _Day(dt.date):
    __hash__ = None  # a value Django can compare with but no dictionary can hold


def test_a_condition_that_cannot_be_kept_is_filtered_as_the_orm_does(tasks):
    condition = Q(deadline__lt=_Day(2099, 1, 1)) & Q(state="in_progress")
    assert _pks(filter_by(Task.objects.all(), condition)) == _pks(Task.objects.filter(condition)) != set()
