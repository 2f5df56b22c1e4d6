"""Working-day arithmetic far from today: no recursion, no walk over every day, same answers."""
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from duban.core import workdays
from duban.core.errors import DomainError

pytestmark = pytest.mark.django_db
D = dt.date


def _stepping(day: dt.date, n: int) -> dt.date:
    """The plain definition, one day at a time."""
    step = dt.timedelta(days=1 if n >= 0 else -1)
    if n == 0:
        while not workdays.is_workday(day):
            day += step
        return day
    left = abs(n)
    while left:
        day += step
        left -= workdays.is_workday(day)
    return day


@settings(max_examples=150, deadline=None)
@given(st.dates(min_value=D(2024, 1, 1), max_value=D(2028, 12, 31)), st.integers(min_value=-300, max_value=300))
@pytest.mark.filterwarnings("ignore::duban.core.workdays.UnknownHolidayYear")
def test_it_agrees_with_counting_day_by_day(day, n):
    assert workdays.add_workdays(day, n) == _stepping(day, n)


def test_it_counts_to_the_last_representable_day_without_recursing():
    days = workdays.workdays_between(D(2026, 6, 1), D(9999, 12, 31))
    assert 2_000_000 < days < 2_100_000


def test_a_million_working_days_is_a_walk_over_years():
    later = workdays.add_workdays(D(2026, 6, 1), 10**6)
    assert workdays.is_workday(later) and workdays.workdays_between(D(2026, 6, 1), later) == 10**6
    with pytest.raises(DomainError, match="早于 1990 年"):
        workdays.add_workdays(D(2026, 6, 1), -10**6)
