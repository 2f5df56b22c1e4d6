"""Reporting periods an office speaks of: a year, a quarter, a month, an ISO week or a custom range.

    2026 · 2026-Q1 · 2026-03 · 2026-W14 · 2026-03-01..2026-03-15
"""
import calendar as pycalendar
import datetime as dt
import re

from duban.core.errors import DomainError

YEARS = (2000, 2100)  # a period outside these is a typing mistake, not a report
MAX_DAYS = 366 * 5
QUARTER_NAMES = "一二三四"
HINT = "期间应为 2026、2026-Q1、2026-03、2026-W14 或 2026-03-01..2026-03-15 之一"


def _year(text: str) -> int:
    year = int(text)
    if not YEARS[0] <= year <= YEARS[1]:
        raise DomainError(f"年份 {year} 超出 {YEARS[0]}–{YEARS[1]}", field="period")
    return year


def _month(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, pycalendar.monthrange(year, month)[1])


def _parse(text: str) -> tuple[dt.date, dt.date]:
    if m := re.fullmatch(r"(\d{4})", text):
        return dt.date(_year(m[1]), 1, 1), dt.date(_year(m[1]), 12, 31)
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", text, re.IGNORECASE):
        year, quarter = _year(m[1]), int(m[2])
        return _month(year, 3 * quarter - 2)[0], _month(year, 3 * quarter)[1]
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
        return _month(_year(m[1]), int(m[2]))
    if m := re.fullmatch(r"(\d{4})-W(\d{1,2})", text, re.IGNORECASE):
        monday = dt.date.fromisocalendar(_year(m[1]), int(m[2]), 1)
        return monday, monday + dt.timedelta(days=6)
    if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", text):
        start, end = dt.date.fromisoformat(m[1]), dt.date.fromisoformat(m[2])
        _year(str(start.year)), _year(str(end.year))
        if start > end:
            raise DomainError(f"期间的开始日期 {start} 晚于结束日期 {end}", field="period")
        if (end - start).days > MAX_DAYS:
            raise DomainError("自定义期间最长五年", field="period")
        return start, end
    raise ValueError(text)


def period_bounds(period) -> tuple[dt.date, dt.date]:
    """The first and last day of a period; a (start, end) pair passes through."""
    if isinstance(period, tuple):
        return period
    try:
        return _parse(str(period).strip())
    except (ValueError, TypeError):
        raise DomainError(f"{HINT}，收到「{period}」", field="period") from None


def period_label(period) -> str:
    """How the document names its period: 2026年第一季度, 2026年3月, 2026年3月1日至3月15日."""
    start, end = period_bounds(period)
    text = str(period).strip()
    if re.fullmatch(r"\d{4}", text):
        return f"{start.year}年"
    if re.fullmatch(r"\d{4}-Q[1-4]", text, re.IGNORECASE):
        return f"{start.year}年第{QUARTER_NAMES[(start.month - 1) // 3]}季度"
    if re.fullmatch(r"\d{4}-\d{1,2}", text):
        return f"{start.year}年{start.month}月"
    if re.fullmatch(r"\d{4}-W\d{1,2}", text, re.IGNORECASE):
        return f"{start.year}年第{start.isocalendar()[1]}周（{_day(start)}至{_day(end)}）"
    return f"{start.year}年{_day(start)}至{'' if end.year == start.year else f'{end.year}年'}{_day(end)}"


def _day(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"
