"""花名册 pages: upload → preview (a dry run) → confirm; export; a new person's invitation link."""
import io
import re
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from duban.core import clock
from duban.core.errors import DomainError
from duban.ledger.jobs import store_upload
from duban.orgchart.export import orgchart_export
from duban.orgchart.importer import orgchart_import
from duban.orgchart.invitations import invitation_accept, invitation_for
from duban.web.views.settings import done, require_admin

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SESSION_KEY = "orgchart_upload"


@login_required
def import_page(request):
    require_admin(request)
    if request.method != "POST":
        return render(request, "orgchart/import.html", {})
    upload = request.FILES.get("file")
    if upload is None:
        return render(request, "orgchart/import.html", {"error": _("请选择要导入的 .xlsx 花名册")}, status=400)
    try:
        path = store_upload(upload)
        result = orgchart_import(actor=request.user, path=path, dry_run=True)
    except DomainError as exc:
        return render(request, "orgchart/import.html", {"error": exc.message}, status=400)
    # The confirmation names no file: the stored upload is remembered in the admin's own session.
    request.session[SESSION_KEY] = path.name if not result.errors else None
    return render(request, "orgchart/import.html", {"result": result, "file_name": upload.name},
                  status=400 if result.errors else 200)


@login_required
@require_POST
def import_confirm(request):
    require_admin(request)
    name = request.session.pop(SESSION_KEY, None) or ""
    if not re.fullmatch(r"[0-9a-f]{32}\.xlsx", name):
        return render(request, "orgchart/import.html", {"error": _("预检已过期，请重新上传")}, status=400)
    from django.conf import settings

    try:
        result = orgchart_import(actor=request.user, path=Path(settings.DUBAN_HOME) / "imports" / name)
    except DomainError as exc:
        return render(request, "orgchart/import.html", {"error": exc.message}, status=400)
    if result.errors:
        return render(request, "orgchart/import.html", {"result": result}, status=400)
    return done(request, _("已导入花名册：新建单位 %(u)s 个、人员 %(p)s 人，发出邀请 %(i)s 封") % {
        "u": result.units_created, "p": result.people_created, "i": result.invited}, "web:settings_org")


@login_required
def export_xlsx(request):
    require_admin(request)
    buffer = io.BytesIO()
    orgchart_export(actor=request.user, target=buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''%E8%8A%B1%E5%90%8D%E5%86%8C-{clock.today()}.xlsx"
    return response


def invitation(request, key: str):
    """Open to anyone holding the link: the secret in it is the credential, spent on use."""
    try:
        person = invitation_for(key).user
    except DomainError as exc:
        return render(request, "orgchart/invite.html", {"error": exc.message}, status=410)
    if request.method == "POST":
        first, second = request.POST.get("password", ""), request.POST.get("password2", "")
        try:
            if first != second:
                raise DomainError(_("两次输入的密码不一致"))
            invitation_accept(key=key, password=first)
        except DomainError as exc:
            return render(request, "orgchart/invite.html", {"person": person, "error": exc.message}, status=400)
        return done(request, _("密码已设置，请登录"), "web:login")
    return render(request, "orgchart/invite.html", {"person": person})
