"""Working days as offices count them: China's official calendar, the admin's overrides, and
weekends only (with a visible warning) for years nobody has published yet."""
import bisect
import calendar
import datetime as dt
import functools
import time
import warnings

import chinese_calendar

from duban.core.errors import DomainError

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
    for cached in (_overrides, _override_names, _is_workday, _year_is_known, _year_counts, _ordinal, _days_off):
        cached.cache_clear()
    del _offsets[1:]
    _loaded_at = time.monotonic()


def _fresh() -> None:
    if time.monotonic() - _loaded_at > RELOAD_SECONDS:
        overrides_changed()


@functools.cache
def _is_workday(day: dt.date) -> bool:
    rows, admin_years = _overrides()
    if day in rows:
        return rows[day]
    first, last = _published_years()
    if first <= day.year <= last:  # chinese_calendar.is_workday's own rule, without its range check per day
        return day in chinese_calendar.workdays or (day.weekday() < 5 and day not in chinese_calendar.holidays)
    if day.year not in admin_years:
        warnings.warn(f"{day.year}年节假日安排未知，按周末休息计算", UnknownHolidayYear, stacklevel=3)
    return day.weekday() < 5


@functools.cache
def _published_years() -> tuple[int, int]:
    """The first and last year chinesecalendar has the State Council's schedule for (it finds them
    in its holiday table on every call: a thirtieth of the year counts' time)."""
    return min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year


def is_workday(day: dt.date) -> bool:
    _fresh()
    return _is_workday(day)


def days_off(first: dt.date, last: dt.date) -> tuple[tuple[dt.date, dt.date, bool], ...]:
    """Runs of non-working days from `first` to `last`, as (first day, last day, holiday): a run is
    a holiday when a weekday is in it (an official holiday or the admin's), otherwise an ordinary
    weekend. A year without a schedule falls back to weekends, unwarned (noted elsewhere)."""
    _fresh()
    return _days_off(first, last)


@functools.lru_cache(maxsize=64)  # every battle map of a day asks for nearly the same span
def _days_off(first: dt.date, last: dt.date) -> tuple[tuple[dt.date, dt.date, bool], ...]:
    runs, run, day = [], [], first
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnknownHolidayYear)
        while day <= last:
            if not _is_workday(day):
                run.append(day)
            elif run:
                runs.append(run)
                run = []
            day += DAY
    if run:
        runs.append(run)
    return tuple((r[0], r[-1], any(d.weekday() < 5 for d in r)) for r in runs)


@functools.lru_cache(maxsize=1)
def _override_names() -> dict[dt.date, str]:
    from duban.core.models import Holiday

    return dict(Holiday.objects.filter(is_workday=False).exclude(name="").values_list("date", "name"))


HOLIDAY_NAMES = {"New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节",
                 "Labour Day": "劳动节", "Dragon Boat Festival": "端午节", "National Day": "国庆节",
                 "Mid-autumn Festival": "中秋节"}


def off_day_name(day: dt.date) -> str:
    """What a day off is called: the admin's name for it, the official holiday (marked 调休 where a
    weekday was swapped into the break), or the weekend day."""
    _fresh()
    if name := _override_names().get(day):
        return name
    try:
        _holiday, name = chinese_calendar.get_holiday_detail(day)
        swapped = chinese_calendar.is_in_lieu(day)
    except NotImplementedError:
        name, swapped = None, False
    if name:
        return HOLIDAY_NAMES.get(str(name), str(name)) + ("假期（调休）" if swapped else "假期")
    return "周六" if day.weekday() == 5 else "周日" if day.weekday() == 6 else "休息日"


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
    """The working day n working days after (n<0: before) `day`; n=0 rolls forward to a working day.

    Found through the running count of working days, so a far date or a huge n costs a walk over
    years, not over days."""
    _fresh()
    here = _ordinal(day)
    on_workday = _is_workday(day)
    if n > 0:
        return _first_with_ordinal(here + n, day.year)
    if n == 0:
        return day if on_workday else _first_with_ordinal(here + 1, day.year)
    return _first_with_ordinal(here - on_workday + n + 1, day.year)


def workdays_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end`; negative when end is before start."""
    _fresh()
    return _ordinal(end) - _ordinal(start)


def first_day_reaching(day: dt.date, n: int) -> dt.date | None:
    """The earliest day d with workdays_between(day, d) >= n (n may be negative): "within n working
    days of `day`" becomes a date the database can compare with. The calendar's first day when every
    day reaches it; None when no day does.

    Exact because the running count never decreases: workdays_between(day, x) >= n exactly when
    x >= first_day_reaching(day, n)."""
    _fresh()
    target = _ordinal(day) + n
    if target < 1:
        return dt.date(BASE_YEAR, 1, 1)
    try:
        return _first_with_ordinal(target, day.year)
    except DomainError:  # beyond 9999-12-31
        return None


BASE_YEAR = 1990


@functools.cache
def _year_counts(year: int) -> tuple[int, ...]:
    """Working days from 1 January up to and including each day of the year (prefix sums)."""
    counts, total, first = [], 0, dt.date(year, 1, 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnknownHolidayYear)
        for i in range(366 if calendar.isleap(year) else 365):  # never steps past 9999-12-31
            total += _is_workday(first + i * DAY)
            counts.append(total)
    return tuple(counts)


def _year_total(year: int) -> int:
    """Working days in a year; a year with no schedule is counted arithmetically (weekdays only),
    so a far-future date costs no walk over its days."""
    if not _year_is_known(year):
        first, days = dt.date(year, 1, 1), 366 if calendar.isleap(year) else 365
        weeks, rest = divmod(days, 7)
        return weeks * 5 + sum((first.weekday() + i) % 7 < 5 for i in range(rest))
    return _year_counts(year)[-1]


# Working days from BASE_YEAR up to the end of each year before it: _offsets[i] is for BASE_YEAR + i.
_offsets: list[int] = [0]


def _year_offset(year: int) -> int:
    """Working days from BASE_YEAR up to the end of the previous year: extended a year at a time
    (a loop, not a recursion), so year 9999 is as safe as next year and each year is counted once."""
    while len(_offsets) <= year - BASE_YEAR:
        _offsets.append(_offsets[-1] + _year_total(BASE_YEAR + len(_offsets) - 1))
    return _offsets[max(year - BASE_YEAR, 0)]


@functools.cache  # lights ask about the same few dates (today, deadlines) thousands of times a page
def _ordinal(day: dt.date) -> int:
    """A running count of working days: the difference of two is the days between them."""
    if day.year < BASE_YEAR:
        raise DomainError(f"{day} 早于 {BASE_YEAR} 年，不在工作日历范围内")
    return _year_offset(day.year) + _year_counts(day.year)[day.timetuple().tm_yday - 1]


def _first_with_ordinal(target: int, near: int) -> dt.date:
    """The earliest day whose running count reaches `target` (that working day itself), searched
    from the year `near` outwards."""
    if target < 1:
        raise DomainError(f"推算的日期早于 {BASE_YEAR} 年，不在工作日历范围内")
    year = max(near, BASE_YEAR)
    while year > BASE_YEAR and _year_offset(year) >= target:
        year -= 1
    while year <= dt.MAXYEAR and _year_offset(year) + _year_total(year) < target:
        year += 1
    if year > dt.MAXYEAR:
        raise DomainError("推算的日期超出工作日历范围")
    index = bisect.bisect_left(_year_counts(year), target - _year_offset(year))
    return dt.date(year, 1, 1) + index * DAY
