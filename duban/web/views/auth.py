"""Sign in (with lockout), sign out, change password; `/` is the battle map once signed in."""
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from duban.web.signin import MAX_FAILURES, failures_left, lock_message, username_key


def home(request):
    if not request.user.is_authenticated:
        return login_view(request)
    from duban.web.views.battlemap import battle_map

    return battle_map(request)


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    ok = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    return target if ok else "/"


def login_view(request):
    error = ""
    username = request.POST.get("username", "").strip()
    if request.method == "POST":
        error = _try_login(request, username, request.POST.get("password", ""))
        if not error:
            return redirect(_safe_next(request))
    status = 200 if not error else 400
    return render(request, "web/login.html", {"error": error, "username": username,
                                              "next": _safe_next(request)}, status=status)


def _try_login(request, username: str, password: str) -> str:
    """Returns the error to show, or "" once signed in. django-axes counts the failures and refuses
    a locked account before its password is even checked (duban/web/signin.py)."""
    if "\x00" in username:  # no user name holds one, and PostgreSQL would refuse to look it up
        return _("用户名或密码不正确，还可尝试%(n)s次") % {"n": MAX_FAILURES}
    user = authenticate(request, username=username, password=password)
    if user is not None:
        login(request, user)
        return ""
    return _refusal(request, _("用户名或密码不正确，还可尝试%(n)s次"))


def _refusal(request, wrong: str) -> str:
    """The lock in Chinese once axes has locked the account, else how many tries are left."""
    key = username_key(request)
    if getattr(request, "axes_locked_out", False):
        request.duban_lock_shown = True  # axes' middleware keeps this page rather than its own
        return lock_message(key)
    return wrong % {"n": failures_left(key)}


@require_POST
def logout_view(request):
    logout(request)
    return redirect("/")


@login_required
def password_change(request):
    """Guessing the old password here counts toward the same lock as at sign-in."""
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and _old_password_may_be_tried(request, form) and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        messages.success(request, _("密码已修改"))
        return redirect("web:account")
    from duban.preferences.services import channels_of

    return render(request, "web/account.html", {"form": form, "channels": channels_of([request.user.pk])[request.user.pk]})


def _old_password_may_be_tried(request, form) -> bool:
    """The old password goes through authenticate(), so axes counts a wrong one toward the same
    lock as at sign-in and refuses it while the account is locked."""
    user = authenticate(request, username=request.user.get_username(), password=request.POST.get("old_password", ""))
    if user is not None and user.pk == request.user.pk:
        return True
    error = _refusal(request, _("原密码不正确，还可尝试%(n)s次"))
    form.add_error(None if getattr(request, "duban_lock_shown", False) else "old_password", error)
    return False
