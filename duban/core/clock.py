"""The one place that says what day it is, so tests, the demo and `--today` can travel in time."""
import contextlib
import datetime as dt

from django.utils import timezone

_frozen: dt.datetime | None = None


def now() -> dt.datetime:
    return _frozen or timezone.now()


def today() -> dt.date:
    return timezone.localdate(now())


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
