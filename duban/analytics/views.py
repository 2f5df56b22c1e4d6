"""数据分析 pages: thin views over the same services the command line calls.

Everything is reached through the access rules: anything out of reach is a 404, as elsewhere.
"""
import re
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from duban.analytics import store
from duban.analytics.access import (
    access_lead,
    access_run,
    access_source,
    may_use_analytics,
    programmes_for_analytics,
    sources_visible_to,
)
from duban.analytics.background import UPLOADS, load_in_background, load_status, run_in_background
from duban.analytics.loading import mapping_proposal
from duban.analytics.readers import MAX_FILE_BYTES
from duban.analytics.roles import ROLES
from duban.analytics.rules import CATALOGUE
from duban.analytics.services import lead_confirm, lead_dismiss, run_prepare
from duban.core.errors import DomainError, NotFound
from duban.org.models import Unit

SUFFIXES = (".csv", ".txt", ".xlsx", ".xml")
TOKEN = re.compile(r"^[0-9a-f]{32}\.(csv|txt|xlsx|xml)$")


def _analyst(request) -> None:
    if not may_use_analytics(request.user):
        raise Http404("没有这个页面")


def _found(find, *args):
    try:
        return find(*args)
    except NotFound as exc:
        raise Http404(str(exc)) from None


@login_required
def index(request, error: str = "", status: int = 200):
    _analyst(request)
    return render(request, "analytics/index.html", {
        "sources": sources_visible_to(request.user), "programmes": programmes_for_analytics(request.user),
        "error": error, "tests": CATALOGUE.values()}, status=status)


@login_required
def catalogue(request):
    _analyst(request)
    return render(request, "analytics/tests.html", {"tests": CATALOGUE.values()})


def _uploads() -> Path:
    folder = Path(settings.DUBAN_HOME) / UPLOADS
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@login_required
@require_POST
def upload(request):
    _analyst(request)
    file = request.FILES.get("file")
    suffix = Path(file.name).suffix.lower() if file else ""
    if file is None or suffix not in SUFFIXES:
        return index(request, error="请选择 .csv、.xlsx 或 GB/T 24589 凭证 .xml 文件", status=400)
    if file.size > MAX_FILE_BYTES:
        return index(request, error=f"文件过大，上限为{MAX_FILE_BYTES // 1024 // 1024}MB", status=400)
    token = f"{uuid.uuid4().hex}{suffix}"
    with (_uploads() / token).open("wb") as handle:
        for chunk in file.chunks():
            handle.write(chunk)
    request.session.setdefault("analytics_uploads", {})[token] = file.name[:255]
    request.session.modified = True
    return redirect("analytics:mapping", token=token)


def _upload_of(request, token: str) -> tuple[Path, str]:
    names = request.session.get("analytics_uploads", {})
    if not TOKEN.match(token) or token not in names or not (_uploads() / token).is_file():
        raise Http404("没有这个上传文件")
    return _uploads() / token, names[token]


@login_required
def mapping(request, token: str):
    _analyst(request)
    path, file_name = _upload_of(request, token)
    context = {"token": token, "file_name": file_name, "roles": ROLES, "post": request.POST,
               "programmes": programmes_for_analytics(request.user), "units": Unit.objects.all()}
    try:
        table, proposed = mapping_proposal(path, file_name)
    except DomainError as exc:
        return render(request, "analytics/mapping.html", {**context, "error": exc.message}, status=400)
    context.update(headers=[h for h in table.headers if h], proposed=proposed, sample=table.rows[:5],
                   encoding=table.encoding)
    if request.method != "POST":
        return render(request, "analytics/mapping.html", context)
    chosen = {r.name: request.POST.get(f"role_{r.name}", "") for r in ROLES}
    load_in_background(path, actor=request.user, file_name=file_name, name=request.POST.get("name", ""),
                       programme=request.POST.get("programme") or None,
                       audited_unit=request.POST.get("audited_unit") or None,
                       mapping={role: column for role, column in chosen.items() if column})
    return redirect("analytics:load", token=token)


