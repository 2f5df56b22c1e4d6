"""设置 · 消息推送: chat robots (DingTalk, WeCom) per unit or programme, and a test message."""
from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from duban.core.errors import NotFound
from duban.supervision.models import WebhookKind
from duban.supervision.settings import (
    keeps_units,
    masked_url,
    programmes_kept_by,
    units_kept_by,
    webhook_delete,
    webhook_save,
    webhook_test,
    webhooks_visible_to,
)
from duban.web.views.settings import apply, done, page


class WebhookForm(forms.Form):
    kind = forms.ChoiceField(label=_l("机器人"), choices=WebhookKind.choices)
    unit = forms.ChoiceField(label=_l("单位"), required=False)
    programme = forms.ChoiceField(label=_l("或督办项目"), required=False)
    url = forms.CharField(label=_l("机器人地址（Webhook）"), max_length=500,
                          widget=forms.URLInput(attrs={"placeholder": "https://oapi.dingtalk.com/robot/send?access_token=…"}))
    secret = forms.CharField(label=_l("加签密钥"), max_length=200, required=False,
                             widget=forms.PasswordInput(render_value=False),
                             help_text=_l("钉钉机器人启用“加签”时填写；修改时留空表示不变"))
    active = forms.BooleanField(label=_l("启用"), required=False, initial=True)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "—")] + [(u.name, u.name) for u in units_kept_by(user)]
        self.fields["programme"].choices = [("", "—")] + [(p.name, p.name) for p in programmes_kept_by(user)]


def _keeper(request) -> None:
    if not keeps_units(request.user):
        raise PermissionDenied(_("只有督查员或管理员可以设置消息推送"))


@login_required
def webhooks(request):
    _keeper(request)
    form = WebhookForm(request.POST or None, user=request.user)
    if request.method == "POST" and apply(form, lambda d: webhook_save(actor=request.user, **d)):
        return done(request, _("已添加消息推送"), "web:settings_webhooks")
    return _page(request, form)


def _page(request, form, bound: WebhookForm | None = None, bound_id: int | None = None):
    """The list with one form per robot; the one just refused (`bound`) keeps its input and errors."""
    def row_form(h):
        if h.pk == bound_id:
            return bound
        return WebhookForm(prefix=f"h{h.pk}", user=request.user, initial={
            "kind": h.kind, "unit": h.unit.name if h.unit else "", "url": h.url, "active": h.active,
            "programme": h.programme.name if h.programme else ""})

    hooks = [{"hook": h, "url": masked_url(h.url), "form": row_form(h)} for h in webhooks_visible_to(request.user)]
    return page(request, "web/settings/webhooks.html", {"form": form, "hooks": hooks},
                refused=request.method == "POST")


@login_required
def webhook_change(request, webhook_id: int):
    """Save, test or delete one robot; out of reach and missing alike answer 404."""
    _keeper(request)
    if request.method != "POST":
        return redirect("web:settings_webhooks")
    op, actor = request.POST.get("op"), request.user
    if not webhooks_visible_to(actor).filter(pk=webhook_id).exists():
        raise Http404(_("没有这个消息推送"))
    try:
        if op == "test":
            webhook_test(actor=actor, webhook_id=webhook_id)
            return done(request, _("测试消息已放入发送队列，稍后由后台发出"), "web:settings_webhooks")
        if op == "delete":
            webhook_delete(actor=actor, webhook_id=webhook_id)
            return done(request, _("已删除消息推送"), "web:settings_webhooks")
        form = WebhookForm(request.POST, prefix=f"h{webhook_id}", user=actor)
        if apply(form, lambda d: webhook_save(actor=actor, webhook_id=webhook_id,
                                              **{**d, "secret": d["secret"] or None})):
            return done(request, _("消息推送已保存"), "web:settings_webhooks")
    except NotFound as exc:
        raise Http404(exc.message) from None
    return _page(request, WebhookForm(user=actor), bound=form, bound_id=webhook_id)
