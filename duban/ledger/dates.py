"""Dates the way offices type them into a ledger: real dates, 2026-03-31, 2026.3.31, 2026年3月31日,
3月底 (in the programme's year), 长期坚持 (no deadline at all)."""
import calendar
import datetime as dt
import re

from duban.core.errors import DomainError

# Words meaning "no deadline": the task runs on and reports by cycle.
ONGOING = ("长期坚持", "长期", "持续推进", "常态化", "长期推进")
EXCEL_EPOCH = dt.date(1899, 12, 30)

_FULL = re.compile(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_MONTH_DAY = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*日?")
_MONTH = re.compile(r"(?:(\d{4})\s*[-./年])?\s*(\d{1,2})\s*月\s*(底|末|份|)")
_TAIL = re.compile(r"(?:前|以前|之前|止|完成)$")


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _from_text(text: str, year: int) -> dt.date | None:
    text = _TAIL.sub("", text.strip()).strip()
    if text in ("年底", "年末", "年内", f"{year}年底", f"{year}年末"):
        return dt.date(year, 12, 31)
    for pattern in (_FULL, _COMPACT):
        match = pattern.fullmatch(text)
        if match:
            y, m, d = (int(g) for g in match.groups())
            return dt.date(y, m, d)
    match = _MONTH_DAY.fullmatch(text)
    if match:
        return dt.date(year, int(match.group(1)), int(match.group(2)))
    match = _MONTH.fullmatch(text)
    if match:
        y = int(match.group(1)) if match.group(1) else year
        return _month_end(y, int(match.group(2)))
    return None


def parse_ledger_date(value, *, year: int) -> tuple[dt.date | None, bool]:
    """Returns (date, ongoing): ongoing is True for 长期坚持, which has no date.

    Raises DomainError with the text as typed when the value is not a date we can be sure of.
    """
    if isinstance(value, dt.datetime):
        return value.date(), False
    if isinstance(value, dt.date):
        return value, False
    if isinstance(value, int | float) and not isinstance(value, bool):
        # An unformatted Excel date: a serial day number.
        if 1 <= value < 2958466:
            return EXCEL_EPOCH + dt.timedelta(days=int(value)), False
        raise DomainError(f'无法识别的日期"{value}"')
    text = str(value or "").strip()
    if text in ONGOING:
        return None, True
    try:
        day = _from_text(text, year)
    except ValueError:
        raise DomainError(f'日期不存在"{text}"') from None
    if day is None:
        raise DomainError(f'无法识别的日期"{text}"')
    return day, False
