"""设置 · 督办项目: create a programme and edit its rules, the supervision ladder included.

A supervisor keeps the programmes whose owner unit lies in their jurisdiction; an administrator all.
"""
from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from duban.core import clock
from duban.supervision.rules import DEFAULTS
from duban.supervision.settings import keeps_units, programmes_kept_by, units_kept_by
from duban.tasks.kinds import KINDS
from duban.tasks.services import programme_create, programme_update
from duban.web.views.settings import apply, done, page

# What each ladder key means on screen; the defaults are shown beside them from rules.DEFAULTS.
LADDER_LABELS = {
    "reminder_workdays_before": _l("提醒：节点前几个工作日"),
    "urge_workdays_after": _l("催办：节点后几个工作日"),
    "notice_workdays_after": _l("督办单：节点后几个工作日"),
    "escalate_workdays_after": _l("约谈/报告责任领导：节点后几个工作日"),
    "recheck_workdays_before": _l("回头看提醒：到期前几个工作日"),
    "catchup_workdays": _l("漏跑补发：几个工作日内仍补发"),
    "pace_tolerance_percent": _l("序时进度容差（%）"),
    "blue_notice_on_reminder": _l("提醒时同时发蓝色督办单"),
    "notice_prefix": _l("督办单文号前缀"),
    "immediate_deadline_days": _l("审计立行立改：默认整改期限（天）"),
    "ongoing_checkpoint_years": _l("审计持续整改：年度检查点（年数）"),
    "report_due_months": _l("巡视整改：反馈后几个月报送整改报告"),
    "comment_days_min": _l("重大行政决策：公开征求意见最少天数"),
}
YES_NO = {"1": True, "0": False}


class ProgrammeForm(forms.Form):
    name = forms.CharField(label=_l("项目名称"), max_length=200)
    year = forms.IntegerField(label=_l("年度"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_l("项目类型"), choices=lambda: [(k.name, k.label) for k in KINDS.values()],
                             initial="general")
    warning_workdays = forms.IntegerField(label=_l("预警提前工作日"), min_value=0, max_value=400, initial=5,
                                          help_text=_l("节点前几个工作日亮黄灯"))
    report_cycle_workdays = forms.IntegerField(label=_l("报送周期（工作日）"), min_value=0, max_value=400, initial=10,
                                               help_text=_l("超过这么久未报送进展亮黄灯"))
    leader_review = forms.BooleanField(label=_l("交办前需领导审核"), required=False)
    recheck_after_days = forms.IntegerField(label=_l("回头看间隔（天）"), min_value=0, max_value=400, initial=90,
                                            help_text=_l("销号后多少天回头看"))


class CreateForm(ProgrammeForm):
    owner_unit = forms.ChoiceField(label=_l("主管单位"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].choices = [(u.name, u.name) for u in units_kept_by(user)]
        self.fields["year"].initial = clock.today().year


class EditForm(ProgrammeForm):
    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        for key, default in DEFAULTS.items():
            self.fields[key] = _ladder_field(key, default, programme)


def _ladder_field(key: str, default, programme) -> forms.Field:
    if key == "reminder_workdays_before":
        shown = _("默认：同预警提前工作日（%(n)s）") % {"n": programme.warning_workdays}
    elif isinstance(default, bool):
        shown = _("默认：%(v)s") % {"v": _("是") if default else _("否")}
    else:
        shown = _("默认：%(v)s") % {"v": default}
    label = LADDER_LABELS.get(key, key)
    if isinstance(default, bool):
        return forms.ChoiceField(label=label, required=False, help_text=shown,
                                 choices=[("", _("按默认")), ("1", _("是")), ("0", _("否"))])
    if isinstance(default, int):
        return forms.IntegerField(label=label, required=False, min_value=0, max_value=400, help_text=shown,
                                  widget=forms.NumberInput(attrs={"placeholder": shown}))
    return forms.CharField(label=label, required=False, max_length=20, help_text=shown,
                           widget=forms.TextInput(attrs={"placeholder": default}))


def _edit_initial(programme) -> dict:
    stored = programme.settings or {}
    initial = {f: getattr(programme, f) for f in ProgrammeForm.base_fields}
    for key, default in DEFAULTS.items():
        value = stored.get(key)
        initial[key] = ("1" if value else "0") if isinstance(default, bool) and value is not None else value
    return initial


def _settings_changes(data: dict) -> dict:
    """Blank means "back to the default": the key leaves the programme's settings."""
    changes = {}
    for key, default in DEFAULTS.items():
        value = data.get(key)
        if isinstance(default, bool):
            value = YES_NO.get(value)
        changes[key] = None if value in (None, "") else value
    return changes


@login_required
def programmes(request):
    if not keeps_units(request.user):
        raise PermissionDenied(_("只有督查员或管理员可以维护督办项目"))
    form = CreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and apply(form, lambda d: programme_create(actor=request.user, **d)):
        return done(request, _("已新建督办项目「%(n)s」") % {"n": form.cleaned_data["name"]}, "web:settings_programmes")
    return page(request, "web/settings/programmes.html",
                {"form": form, "programmes": programmes_kept_by(request.user)}, refused=request.method == "POST")


@login_required
def programme_edit(request, programme_id: int):
    programme = programmes_kept_by(request.user).filter(pk=programme_id).first()
    if programme is None:
        raise Http404(_("没有这个督办项目"))
    form = EditForm(request.POST or None, programme=programme, initial=_edit_initial(programme))

    def save(d):
        fields = {f: d[f] for f in ProgrammeForm.base_fields if f != "name"}
        programme_update(actor=request.user, name=programme.name, new_name=d["name"],
                         settings=_settings_changes(d), **fields)

    if request.method == "POST" and apply(form, save):
        return done(request, _("督办项目「%(n)s」已保存") % {"n": form.cleaned_data["name"]},
                    "web:settings_programme", programme_id=programme.pk)
    ladder = [form[key] for key in DEFAULTS]
    plain = [form[f] for f in ProgrammeForm.base_fields]
    return page(request, "web/settings/programme.html", {"programme": programme, "form": form, "plain": plain,
                                                         "ladder": ladder}, refused=request.method == "POST")