@login_required
def load_page(request, token: str):
    """The load's progress while it runs, then its outcome: the source, or every bad row."""
    _analyst(request)
    path, file_name = _upload_of(request, token)
    status = load_status(path)
    if status is None:
        raise Http404("没有这个载入")
    context = {"token": token, "file_name": file_name, "status": status}
    template = "analytics/_load_status.html" if request.htmx else "analytics/load.html"
    return render(request, template, context)


@login_required
def source_page(request, source_id: int, error: str = "", status: int = 200):
    _analyst(request)
    source = _found(access_source, request.user, source_id)
    return render(request, "analytics/source.html", {
        "source": source, "mappings": source.mappings.all(), "runs": source.runs.select_related("actor")[:30],
        "tests": CATALOGUE.values(), "others": sources_visible_to(request.user).exclude(pk=source.pk),
        "error": error, "post": request.POST}, status=status)


def _params(request, test: str) -> dict:
    rule = CATALOGUE.get(test)
    names = [p.name for p in rule.params] if rule else []
    return {name: request.POST[f"param_{name}"].strip() for name in names
            if request.POST.get(f"param_{name}", "").strip()}


@login_required
@require_POST
def run_start(request, source_id: int):
    _analyst(request)
    source = _found(access_source, request.user, source_id)
    test = request.POST.get("test", "")
    try:
        run = run_prepare(actor=request.user, source=source.name, test=test, params=_params(request, test))
    except DomainError as exc:
        return source_page(request, source_id, error=exc.message, status=400)
    run_in_background(run)
    return redirect("analytics:run", run_id=run.pk)


@login_required
@require_POST
def run_again(request, run_id: int):
    """The recorded run again: same source, test, parameters and engine."""
    _analyst(request)
    old = _found(access_run, request.user, run_id)
    run = run_prepare(actor=request.user, source=old.source.name, test=old.test, params=old.params, engine=old.engine)
    run_in_background(run)
    return redirect("analytics:run", run_id=run.pk)


@login_required
def run_page(request, run_id: int, error: dict | None = None, status: int = 200):
    _analyst(request)
    run = _found(access_run, request.user, run_id)
    leads = list(run.leads.select_related("task", "decided_by"))
    columns, records = [], {}
    if run.state == "done" and leads:
        columns, rows = store.fetch_rows(run.source.table, sorted({r for lead in leads[:50] for r in lead.row_nos[:50]}))
        records = {row[columns.index("row_no")]: row for row in rows}
    for lead in leads[:50]:
        lead.records = [records[r] for r in lead.row_nos[:50] if r in records]
    context = {"run": run, "rule": CATALOGUE.get(run.test), "leads": leads, "columns": columns,
               "benford": run.result.get("benford"), "bands": run.result.get("bands"), "error": error or {},
               "units": Unit.objects.all()}
    if request.htmx and run.state != "running":
        # Finished while the page polled: reload it whole, with the leads, records and chart.
        return HttpResponse(status=204, headers={"HX-Refresh": "true"})
    template = "analytics/_run_status.html" if request.htmx else "analytics/run.html"
    return render(request, template, context, status=status)


def _date(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text.strip()) if text.strip() else None
    except ValueError:
        raise DomainError(f"整改时限「{text[:20]}」应为 YYYY-MM-DD 格式的日期") from None


@login_required
@require_POST
def lead_decide(request, lead_id: int, decision: str):
    _analyst(request)
    lead = _found(access_lead, request.user, lead_id)
    if decision not in ("confirm", "dismiss"):
        raise Http404("没有这个操作")
    reason = request.POST.get("reason", "")
    try:
        if decision == "confirm":
            lead_confirm(actor=request.user, lead_id=lead.pk, reason=reason,
                         lead_unit=request.POST.get("lead_unit") or None,
                         deadline=_date(request.POST.get("deadline", "")))
        else:
            lead_dismiss(actor=request.user, lead_id=lead.pk, reason=reason)
    except DomainError as exc:
        return run_page(request, lead.run_id, error={"lead": lead.pk, "message": exc.message}, status=400)
    said = _("疑点 %(n)s 已确认并生成整改事项") if decision == "confirm" else _("疑点 %(n)s 已排除")
    messages.success(request, said % {"n": lead.pk})
    return redirect("analytics:run", run_id=lead.run_id)
