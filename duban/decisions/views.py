"""Thin pages over the decision services: catalogues, one catalogue, one decision with its gates."""
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from duban.core.errors import DomainError, NotFound
from duban.decisions import services as svc
from duban.decisions.models import CatalogueState, StepDocument
from duban.decisions.selectors import catalogues_for, decisions_for, progress
from duban.decisions.steps import decision_for, document_path, step_done, step_skip
from duban.tasks.access import supervises_programme
from duban.tasks.kinds.decision import STEP_LABELS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def catalogues(request):
    return render(request, "decisions/catalogues.html", {"catalogues": catalogues_for(request.user)})


@login_required
def catalogue_page(request, year: int):
    try:
        catalogue = svc.catalogue_of(year)
    except NotFound:
        raise Http404("目录不存在") from None
    keeper = supervises_programme(request.user, catalogue.programme)
    rows = [(d, progress(d)) for d in decisions_for(request.user, catalogue)]
    if not keeper and not rows:
        raise Http404("目录不存在")
    adjustments = catalogue.adjustments.select_related("decision").order_by("pk")
    if not keeper:
        adjustments = adjustments.filter(decision__in=[d for d, _p in rows])
    return render(request, "decisions/catalogue.html", {"catalogue": catalogue, "rows": rows, "keeper": keeper,
                                                        "adjustments": adjustments})


@login_required
def catalogue_export(request, year: int, fmt: str):
    import tempfile
    from pathlib import Path

    try:
        catalogue = svc.catalogue_of(year)
    except NotFound:
        raise Http404("目录不存在") from None
    # A draft is its keepers' alone; the approved catalogue is published whole.
    keeper = supervises_programme(request.user, catalogue.programme)
    if not keeper and (catalogue.state != CatalogueState.APPROVED or catalogue not in catalogues_for(request.user)):
        raise Http404("目录不存在")
    out = Path(tempfile.mkdtemp()) / f"catalogue.{fmt}"
    if fmt == "xlsx":
        from duban.decisions.spreadsheet import catalogue_xlsx

        catalogue_xlsx(year=year, out=out)
    else:
        from duban.decisions.documents import catalogue_docx

        catalogue_docx(year=year, out=out)
    return FileResponse(out.open("rb"), as_attachment=True, filename=f"{catalogue.title}.{fmt}",
                        content_type=XLSX if fmt == "xlsx" else DOCX)


@login_required
def decision_page(request, decision_id: int):
    try:
        decision = decision_for(request.user, decision_id)
    except NotFound:
        raise Http404("决策事项不存在") from None
    steps = list(decision.steps.prefetch_related("documents"))
    return render(request, "decisions/decision.html", {
        "decision": decision, "steps": steps, "progress": progress(decision)})


def _date(value):
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        raise DomainError(f"「{value}」不是 YYYY-MM-DD 格式的日期") from None


@login_required
@require_POST
def decision_step(request, decision_id: int, step: str):
    post = request.POST
    try:
        if post.get("skip"):
            step_skip(actor=request.user, decision_id=decision_id, step=step, reason=post.get("reason", ""))
        else:
            step_done(actor=request.user, decision_id=decision_id, step=step, done_on=_date(post.get("done_on")),
                      note=post.get("note", ""), comment_from=_date(post.get("comment_from")),
                      comment_to=_date(post.get("comment_to")), short_reason=post.get("short_reason", ""),
                      documents=request.FILES.getlist("documents"))
        messages.success(request, _("「%(step)s」已登记") % {"step": STEP_LABELS.get(step, step)})
    except NotFound:
        raise Http404("决策事项不存在") from None
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("decisions:decision", decision_id)


@login_required
def step_document(request, document_id: int):
    document = StepDocument.objects.select_related("step").filter(pk=document_id).first()
    try:
        if document is None:
            raise NotFound("材料不存在")
        decision_for(request.user, document.step.decision_id)
    except NotFound:
        raise Http404("材料不存在") from None
    return FileResponse(document_path(document).open("rb"), as_attachment=True, filename=document.name)


