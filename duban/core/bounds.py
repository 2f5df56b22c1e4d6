"""Bounds on what people type, checked by the services so every entry point (page, API, command
line, ledger, intake) refuses the same values with the same Chinese message naming the field.

Dates live in a range the administrator sets (DUBAN_DATE_MIN, DUBAN_DATE_YEARS_AHEAD): a deadline
in year 9999 is a typo, and the calendar, lists and exports need not be ready for it. Text has no
NUL byte or lone surrogate (neither can be stored or encoded) and fits its column; numbers are
finite and fit theirs."""
import datetime as dt
import functools
import re
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.translation import gettext

from duban.core import clock
from duban.core.errors import DomainError

TEXT_MAX = 20_000  # a report or a reason: pages of text, not a book
_SURROGATE = re.compile("[\ud800-\udfff]")  # a lone half of a pair: no encoding can store it


def date_range() -> tuple[dt.date, dt.date]:
    """The earliest and latest date anyone may enter, today's view of the configured range."""
    return _date_range(clock.today(), settings.DUBAN_DATE_MIN, settings.DUBAN_DATE_YEARS_AHEAD)


@functools.lru_cache(maxsize=16)  # asked for every date of every row of an import
def _date_range(today: dt.date, first: dt.date, ahead: int) -> tuple[dt.date, dt.date]:
    try:
        latest = today.replace(year=today.year + ahead)
    except ValueError:  # 29 February
        latest = today.replace(year=today.year + ahead, day=28)
    return first, latest


def ahead(day: dt.date) -> bool:
    """Whether `day` is today or later and inside the range: what `require_future` and `check_date`
    let pass, asked before a caller builds the field's label for their messages."""
    first, last = date_range()
    return max(first, clock.today()) <= day <= last


def check_date(day: dt.date | None, field: str) -> dt.date | None:
    if day is None:
        return None
    first, last = date_range()
    if not first <= day <= last:
        raise DomainError(gettext("「%(field)s」%(day)s超出允许的日期范围（%(first)s 至 %(last)s）") % {"field": gettext(field), "day": day.isoformat(), "first": first.isoformat(), "last": last.isoformat()},
                          field=field)
    return day


def max_offset() -> int:
    first, last = date_range()
    return (last - first).days


def check_offset(n, field: str) -> int:
    """A count of (working) days: an integer no longer than the whole date range."""
    if isinstance(n, bool) or not isinstance(n, int):
        try:
            n = int(str(n).strip())
        except ValueError:
            raise DomainError(gettext("「%(field)s」应为整数天数，收到「%(value)s」") % {"field": gettext(field), "value": str(n)[:40]}, field=field) from None
    if abs(n) > max_offset():
        raise DomainError(gettext("「%(field)s」%(n)s 天超出允许范围（不超过 %(most)s 天）") % {"field": gettext(field), "n": n, "most": max_offset()}, field=field)
    return n


def check_text(value, field: str, max_length: int = TEXT_MAX) -> str:
    """The text as given, refused when it cannot be stored as it reads."""
    value = "" if value is None else str(value)
    if "\x00" in value:
        raise DomainError(gettext("「%(field)s」含有空字符（NUL），请删除后再提交") % {"field": gettext(field)}, field=field)
    if _SURROGATE.search(value):
        raise DomainError(gettext("「%(field)s」含有无法识别的字符（不成对的代理项），请检查编码后再提交") % {"field": gettext(field)}, field=field)
    if len(value) > max_length:
        raise DomainError(gettext("「%(field)s」过长：%(length)s 字，最多 %(most)s 字") % {"field": gettext(field), "length": len(value), "most": max_length}, field=field)
    return value


NUMBER_DIGITS = 14  # DecimalField(max_digits=18, decimal_places=4): 14 digits before the point


def check_number(value, field: str) -> Decimal:
    """A finite decimal that fits the targets' columns: no NaN, no Infinity, no 1e999999."""
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise DomainError(gettext("「%(field)s」「%(value)s」不是数字") % {"field": gettext(field), "value": str(value)[:40]}, field=field) from None
    if not number.is_finite() or abs(number) >= Decimal(10) ** NUMBER_DIGITS:
        raise DomainError(gettext("「%(field)s」「%(value)s」不是有效的数字（应为有限值，小于 10 的 %(digits)s 次方）") % {"field": gettext(field), "value": str(value)[:40], "digits": NUMBER_DIGITS},
                          field=field)
    return number


# What the loop's free-text arguments are called on the page, for messages about them.
PAYLOAD_LABELS = {"text": "说明", "reason": "理由", "comment": "意见"}


def check_payload(payload: dict) -> None:
    """Every free text an action writes into the log (a reason, a comment) is storable."""
    for key, value in (payload or {}).items():
        if isinstance(value, str):
            check_text(value, PAYLOAD_LABELS.get(key, key))
