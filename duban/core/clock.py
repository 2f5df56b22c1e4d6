"""The one place that says what day it is, so tests, the demo and `--today` can travel in time."""
import contextlib
import contextvars
import datetime as dt

from django.utils import timezone

_frozen: dt.datetime | None = None
# (the frozen instant it was taken under, the day): set by one_day() for this thread/context only.
_pinned: contextvars.ContextVar[tuple | None] = contextvars.ContextVar("duban_pinned_day", default=None)


def now() -> dt.datetime:
    return _frozen or timezone.now()


def today() -> dt.date:
    pinned = _pinned.get()
    if pinned is not None and pinned[0] is _frozen:
        return pinned[1]
    return timezone.localdate(now())


@contextlib.contextmanager
def one_day():
    """Judge a long operation (an import of 100,000 rows) by the day it began: every row is checked
    against the same today, and the time-zone look-up is done once instead of a few times a row."""
    token = _pinned.set((_frozen, today()))
    try:
        yield
    finally:
        _pinned.reset(token)


@contextlib.contextmanager
def travel(to: dt.date | dt.datetime):
    """Act as if it were `to` (a date means 10:00 that day, Shanghai time)."""
    global _frozen
    if isinstance(to, dt.date) and not isinstance(to, dt.datetime):
        to = dt.datetime.combine(to, dt.time(10, 0), tzinfo=timezone.get_default_timezone())
    previous, _frozen = _frozen, to
    try:
        yield
    finally:
        _frozen = previous
