"""A task's steps (tallies.live.task_steps) say, for any day, the light `task_light` gives it and the
verdict `punctuality` gives it: on random tasks, calendars and days (the generators of the lights'
own agreement test: holidays and 调休, years nobody published, milestones, closure requests, stale
reports, re-checks)."""
import datetime as dt

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duban.core import workdays
from duban.core.models import CalendarYear, Holiday
from duban.org.models import Unit
from duban.tallies.live import ROW, Thresholds, task_steps
from duban.tasks.lights import punctuality, task_light
from duban.tasks.models import OPEN_STATES, Programme, Task
from duban.tasks.nodes import refresh_next_due
from duban.tasks.tests.test_light_q import CALENDAR, DAYS, TASK, TERMS, _make


def _counts_on(steps, day: dt.date) -> dict[str, int]:
    total: dict[str, int] = {}
    for when, change in steps:
        if dt.date.fromisoformat(when) <= day:
            for name, n in change.items():
                total[name] = total.get(name, 0) + n
    return {k: v for k, v in total.items() if v}


def _check(today, terms, specs, calendar, complete_year, offsets):
    unit = Unit.objects.create(name="随机单位")
    Unit.objects.filter(pk=unit.pk).update(path=f"/{unit.pk}/")  # a root unit, as org.services writes it
    unit.refresh_from_db()
    for offset, is_workday in dict(calendar).items():
        Holiday.objects.create(date=today + dt.timedelta(days=offset), is_workday=is_workday, name="调整")
    if complete_year:
        CalendarYear.objects.create(year=today.year, marked_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    workdays.overrides_changed()
    programmes = [Programme.objects.create(name=f"项目{i}", year=2026, owner_unit=unit, warning_workdays=w,
                                           report_cycle_workdays=c) for i, (w, c) in enumerate(terms)]
    tasks = [_make(today, programmes, spec, unit) for spec in specs]
    refresh_next_due([t.pk for t in tasks])
    th = Thresholds()
    for row in Task.objects.filter(pk__in=[t.pk for t in tasks]).values(*ROW):
        task = Task.objects.select_related("programme").get(pk=row["pk"])
        steps = task_steps(row, th)
        for offset in offsets:
            day = today + dt.timedelta(days=offset)
            counts = _counts_on(steps, day)
            verdict = punctuality(task, day)
            expected = {"total": 1, f"state_{task.state}": 1, f"light_{task_light(task, today=day).color}": 1,
                        "percent_sum": task.percent, **({verdict: 1} if verdict else {}),
                        **({"overdue": 1} if verdict == "late" and task.state in OPEN_STATES else {})}
            assert counts == {k: v for k, v in expected.items() if v}, (day, row)


@pytest.mark.django_db(transaction=False)
@pytest.mark.filterwarnings("ignore::duban.core.workdays.UnknownHolidayYear")
def test_the_steps_give_the_light_and_the_verdict_of_every_day():
    @settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(DAYS, st.lists(TERMS, min_size=1, max_size=3), st.lists(TASK, min_size=1, max_size=5), CALENDAR,
           st.booleans(), st.lists(st.integers(min_value=-45, max_value=60), min_size=1, max_size=6))
    def agree(today, terms, specs, calendar, complete_year, offsets):
        try:
            with transaction.atomic():
                _check(today, terms, specs, calendar, complete_year, [0, *offsets])
                transaction.set_rollback(True)
        finally:
            workdays.overrides_changed()

    agree()
