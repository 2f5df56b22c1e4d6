"""设置: the rules an office keeps as data (holidays, assessment rules), and the shared frame of the
settings pages. Every change is one service call; a refusal is shown beside the field it names."""
import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from duban.core import clock
from duban.core.errors import DomainError
from duban.core.models import Holiday
from duban.core.workdays import year_is_known, year_is_published
from duban.org.holidays import holiday_remove, holiday_set, holiday_year_mark
from duban.org.services import is_admin, is_global_admin
from duban.supervision.models import AssessmentRule
from duban.supervision.settings import keeps_units, rule_update


def require_admin(request, *, whole_installation: bool = False) -> None:
    allowed = is_global_admin(request.user) if whole_installation else is_admin(request.user)
    if not allowed:
        raise PermissionDenied(_("只有管理员可以进行这项设置"))


def apply(form: forms.Form, call) -> bool:
    """Run a service over a valid form; a refusal lands beside its field. True when it went through."""
    if not form.is_valid():
        return False
    try:
        call(form.cleaned_data)
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return False
    return True


def done(request, text: str, to: str, **kwargs):
    messages.success(request, text)
    return redirect(to, **kwargs)


def page(request, template: str, context: dict, *, refused: bool = False):
    return render(request, template, context, status=400 if refused else 200)


@login_required
def index(request):
    user = request.user
    sections = [
        ("web:settings_org", _("单位与用户"), _("单位树、用户、角色、电子邮件、重置密码、停用账号"), is_admin(user)),
        ("web:settings_holidays", _("节假日"), _("法定节假日与调休补班，下一年的安排"), is_global_admin(user)),
        ("web:settings_programmes", _("督办项目"), _("新建项目；预警、报送周期、领导审核、回头看与督办阶梯"),
         keeps_units(user)),
        ("web:settings_rules", _("考核规则"), _("各项扣分与加分的分值，启用或停用"), is_global_admin(user)),
        ("web:settings_webhooks", _("消息推送"), _("钉钉、企业微信机器人；发送测试消息"), keeps_units(user)),
        ("web:account", _("修改密码"), _("修改自己的登录密码"), True),
    ]
    return render(request, "web/settings/index.html", {"sections": [s for s in sections if s[3]]})


class HolidayForm(forms.Form):
    date = forms.DateField(label=_l("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    is_workday = forms.TypedChoiceField(label=_l("类型"), coerce=lambda v: v == "1", widget=forms.RadioSelect,
                                        choices=[("0", _l("休息日")), ("1", _l("调休上班（补班）"))], initial="0")
    name = forms.CharField(label=_l("名称"), max_length=60, required=False, help_text=_l("如 春节、春节补班"))


@login_required
def holidays(request):
    require_admin(request, whole_installation=True)
    form = HolidayForm(request.POST or None) if request.POST.get("op") != "remove" else HolidayForm()
    if request.method == "POST" and request.POST.get("op") == "remove":
        try:
            holiday_remove(actor=request.user, date=dt.date.fromisoformat(request.POST.get("date", "")))
        except (DomainError, ValueError) as exc:
            messages.error(request, str(exc))
            return redirect("web:settings_holidays")
        return done(request, _("已删除 %(d)s 的设定") % {"d": request.POST["date"]}, "web:settings_holidays")
    if request.method == "POST" and request.POST.get("op") == "complete":
        return _mark_year(request)
    if request.method == "POST" and apply(form, lambda d: holiday_set(actor=request.user, **d)):
        return done(request, _("已保存 %(d)s") % {"d": form.cleaned_data["date"]}, "web:settings_holidays")
    this_year = clock.today().year
    years = [{"year": y, "known": year_is_known(y), "builtin": year_is_published(y)}
             for y in range(this_year - 1, this_year + 3)]
    return page(request, "web/settings/holidays.html", {
        "form": form, "days": Holiday.objects.filter(date__year__gte=this_year - 1), "years": years,
        "next_year": this_year + 1, "next_unknown": not year_is_known(this_year + 1)},
        refused=request.method == "POST")


def _mark_year(request):
    try:
        year = int(request.POST.get("year", ""))
        holiday_year_mark(actor=request.user, year=year, complete=request.POST.get("complete") == "yes")
    except (DomainError, ValueError) as exc:
        messages.error(request, str(exc))
        return redirect("web:settings_holidays")
    return done(request, _("已保存 %(y)s 年的标记") % {"y": year}, "web:settings_holidays")


class RuleForm(forms.Form):
    points = forms.IntegerField(label=_l("分值"), min_value=-100, max_value=1000)
    active = forms.BooleanField(label=_l("启用"), required=False)


@login_required
def rules(request):
    require_admin(request, whole_installation=True)
    rows = list(AssessmentRule.objects.all())
    forms_by_code = {r.code: RuleForm(prefix=r.code, initial={"points": r.points, "active": r.active}) for r in rows}
    code = request.POST.get("code")
    if request.method == "POST" and code in forms_by_code:
        form = forms_by_code[code] = RuleForm(request.POST, prefix=code)
        if apply(form, lambda d: rule_update(actor=request.user, code=code, **d)):
            return done(request, _("考核规则「%(code)s」已保存") % {"code": code}, "web:settings_rules")
    return page(request, "web/settings/rules.html", {"rows": [(r, forms_by_code[r.code]) for r in rows]},
                refused=request.method == "POST")
