"""The lights as database filters (`light_q`) pick exactly the tasks `task_light` colours so, on random
tasks, calendars and days: holidays and 调休 days, years nobody published, milestones done and not,
closure requests before and after the deadline, stale and fresh reports, re-checks coming due."""
import datetime as dt

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duban.core import workdays
from duban.core.models import CalendarYear, Holiday
from duban.org.models import Unit
from duban.tasks.filters import ByLight, by_light
from duban.tasks.light_sql import filter_by
from duban.tasks.lights import (
    is_stale,
    late_q,
    light_q,
    light_rank,
    ontime_q,
    punctuality,
    recheck_due_q,
    stale_q,
    task_light,
)
from duban.tasks.models import Milestone, Programme, Task, TaskState
from duban.tasks.nodes import refresh_next_due

UTC = dt.UTC
# 2026 is published by chinesecalendar; later years fall back to weekends unless an admin completes them.
DAYS = st.dates(min_value=dt.date(2025, 10, 1), max_value=dt.date(2028, 3, 31))
# A date as days from "today", or as working days from it give or take a day: the windows' edges.
NEAR = st.one_of(st.integers(min_value=-40, max_value=40).map(lambda n: ("days", n, 0)),
                 st.tuples(st.just("workdays"), st.integers(min_value=-27, max_value=15), st.integers(-1, 1)))


def _maybe(strategy):
    return st.one_of(st.none(), strategy)


TERMS = st.tuples(st.integers(min_value=0, max_value=12), st.integers(min_value=0, max_value=25))
MILESTONE = st.tuples(NEAR, st.booleans())
TASK = st.fixed_dictionaries({
    "programme": st.integers(min_value=0, max_value=2),
    "state": st.sampled_from(TaskState.values),
    "deadline": _maybe(NEAR),
    "closure_requested_on": _maybe(NEAR),
    "closed_on": _maybe(NEAR),
    "recheck_due_on": _maybe(NEAR),
    "last_report_on": _maybe(NEAR),
    "signed_at": _maybe(st.tuples(NEAR, st.integers(min_value=0, max_value=23))),  # hours in UTC: 16:00 is
    "milestones": st.lists(MILESTONE, max_size=3),                                  # the next local day
})
CALENDAR = st.lists(st.tuples(st.integers(min_value=-40, max_value=40), st.booleans()), max_size=6)  # (day, is_workday): days off and 调休


def _day(today, near):
    if near is None:
        return None
    how, n, give = near
    day = today if how == "days" else workdays.add_workdays(today, n)
    return day + dt.timedelta(days=n * (how == "days") + give)


def _make(today, programmes, spec, unit):
    signed = spec["signed_at"]
    task = Task.objects.create(
        title="随机事项", programme=programmes[spec["programme"] % len(programmes)], lead_unit=unit,
        state=spec["state"], created_at=dt.datetime(2025, 1, 1, tzinfo=UTC),
        signed_at=None if signed is None else dt.datetime.combine(_day(today, signed[0]), dt.time(signed[1]), UTC),
        **{k: _day(today, spec[k]) for k in ("deadline", "closure_requested_on", "closed_on", "recheck_due_on",
                                             "last_report_on")})
    for i, (due, done) in enumerate(spec["milestones"]):
        Milestone.objects.create(task=task, name=f"节点{i}", due_on=_day(today, due),
                                 done_on=_day(today, due) if done else None)
    return task


def _check(today, terms, specs, calendar, complete_year):
    unit = Unit.objects.create(name="随机单位")
    Unit.objects.filter(pk=unit.pk).update(path=f"/{unit.pk}/")  # a root unit, as org.services writes it
    unit.refresh_from_db()
    for offset, is_workday in dict(calendar).items():
        Holiday.objects.create(date=today + dt.timedelta(days=offset), is_workday=is_workday, name="调整")
    if complete_year:
        CalendarYear.objects.create(year=today.year, marked_at=dt.datetime(2025, 1, 1, tzinfo=UTC))
    workdays.overrides_changed()
    programmes = [Programme.objects.create(name=f"项目{i}", year=2026, owner_unit=unit, warning_workdays=w,
                                           report_cycle_workdays=c) for i, (w, c) in enumerate(terms)]
    tasks = [_make(today, programmes, spec, unit) for spec in specs]
    refresh_next_due([t.pk for t in tasks])  # as the event log's hook does after every change (test_nodes)
    expected = {t.pk: task_light(Task.objects.select_related("programme").get(pk=t.pk), today=today).color
                for t in tasks}
    lights = light_q(today)
    got: dict[int, list[str]] = {}
    for color, q in lights.items():
        for pk in Task.objects.filter(q).values_list("pk", flat=True):
            got.setdefault(pk, []).append(color)
    assert got == {pk: [color] for pk, color in expected.items()}
    for color, q in lights.items():  # the same condition as SQL compiled once (light_sql), on a narrowed query
        narrowed = Task.objects.filter(pk__in=list(expected)[::2])
        assert set(filter_by(narrowed, q).values_list("pk", flat=True)) == {
            pk for pk in list(expected)[::2] if expected[pk] == color}, color
    # The inbox's re-check box: closed tasks lit red or yellow, whatever the bound added for the index.
    due = set(Task.objects.filter(recheck_due_q(today, lights)).values_list("pk", flat=True))
    assert due == {t.pk for t in tasks if t.state == TaskState.CLOSED and expected[t.pk] in ("red", "yellow")}
    stale = set(Task.objects.filter(stale_q(today)).values_list("pk", flat=True))
    assert stale == {t.pk for t in tasks if is_stale(t, today)}
    for verdict, q in (("ontime", ontime_q()), ("late", late_q(today))):
        picked = set(Task.objects.filter(q).values_list("pk", flat=True))
        assert picked == {t.pk for t in tasks if punctuality(t, today) == verdict}, verdict
    ranks = dict(Task.objects.annotate(rank=light_rank(lights=lights)).values_list("pk", "rank"))
    assert ranks == {pk: ["red", "yellow", "green", "none"].index(c) for pk, c in expected.items()}
    # A page read light by light (ByLight, the lists' and the API's) is the same slice of the same order.
    ordered = list(by_light(Task.objects.all(), {}, today).values_list("pk", flat=True))
    pages = ByLight(Task.objects.all(), {}, today)
    assert len(pages) == len(ordered)
    for offset in range(len(ordered) + 1):
        for limit in (1, 3):
            assert pages[offset:offset + limit] == ordered[offset:offset + limit], (offset, limit)
    assert pages[0:] == ordered
    red = ByLight(Task.objects.all(), {"light": "red"}, today)
    assert red[0:50] == [pk for pk in ordered if expected[pk] == "red"] and len(red) == len(red[0:50])


@pytest.mark.django_db(transaction=False)
@pytest.mark.filterwarnings("ignore::duban.core.workdays.UnknownHolidayYear")
def test_the_database_lights_agree_with_task_light():
    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(DAYS, st.lists(TERMS, min_size=1, max_size=3), st.lists(TASK, min_size=1, max_size=6), CALENDAR,
           st.booleans())
    def agree(today, terms, specs, calendar, complete_year):
        try:
            with transaction.atomic():
                _check(today, terms, specs, calendar, complete_year)
                transaction.set_rollback(True)  # each example starts from an empty database
        finally:
            workdays.overrides_changed()

    agree()
