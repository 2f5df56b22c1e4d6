"""Working days as offices count them: China's official calendar, the admin's overrides, and
weekends only (with a visible warning) for years nobody has published yet."""
import datetime as dt
import functools
import time
import warnings

import chinese_calendar

DAY = dt.timedelta(days=1)


class UnknownHolidayYear(UserWarning):
    """Raised as a warning when a year has no published holiday schedule."""


@functools.lru_cache(maxsize=1)
def _overrides() -> tuple[dict[dt.date, bool], frozenset[int]]:
    from duban.core.models import CalendarYear, Holiday

    rows = dict(Holiday.objects.values_list("date", "is_workday"))
    # Only a year the admin marked complete is known: two entered days leave the rest guessed.
    return rows, frozenset(CalendarYear.objects.filter(complete=True).values_list("year", flat=True))


# Other processes (web workers, the sweep) see an admin's edit within this many seconds.
RELOAD_SECONDS = 300
_loaded_at = time.monotonic()


def overrides_changed() -> None:
    """Call after editing the holiday table (the services do)."""
    global _loaded_at
    for cached in (_overrides, _is_workday, _year_is_known, _year_counts, _year_offset, _ordinal):
        cached.cache_clear()
    _loaded_at = time.monotonic()


def _fresh() -> None:
    if time.monotonic() - _loaded_at > RELOAD_SECONDS:
        overrides_changed()


@functools.cache
def _is_workday(day: dt.date) -> bool:
    rows, admin_years = _overrides()
    if day in rows:
        return rows[day]
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        if day.year not in admin_years:
            warnings.warn(f"{day.year}年节假日安排未知，按周末休息计算", UnknownHolidayYear, stacklevel=3)
        return day.weekday() < 5


def is_workday(day: dt.date) -> bool:
    _fresh()
    return _is_workday(day)


def year_is_known(year: int) -> bool:
    """Whether the year's holidays come from a published schedule rather than weekends only."""
    _fresh()
    return _year_is_known(year)


@functools.cache
def _year_is_known(year: int) -> bool:
    return year in _overrides()[1] or year_is_published(year)


def year_is_published(year: int) -> bool:
    """Whether chinesecalendar carries the State Council's schedule for the year."""
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
        return True
    except NotImplementedError:
        return False


def calendar_warning(*days: dt.date) -> str:
    """The note to show beside figures computed over a year without a published schedule."""
    _fresh()
    years = sorted(y for y in {d.year for d in days if d} if not _year_is_known(y))
    if not years:
        return ""
    return "、".join(f"{y}年" for y in years) + "节假日安排尚未录入，按周末休息计算"


def add_workdays(day: dt.date, n: int) -> dt.date:
    """The working day n working days after (n<0: before) `day`; n=0 rolls forward to a working day."""
    step = DAY if n >= 0 else -DAY
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnknownHolidayYear)
        if n == 0:
            while not is_workday(day):
                day += DAY
            return day
        remaining = abs(n)
        while remaining:
            day += step
            if is_workday(day):
                remaining -= 1
        return day


def workdays_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end`; negative when end is before start."""
    _fresh()
    return _ordinal(end) - _ordinal(start)


BASE_YEAR = 1990


@functools.cache
def _year_counts(year: int) -> tuple[int, ...]:
    """Working days from 1 January up to and including each day of the year (prefix sums)."""
    counts, total, day = [], 0, dt.date(year, 1, 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnknownHolidayYear)
        while day.year == year:
            total += _is_workday(day)
            counts.append(total)
            day += DAY
    return tuple(counts)


@functools.cache
def _year_offset(year: int) -> int:
    """Working days from BASE_YEAR up to the end of the previous year."""
    if year <= BASE_YEAR:
        return 0
    return _year_offset(year - 1) + _year_counts(year - 1)[-1]


@functools.cache  # lights ask about the same few dates (today, deadlines) thousands of times a page
def _ordinal(day: dt.date) -> int:
    """A running count of working days: the difference of two is the days between them."""
    if day.year < BASE_YEAR:
        raise ValueError(f"{day} 早于 {BASE_YEAR} 年，不在工作日历范围内")
    return _year_offset(day.year) + _year_counts(day.year)[day.timetuple().tm_yday - 1]
