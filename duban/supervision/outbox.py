"""Delivering the outbox: claim with a lease, send, then mark sent.

A process killed after sending but before marking leaves the row `sending` with a lease that
runs out; the next delivery takes it again. Messages are therefore delivered at least once, and a
re-run of the sweep never adds a second row for the same cause (unique key).
"""
import datetime as dt
import logging

from django.db.models import F, Q

from duban.core import clock
from duban.supervision import channels
from duban.supervision.models import OutboxMessage, OutboxState

log = logging.getLogger("duban.outbox")
LEASE = dt.timedelta(seconds=120)
BACKOFF = dt.timedelta(seconds=30)  # doubled after each failed attempt
MAX_ATTEMPTS = 8


def _ready(now: dt.datetime) -> Q:
    return (Q(state=OutboxState.PENDING, next_attempt_at__lte=now)
            | Q(state=OutboxState.SENDING, lease_until__lt=now))


def _claim(pk: int, lease: dt.timedelta) -> bool:
    """A conditional UPDATE: of two workers racing for a row, exactly one updates it."""
    now = clock.now()
    return OutboxMessage.objects.filter(_ready(now), pk=pk).update(
        state=OutboxState.SENDING, lease_until=now + lease, attempts=F("attempts") + 1) == 1


def deliver(*, limit: int = 200, lease: dt.timedelta = LEASE) -> dict[str, int]:
    """Send up to `limit` due messages; returns counts of sent and failed."""
    result = {"sent": 0, "failed": 0}
    ids = list(OutboxMessage.objects.filter(_ready(clock.now())).order_by("next_attempt_at", "pk")
               .values_list("pk", flat=True)[:limit])
    for pk in ids:
        if not _claim(pk, lease):
            continue
        message = OutboxMessage.objects.get(pk=pk)
        try:
            channels.send(message)
        except Exception as exc:  # any failure of a channel is retried later, never lost
            _failed(message, exc)
            result["failed"] += 1
            continue
        OutboxMessage.objects.filter(pk=pk, state=OutboxState.SENDING).update(
            state=OutboxState.SENT, sent_at=clock.now(), lease_until=None, last_error="")
        result["sent"] += 1
    return result


def _failed(message: OutboxMessage, exc: Exception) -> None:
    attempts = message.attempts
    state = OutboxState.DEAD if attempts >= MAX_ATTEMPTS else OutboxState.PENDING
    log.warning("outbox %s via %s failed (attempt %s): %s", message.pk, message.channel, attempts, exc)
    OutboxMessage.objects.filter(pk=message.pk, state=OutboxState.SENDING).update(
        state=state, lease_until=None, last_error=f"{type(exc).__name__}: {exc}"[:2000],
        next_attempt_at=clock.now() + BACKOFF * (2 ** (attempts - 1)))


def outbox_counts() -> dict[str, int]:
    from django.db.models import Count

    rows = OutboxMessage.objects.values("state").annotate(n=Count("pk"))
    return {r["state"]: r["n"] for r in rows}


def outbox_retry_dead() -> int:
    """Give messages that ran out of attempts another round (after fixing an address, say)."""
    return OutboxMessage.objects.filter(state=OutboxState.DEAD).update(
        state=OutboxState.PENDING, attempts=0, next_attempt_at=clock.now())
