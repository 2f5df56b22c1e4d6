"""设置 · 单位与用户 (administrators): the unit tree, users, their roles, e-mail, password, stopping."""
from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from duban.core.errors import DomainError
from duban.org import services as org
from duban.org.models import Membership, Role, Unit, UnitKind, User
from duban.org.selectors import with_memberships
from duban.web.views.settings import apply, done, page, require_admin

USER_LIMIT = 100


def units_administered(user) -> QuerySet[Unit]:
    q = Q(pk__in=[])
    for path in org.admin_paths(user):
        q |= Q(path__under=path)
    return Unit.objects.filter(q)


def users_administered(user) -> QuerySet[User]:
    """Users all of whose roles lie in the admin's subtrees (and those holding none yet)."""
    outside = Membership.objects.exclude(unit__in=units_administered(user)).values("user_id")
    return User.objects.exclude(pk__in=outside)


def _unit_choices(user, blank: str | None = None) -> list[tuple[str, str]]:
    units = [(u.name, "　" * (u.path.count("/") - 2) + u.name) for u in units_administered(user)]
    return ([("", blank)] if blank is not None else []) + units


class UnitForm(forms.Form):
    name = forms.CharField(label=_l("单位名称"), max_length=100)
    short_name = forms.CharField(label=_l("简称"), max_length=40, required=False)
    kind = forms.ChoiceField(label=_l("类型"), choices=UnitKind.choices, initial=UnitKind.DEPARTMENT)
    parent = forms.ChoiceField(label=_l("上级单位"), required=False)

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        top = _("（无：最上级）") if org.is_global_admin(user) else None
        self.fields["parent"].choices = _unit_choices(user, blank=top)


class UserForm(forms.Form):
    username = forms.CharField(label=_l("用户名"), max_length=150)
    display_name = forms.CharField(label=_l("姓名"), max_length=60, required=False)
    title = forms.CharField(label=_l("职务"), max_length=100, required=False)
    unit = forms.ChoiceField(label=_l("单位"))
    role = forms.ChoiceField(label=_l("角色"), choices=Role.choices)
    password = forms.CharField(label=_l("初始密码"), widget=forms.PasswordInput, help_text=_l("至少10位，不能是常见密码或与用户名相近"))

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = _unit_choices(user)


@login_required
def org_page(request):
    require_admin(request)
    op = request.POST.get("op")
    unit_form = UnitForm(request.user, request.POST if op == "unit" else None)
    user_form = UserForm(request.user, request.POST if op == "user" else None)
    if op == "unit" and apply(unit_form, lambda d: org.unit_create(
            actor=request.user, name=d["name"], short_name=d["short_name"], kind=d["kind"], parent=d["parent"] or None)):
        return done(request, _("已新增单位「%(n)s」") % {"n": unit_form.cleaned_data["name"]}, "web:settings_org")
    if op == "user" and apply(user_form, lambda d: org.user_create(actor=request.user, **d)):
        return done(request, _("已新增用户「%(n)s」") % {"n": user_form.cleaned_data["username"]},
                    "web:settings_user", username=user_form.cleaned_data["username"])
    query = request.GET.get("q", "").strip()
    users = with_memberships(users_administered(request.user)).order_by("username")
    if query:
        users = users.filter(Q(username__icontains=query) | Q(display_name__icontains=query)
                             | Q(memberships__unit__name__icontains=query)).distinct()
    units = [(u, u.path.count("/") - 2) for u in units_administered(request.user)]
    return page(request, "web/settings/org.html", {
        "units": units, "unit_form": unit_form, "user_form": user_form, "query": query,
        "users": users[:USER_LIMIT], "more": users.count() > USER_LIMIT, "limit": USER_LIMIT},
        refused=request.method == "POST")


class DetailsForm(forms.Form):
    display_name = forms.CharField(label=_l("姓名"), max_length=60, required=False)
    title = forms.CharField(label=_l("职务"), max_length=100, required=False)
    email = forms.CharField(label=_l("电子邮件"), max_length=254, required=False,
                            help_text=_l("有地址才能收到邮件通知"))


class PasswordForm(forms.Form):
    password = forms.CharField(label=_l("新密码"), widget=forms.PasswordInput, help_text=_l("至少10位；同时解除登录锁定"))


class RoleForm(forms.Form):
    unit = forms.ChoiceField(label=_l("单位"))
    role = forms.ChoiceField(label=_l("角色"), choices=Role.choices)

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = _unit_choices(user)


def _one_click(request, username: str, op: str):
    """The buttons without fields: remove a role, unlock, stop the account."""
    actor, post = request.user, request.POST
    if op == "role_remove":
        org.membership_remove(actor=actor, username=username, unit=post.get("unit", ""), role=post.get("role", ""))
        return _("已删除角色")
    if op == "unlock":
        org.user_unlock(actor=actor, username=username)
        return _("已解除登录锁定")
    org.user_deactivate(actor=actor, username=username)
    return _("账号已停用")


@login_required
def user_page(request, username: str):
    require_admin(request)
    person = with_memberships(users_administered(request.user).filter(username=username)).first()
    if person is None:
        raise Http404(_("没有这个用户"))
    op, post, actor = request.POST.get("op"), request.POST, request.user
    forms_ = {"details": DetailsForm(post if op == "details" else None, initial={
                  "display_name": person.display_name, "title": person.title, "email": person.email}),
              "password": PasswordForm(post if op == "password" else None),
              "role": RoleForm(actor, post if op == "role" else None)}
    services = {"details": lambda d: org.user_update(actor=actor, username=username, **d),
                "password": lambda d: org.user_set_password(actor=actor, username=username, **d),
                "role": lambda d: org.membership_add(actor=actor, username=username, **d)}
    error = ""
    if op in forms_ and apply(forms_[op], services[op]):
        return done(request, _("已保存"), "web:settings_user", username=username)
    if op in ("role_remove", "unlock", "deactivate"):
        try:
            return done(request, _one_click(request, username, op), "web:settings_user", username=username)
        except DomainError as exc:
            error = exc.message
    context = {"person": person, "forms": forms_, "error": error}
    status = 400 if request.method == "POST" else 200
    return render(request, "web/settings/user.html", context, status=status)
