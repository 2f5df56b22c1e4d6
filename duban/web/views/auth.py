"""Sign in (with lockout), sign out, change password; `/` is the battle map once signed in."""
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from duban.core.errors import DomainError
from duban.web.services import client_ip, login_check_allowed, login_failed, login_succeeded


def home(request):
    if not request.user.is_authenticated:
        return login_view(request)
    from duban.web.views.battlemap import battle_map

    return battle_map(request)


def _ip(request) -> str:
    return client_ip(request)


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    ok = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    return target if ok else "/"


def login_view(request):
    error = ""
    username = request.POST.get("username", "").strip()
    if request.method == "POST":
        try:
            error = _try_login(request, username, request.POST.get("password", ""))
        except DomainError as exc:
            error = str(exc)
        if not error:
            return redirect(_safe_next(request))
    status = 200 if not error else 400
    return render(request, "web/login.html", {"error": error, "username": username,
                                              "next": _safe_next(request)}, status=status)


def _try_login(request, username: str, password: str) -> str:
    """Returns the error to show, or "" once signed in."""
    login_check_allowed(username=username, ip=_ip(request))
    user = authenticate(request, username=username, password=password)
    if user is None:
        left = login_failed(username=username, ip=_ip(request))
        if left == 0:
            login_check_allowed(username=username, ip=_ip(request))
        return _("用户名或密码不正确，还可尝试%(n)s次") % {"n": left}
    login_succeeded(username=username, ip=_ip(request))
    login(request, user)
    return ""


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
    username = request.user.get_username()
    try:
        login_check_allowed(username=username)
    except DomainError as exc:
        form.add_error(None, str(exc))
        return False
    if request.user.check_password(request.POST.get("old_password", "")):
        return True
    left = login_failed(username=username, ip=_ip(request))
    form.add_error("old_password", _("原密码不正确，还可尝试%(n)s次") % {"n": left} if left else
                   _("连续输错，账号已锁定"))
    return False
