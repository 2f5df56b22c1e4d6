"""A person's choice of notification channels (设置 › 通知方式)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from duban.preferences.services import preference_set


@login_required
@require_POST
def notification_channels(request):
    chosen = preference_set(actor=request.user, channels=request.POST.getlist("channels"))
    words = {"inapp": _("站内通知"), "email": _("邮件")}
    said = "、".join(words[c] for c in sorted(chosen)) or _("不接收通知")
    messages.success(request, _("通知方式已保存：%(channels)s") % {"channels": said})
    return redirect("web:account")
