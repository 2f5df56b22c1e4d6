"""Sign-in lockout: after repeated failures for one username from one address, refuse for a while."""
import datetime as dt

from django.db import transaction

from duban.core import clock
from duban.core.errors import DomainError
from duban.web.models import LoginFailure

MAX_FAILURES = 5
LOCK_MINUTES = 15
# Failures older than this are forgiven, so a typo last week does not count toward a lock today.
WINDOW = dt.timedelta(minutes=LOCK_MINUTES)


def _key(username: str) -> str:
    return (username or "").strip().lower()[:150]


def login_check_allowed(*, username: str, ip: str) -> None:
    row = LoginFailure.objects.filter(username=_key(username), ip=ip).first()
    if row and row.locked_until and row.locked_until > clock.now():
        minutes = max(1, int((row.locked_until - clock.now()).total_seconds() // 60) + 1)
        raise DomainError(f"连续{MAX_FAILURES}次密码错误，账号已锁定，请{minutes}分钟后再试")


@transaction.atomic
def login_failed(*, username: str, ip: str) -> int:
    """Count one failure; returns how many attempts remain before the lock."""
    now = clock.now()
    row, _ = LoginFailure.objects.select_for_update().get_or_create(
        username=_key(username), ip=ip, defaults={"last_failure_at": now})
    if now - row.last_failure_at > WINDOW or (row.locked_until and row.locked_until <= now):
        row.failures, row.locked_until = 0, None
    row.failures += 1
    row.last_failure_at = now
    if row.failures >= MAX_FAILURES:
        row.locked_until = now + dt.timedelta(minutes=LOCK_MINUTES)
    row.save()
    return max(MAX_FAILURES - row.failures, 0)


def login_succeeded(*, username: str, ip: str) -> None:
    LoginFailure.objects.filter(username=_key(username), ip=ip).delete()
