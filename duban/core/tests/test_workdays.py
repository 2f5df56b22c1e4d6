import datetime as dt
import warnings

import pytest

from duban.core import workdays
from duban.core.models import CalendarYear, Holiday

D = dt.date
pytestmark = pytest.mark.django_db


def test_it_skips_spring_festival_2026():
    # 2026-02-13 (Fri) + 1 working day: the 14th is an adjusted working Saturday (补班).
    assert workdays.add_workdays(D(2026, 2, 13), 1) == D(2026, 2, 14)
    # From the 14th, the holiday runs 15–23: the next working day is the 24th.
    assert workdays.add_workdays(D(2026, 2, 14), 1) == D(2026, 2, 24)
    assert workdays.workdays_between(D(2026, 2, 13), D(2026, 2, 24)) == 2


def test_it_counts_the_adjusted_saturday_as_a_working_day():
    assert workdays.is_workday(D(2026, 2, 28))
    assert not workdays.is_workday(D(2026, 3, 7))


def test_every_published_day_is_a_working_day_exactly_when_chinesecalendar_says_so():
    import chinese_calendar

    first, last = min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year
    day, differing = D(first, 1, 1), []
    while day <= D(last, 12, 31):
        if workdays.is_workday(day) != chinese_calendar.is_workday(day):
            differing.append(day)
        day += dt.timedelta(days=1)
    assert differing == []
    assert not workdays.is_workday(D(2026, 2, 16)) and workdays.is_workday(D(2026, 2, 14))  # 春节, its 补班


def test_it_falls_back_to_weekends_with_a_warning_for_an_unpublished_year():
    with pytest.warns(workdays.UnknownHolidayYear, match="2027年节假日安排未知"):
        assert workdays.is_workday(D(2027, 3, 10))
    assert not workdays.year_is_known(2027)
    assert workdays.calendar_warning(D(2027, 1, 4)) == "2027年节假日安排尚未录入，按周末休息计算"


def test_it_uses_the_admins_holiday_table_for_2027():
    Holiday.objects.create(date=D(2027, 2, 8), is_workday=False, name="春节")
    Holiday.objects.create(date=D(2027, 2, 20), is_workday=True, name="春节补班")
    workdays.overrides_changed()
    assert not workdays.is_workday(D(2027, 2, 8)) and workdays.is_workday(D(2027, 2, 20))
    # Two entered days are not a year's schedule: the rest is still guessed, and said so.
    assert not workdays.year_is_known(2027)
    assert workdays.calendar_warning(D(2027, 5, 3)) == "2027年节假日安排尚未录入，按周末休息计算"
    CalendarYear.objects.create(year=2027, marked_at=dt.datetime(2026, 11, 30, tzinfo=dt.UTC))
    workdays.overrides_changed()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a known year raises no fallback warning
        assert not workdays.is_workday(D(2027, 2, 8))
        assert workdays.is_workday(D(2027, 2, 20))
    assert workdays.year_is_known(2027)


def test_it_schedules_milestones_backwards_from_the_deadline(world):
    import time_machine

    with time_machine.travel(dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC), tick=False):
        task = world.task(deadline=D(2026, 2, 27), milestones=[{"name": "完成方案", "workdays_before": 5},
                                                               {"name": "报审", "workdays_before": 1}])
    # 27 Feb back 5 working days: 26, 25, 24, then the holiday, then 14 (Sat, 补班), 13.
    assert dict(task.milestones.values_list("name", "due_on")) == {"完成方案": D(2026, 2, 13),
                                                                    "报审": D(2026, 2, 26)}


def test_it_lets_an_admin_enter_next_years_schedule_from_the_command_line(world, capsys):
    from duban.cli.main import main

    assert main(["holiday", "set", "2027-02-08", "--off", "--name", "春节", "--as", "admin"]) == 0
    assert main(["holiday", "check", "2027-02-08"]) == 0
    assert "不是工作日" in capsys.readouterr().out
    assert main(["holiday", "set", "2027-02-09", "--off", "--as", "liaison"]) == 2
    assert "只有管理员" in capsys.readouterr().err
    assert not workdays.is_workday(D(2027, 2, 8)) and workdays.is_workday(D(2027, 2, 9))


def test_it_picks_up_another_processs_edit_after_the_reload_interval(monkeypatch):
    with pytest.warns(workdays.UnknownHolidayYear):
        assert workdays.is_workday(D(2027, 3, 10))
    Holiday.objects.create(date=D(2027, 3, 10), is_workday=False, name="调休")  # as another process would
    assert workdays.is_workday(D(2027, 3, 10))  # still cached
    monkeypatch.setattr(workdays, "_loaded_at", workdays._loaded_at - workdays.RELOAD_SECONDS - 1)
    assert not workdays.is_workday(D(2027, 3, 10))


def test_it_names_a_day_off_as_the_admin_and_the_state_council_do():
    Holiday.objects.create(date=D(2027, 2, 8), is_workday=False, name="春节")
    workdays.overrides_changed()
    assert workdays.off_day_name(D(2027, 2, 8)) == "春节"  # the admin's name for next year's break
    assert workdays.off_day_name(D(2026, 2, 16)) == "春节假期"
    assert workdays.off_day_name(D(2026, 3, 7)) == "周六"
    assert workdays.off_day_name(D(2026, 3, 8)) == "周日"
