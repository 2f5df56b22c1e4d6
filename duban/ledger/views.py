"""台账 pages: export with the task list's filters, upload → preview (dry run) → confirm."""
import io

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from duban.core import clock
from duban.core.errors import DomainError, NotFound
from duban.ledger.export import write_ledger
from duban.ledger.jobs import job_of, job_start, job_status, jobs_of, preview_confirm, store_upload
from duban.ledger.models import ImportJob
from duban.tasks import filters
from duban.tasks.access import programmes_of, tasks_visible_to

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _visible_programmes(user):
    return programmes_of(tasks_visible_to(user)).order_by("-year", "name")


@login_required
def ledger_page(request):
    return render(request, "ledger/ledger.html", {
        "query": request.GET.urlencode(), "filters": filters.parse_filters(request.GET, strict=False),
        "programmes": _visible_programmes(request.user),
        "jobs": jobs_of(request.user)})


@login_required
def export_xlsx(request):
    """The tasks the list shows for the same query string, as a ledger file."""
    today = clock.today()
    f = filters.parse_filters(request.GET, strict=False)
    pairs = sorted(filters.filtered_tasks(request.user, f, today=today), key=lambda p: (p[0].code or "", p[0].pk))
    programme = None
    if f.get("programme"):
        programme = _visible_programmes(request.user).filter(filters.by_id_or_name(f["programme"])).first()
    buffer = io.BytesIO()
    write_ledger(actor=request.user, target=buffer, pairs=pairs, programme=programme)
    name = f"{programme.name if programme else '督办'}台账-{today.isoformat()}.xlsx"
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(name)}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


@login_required
@require_POST
def import_upload(request):
    upload = request.FILES.get("file")
    programme = request.POST.get("programme", "").strip()
    if upload is None:
        return _refused(request, gettext("请选择要导入的 .xlsx 台账文件"))
    try:
        path = store_upload(upload)
    except DomainError as exc:
        return _refused(request, exc.message)
    job = job_start(user=request.user, path=path, file_name=upload.name[:255], programme=programme, dry_run=True)
    return redirect("ledger:job", job_id=job.pk)


def _refused(request, error: str):
    """The ledger page again, saying why the upload or the confirmation went no further."""
    return render(request, "ledger/ledger.html", {
        "programmes": _visible_programmes(request.user), "query": "", "filters": {},
        "jobs": jobs_of(request.user), "error": error}, status=400)


def _own_job(request, job_id) -> ImportJob:
    try:
        return job_of(request.user, job_id)
    except NotFound as exc:
        raise Http404(exc.message) from None


@login_required
def job_page(request, job_id):
    job = _own_job(request, job_id)
    context = {"job": job, "status": job_status(job)}
    template = "ledger/_job.html" if request.htmx else "ledger/job.html"
    return render(request, template, context)


@login_required
@require_POST
def job_confirm(request, job_id):
    preview = _own_job(request, job_id)
    try:
        job = preview_confirm(user=request.user, preview=preview)
    except NotFound as exc:
        raise Http404(exc.message) from None
    except DomainError as exc:
        return _refused(request, exc.message)
    return redirect("ledger:job", job_id=job.pk)
