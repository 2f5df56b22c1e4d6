"""Sign-in lockout, per username whatever the address: after repeated failures the account is locked,
for longer each time (15 minutes, then 30, 60… up to a day), so guessing from many addresses, or
from behind one proxy, gains nothing. The same count guards the old password on /account/."""
import datetime as dt
import logging

from django.conf import settings
from django.db import transaction

from duban.core import clock
from duban.core.errors import DomainError
from duban.web.models import LoginFailure

MAX_FAILURES = 5
LOCK_MINUTES = 15
MAX_LOCK = dt.timedelta(days=1)
# Failures older than this are forgiven, so last week's typos do not lengthen today's lock.
WINDOW = dt.timedelta(days=1)
ANY_ADDRESS = "*"
log = logging.getLogger("duban.signin")  # the row's key: one count per username, from every address together


def _key(username: str) -> str:
    return (username or "").strip().lower()[:150]


def lock_length(failures: int) -> dt.timedelta:
    """15 minutes at the 5th failure, doubled at each further 5, at most a day."""
    rounds = max(failures // MAX_FAILURES, 1)
    return min(dt.timedelta(minutes=LOCK_MINUTES) * 2 ** (rounds - 1), MAX_LOCK)


def login_check_allowed(*, username: str, ip: str = "") -> None:
    row = LoginFailure.objects.filter(username=_key(username), ip=ANY_ADDRESS).first()
    if row and row.locked_until and row.locked_until > clock.now():
        minutes = max(1, int((row.locked_until - clock.now()).total_seconds() // 60) + 1)
        raise DomainError(f"连续{MAX_FAILURES}次密码错误，账号已锁定，请{minutes}分钟后再试")


@transaction.atomic
def login_failed(*, username: str, ip: str = "") -> int:
    """Count one failure; returns how many attempts remain before the (next) lock."""
    now = clock.now()
    row, _ = LoginFailure.objects.select_for_update().get_or_create(
        username=_key(username), ip=ANY_ADDRESS, defaults={"last_failure_at": now})
    if now - row.last_failure_at > WINDOW:
        row.failures, row.locked_until = 0, None
    row.failures += 1
    row.last_failure_at = now
    if row.failures % MAX_FAILURES == 0:
        row.locked_until = now + lock_length(row.failures)
        log.warning("sign-in locked for %s until %s after %d failures, the last from %s",
                    row.username, row.locked_until.isoformat(timespec="minutes"), row.failures, ip or "-")
    row.save()
    return MAX_FAILURES - row.failures % MAX_FAILURES if row.failures % MAX_FAILURES else 0


def login_succeeded(*, username: str, ip: str = "") -> None:
    LoginFailure.objects.filter(username=_key(username)).delete()


def client_ip(request) -> str:
    """The caller's address: REMOTE_ADDR, or, when that is a proxy named in DUBAN_TRUSTED_PROXIES,
    the last address in X-Forwarded-For that is not one of them (a client can forge the rest)."""
    remote = request.META.get("REMOTE_ADDR", "") or "-"
    trusted = set(getattr(settings, "DUBAN_TRUSTED_PROXIES", []))
    if remote not in trusted:
        return remote
    chain = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    return next((a for a in reversed(chain) if a not in trusted), remote)
