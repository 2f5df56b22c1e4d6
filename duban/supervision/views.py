"""Thin pages: notices, the calendar feed and its URL, bulletins and dispatch packs for download."""
import tempfile
from pathlib import Path

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_lazy

from duban.core.errors import DomainError
from duban.supervision.bulletin import bulletin_docx
from duban.supervision.calendar import (
    calendar_feed,
    calendar_token_for,
    calendar_token_regenerate,
    user_by_calendar_token,
)
from duban.supervision.dispatch import dispatch_docx
from duban.supervision.notice_doc import notice_by_id, notice_docx
from duban.supervision.selectors import notices_for, notices_mark_read, supervision_notices_for
from duban.tasks.access import programmes_of, tasks_visible_to

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def notices(request):
    if request.method == "POST":
        notices_mark_read(user=request.user)
        return redirect("supervision:notices")
    return render(request, "supervision/notices.html", {"notices": notices_for(request.user)[:200],
                                                        "issued": supervision_notices_for(request.user)[:200]})


@login_required
def notice_print(request, notice_id: int):
    """One 督办单 as a document to print and issue, for anyone who sees its task."""
    try:
        notice = notice_by_id(request.user, notice_id)
    except DomainError as exc:
        raise Http404(exc.message) from None
    out = Path(tempfile.mkdtemp()) / "notice.docx"
    notice_docx(user=request.user, number=notice.number, out=out)
    return FileResponse(out.open("rb"), as_attachment=True, filename=f"督办单-{notice.number}.docx",
                        content_type=DOCX)


def calendar_ics(request, token: str):
    user = user_by_calendar_token(token)
    if user is None:
        raise Http404("日历订阅地址无效或已重新生成")
    response = HttpResponse(calendar_feed(user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="duban.ics"'
    return response


@login_required
def calendar_page(request):
    token = (calendar_token_regenerate(user=request.user) if request.method == "POST"
             else calendar_token_for(request.user))
    url = request.build_absolute_uri(f"/supervision/calendar/{token}.ics") if token else ""
    return render(request, "supervision/calendar.html", {"feed_url": url})


class BulletinForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("材料"), choices=[
        ("bulletin", gettext_lazy("督办通报")), ("dispatch", gettext_lazy("调度会材料"))])
    period = forms.CharField(label=gettext_lazy("期间"), required=False, max_length=30,
                             help_text=gettext_lazy("2026（年）、2026-Q1（季度）、2026-03（月）、2026-W14（周）"
                                                    "或 2026-03-01..2026-03-15；调度会材料不需要"))
    programme = forms.ChoiceField(label=gettext_lazy("督办项目"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        names = programmes_of(tasks_visible_to(user)).order_by("name").values_list("name", flat=True)
        self.fields["programme"].choices = [("", gettext("全部项目"))] + [(n, n) for n in names]


@login_required
def bulletins(request):
    form = BulletinForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            return _download(request.user, form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    return render(request, "supervision/bulletins.html", {"form": form})


def _download(user, data):
    kind, programme = data["kind"], data["programme"] or None
    if kind == "bulletin" and not data["period"]:
        raise DomainError(gettext("请填写通报的期间，如 2026-04 或 2026-Q1"), field="period")
    if kind == "dispatch" and not programme:
        raise DomainError(gettext("调度会材料请选择一个督办项目"), field="programme")
    out = Path(tempfile.mkdtemp()) / "material.docx"
    if kind == "bulletin":
        bulletin_docx(user=user, period=data["period"], programme=programme, out=out)
        name = f"督办通报-{data['period']}.docx"
    else:
        dispatch_docx(user=user, programme=programme, out=out)
        name = f"调度会材料-{programme}.docx"
    return FileResponse(out.open("rb"), as_attachment=True, filename=name, content_type=DOCX)


