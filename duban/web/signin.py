"""Sign-in lockout through django-axes (settings `AXES_*`), shaped for duban:

- failures count per username, whatever address they come from (AXES_LOCKOUT_PARAMETERS), so
  guessing from many addresses gains nothing and one proxy in front does not lock out everyone;
- the fifth failure locks for 15 minutes, each further five twice as long (30, 60… at most a day):
  `cool_off` is axes' AXES_COOLOFF_TIME and reads the user's failures of the last day, forgotten
  after a right password or an administrator's unlock;
- the client address is REMOTE_ADDR unless that is one of our own reverse proxies
  (DUBAN_TRUSTED_PROXIES), whose X-Forwarded-For is then believed;
- the lock is said in Chinese, on the page that was asked for (`lockout_response`)."""
import datetime as dt
import ipaddress

from axes.backends import AxesStandaloneBackend
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db.models import Max
from django.shortcuts import render
from django.utils import timezone

MAX_FAILURES = 5
FIRST_LOCK = dt.timedelta(minutes=15)
MAX_LOCK = dt.timedelta(days=1)
# Failures older than this are forgiven, so last week's typos do not lengthen today's lock.
WINDOW = dt.timedelta(days=1)


class LockoutBackend(AxesStandaloneBackend):
    """Axes' gate, first of AUTHENTICATION_BACKENDS. A call without a request comes from the server's
    own code (a script, the test client's login), not from a client whose failures could be counted."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def username_key(request, credentials: dict | None = None) -> str | None:
    """The name failures are counted under (AXES_USERNAME_CALLABLE): as typed at sign-in, or the
    signed-in user's own on the password page; case and spaces do not make a fresh count."""
    name = (credentials or {}).get("username")
    if name is None and request is not None:
        name = request.POST.get("username")
        if name is None and getattr(request, "user", None) is not None and request.user.is_authenticated:
            name = request.user.get_username()
    # No NUL: PostgreSQL refuses it in text, and no user name holds one. No name at all (a sign-in
    # through OpenID Connect) is None, which axes counts under no one rather than under "".
    return (name or "").replace("\x00", "").strip().lower()[:150] or None


def lock_length(failures: int) -> dt.timedelta:
    """15 minutes for the first five failures' lock, doubled for each further five, at most a day."""
    rounds = max(failures - 1, 0) // MAX_FAILURES
    return min(FIRST_LOCK * 2 ** min(rounds, 10), MAX_LOCK)


def recent_failures(username: str | None) -> int:
    """The user's failures in the last day since their last sign-in (axes' failure log). Axes keeps
    its times on Django's clock, so this reads that clock too."""
    since = timezone.now() - WINDOW
    last_in = AccessLog.objects.filter(username=username).aggregate(t=Max("attempt_time"))["t"]
    if last_in and last_in > since:
        since = last_in
    return AccessFailureLog.objects.filter(username=username, attempt_time__gt=since).count()


def cool_off(request) -> dt.timedelta:
    """AXES_COOLOFF_TIME: how long this user's lock lasts, from how often they failed lately."""
    username = username_key(request, getattr(request, "axes_credentials", None))
    return lock_length(recent_failures(username)) if username else FIRST_LOCK


def minutes_left(username: str | None) -> int:
    """Whole minutes until the user's lock runs out (at least 1)."""
    last = AccessAttempt.objects.filter(username=username).aggregate(t=Max("attempt_time"))["t"]
    if last is None:
        return 1
    left = last + lock_length(recent_failures(username)) - timezone.now()
    return max(1, int(left.total_seconds() // 60) + 1)


def lock_message(username: str | None) -> str:
    return f"连续{MAX_FAILURES}次密码错误，账号已锁定，请{minutes_left(username)}分钟后再试"


def failures_left(username: str | None) -> int:
    """Wrong passwords still allowed before the next lock."""
    since_lock = recent_failures(username) % MAX_FAILURES
    return MAX_FAILURES - since_lock if since_lock else 0


def lift_locks(username: str) -> int:
    """An administrator's unlock or password reset: the lock goes, and the failures that would
    lengthen the next one are forgotten too."""
    key = username_key(None, {"username": username})
    if key is None:
        return 0
    AccessFailureLog.objects.filter(username=key).delete()
    return AccessAttempt.objects.filter(username=key).delete()[1].get(AccessAttempt._meta.label, 0)


def client_ip(request) -> str | None:
    """The caller's address (AXES_CLIENT_IP_CALLABLE): REMOTE_ADDR, or, when that is a proxy named in
    DUBAN_TRUSTED_PROXIES, the last address in X-Forwarded-For that is not one of them (a client
    can forge everything before the entry its proxy added). None when there is no address at all
    (a sign-in made by the server's own code); never text that is not an address."""
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    trusted = set(getattr(settings, "DUBAN_TRUSTED_PROXIES", []))
    if remote is None or remote not in trusted:
        return remote
    chain = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    client = next((a for a in reversed(chain) if a not in trusted), remote)
    return _address(client) or remote


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the page the view already rendered with the lock said in Chinese
    (sign-in, password change); for any other caller, the sign-in page saying so."""
    if original_response is not None and getattr(request, "duban_lock_shown", False):
        return original_response
    username = username_key(request, credentials)
    return render(request, "web/login.html", {"error": lock_message(username), "username": username or "", "next": "/"},
                  status=400)
