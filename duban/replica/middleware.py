"""Decide per request whether its reads may go to the replica, and remember who just wrote.

A user who wrote (any POST/PUT/PATCH/DELETE, or a request that changed the session) gets a cookie
with the time; for DUBAN_REPLICA_PIN_SECONDS after it their reads stay on the primary, so they see
their own change at once even when the replica is a moment behind. The time is written rounded down
and read with a little slack for clocks that differ between servers: a request that follows a write
within the same millisecond, or lands on a server whose clock is a moment behind the writer's, is
still pinned. A request whose read failed on a
replica that has since gone away is answered again from the primary.
"""
import math
import time

from django.conf import settings
from django.db import connections
from django.db.utils import InterfaceError, OperationalError

from duban.replica.router import REPLICA, configured, health, reads_on_replica

COOKIE = "duban_wrote"
READS = {"GET", "HEAD", "OPTIONS"}
CLOCK_SLACK_SECONDS = 2  # how far ahead of this server's clock a write's time may be and still count


def _pin_seconds() -> float:
    return getattr(settings, "DUBAN_REPLICA_PIN_SECONDS", 10)


def _recently_wrote(request) -> bool:
    try:
        wrote = float(request.COOKIES.get(COOKIE, ""))
    except ValueError:
        return False
    return -CLOCK_SLACK_SECONDS <= time.time() - wrote < _pin_seconds()


def _written_at() -> str:
    """Now, in whole milliseconds rounded down: never later than the clock it was read from."""
    return f"{math.floor(time.time() * 1000) / 1000:.3f}"


class ReplicaReadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        allowed = configured() and request.method in READS and not _recently_wrote(request)
        token = reads_on_replica.set(allowed)
        try:
            response = self.get_response(request)
        finally:
            reads_on_replica.reset(token)
        session = getattr(request, "session", None)
        wrote = request.method not in READS or (session is not None and session.modified)
        if wrote and configured():
            response.set_cookie(COOKIE, _written_at(), max_age=int(_pin_seconds()) + 1,
                                httponly=True, samesite="Lax")
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        request._replica_view = (view_func, view_args, view_kwargs)

    def process_exception(self, request, exception):
        """A database error while reading on the replica: if the replica is gone, mark it down and
        run the (read-only) view again on the primary instead of showing an error."""
        if not (reads_on_replica.get() and isinstance(exception, OperationalError | InterfaceError)):
            return None
        if health.probe():
            return None  # the replica is fine: the error is not ours to hide
        health.mark_down()
        connections[REPLICA].close()
        view_func, args, kwargs = request._replica_view
        reads_on_replica.set(False)
        return view_func(request, *args, **kwargs)
