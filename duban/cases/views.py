"""Thin pages over the case services: the library, a new case from a task or programme, one case."""
import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from duban.cases import services as svc
from duban.cases.documents import case_docx
from duban.core.errors import DomainError, NotFound
from duban.tasks.access import access_task, supervises_unit

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def library(request):
    q, unit = request.GET.get("q", "")[:100], request.GET.get("unit", "")[:100]
    return render(request, "cases/library.html", {
        "cases": svc.cases_published(q=q, unit=unit)[:200], "q": q, "unit": unit,
        "in_progress": svc.cases_in_progress(request.user)[:100]})


def _figures(post) -> list[dict]:
    names, values = post.getlist("figure_name"), post.getlist("figure_value")
    return [{"name": n, "value": v} for n, v in zip(names, values, strict=False)]


@login_required
def case_new(request):
    task_id, programme_id = request.GET.get("task") or None, request.GET.get("programme") or None
    task = None
    if task_id:
        try:
            task, _caps = access_task(request.user, task_id)
        except NotFound:
            raise Http404("事项不存在") from None
    if request.method == "POST":
        try:
            case = svc.case_create(actor=request.user, task_id=task_id, programme_id=programme_id,
                                   title=request.POST.get("title", ""), background=request.POST.get("background", ""),
                                   measures=request.POST.get("measures", ""), results=request.POST.get("results", ""),
                                   figures=_figures(request.POST), keywords=request.POST.get("keywords", ""))
            return redirect("cases:case", case.pk)
        except NotFound:
            raise Http404("来源不存在") from None
        except DomainError as exc:
            messages.error(request, exc.message)
    figures = svc.case_figures_of_task(task) if task else []
    return render(request, "cases/new.html", {"task": task, "figures": figures + [{"name": "", "value": ""}],
                                              "form": request.POST})


@login_required
def case_page(request, case_id: int):
    try:
        case = svc.case_for(request.user, case_id)
    except NotFound:
        raise Http404("案例不存在") from None
    reviewer = supervises_unit(request.user, case.unit) and case.author_id != request.user.pk
    evidence = list(case.task.evidence.filter(approved=True)) if case.task else []
    return render(request, "cases/case.html", {"case": case, "reviewer": reviewer, "evidence": evidence,
                                               "author": case.author_id == request.user.pk})


def _act(request, case_id, action):
    try:
        action()
    except NotFound:
        raise Http404("案例不存在") from None
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("cases:case", case_id)


@login_required
@require_POST
def case_submit(request, case_id: int):
    return _act(request, case_id, lambda: svc.case_submit(actor=request.user, case_id=case_id))


@login_required
@require_POST
def case_review(request, case_id: int):
    publish = request.POST.get("decision") == "publish"
    return _act(request, case_id, lambda: svc.case_review(actor=request.user, case_id=case_id, publish=publish,
                                                          note=request.POST.get("note", "")))


@login_required
def case_export(request, case_id: int):
    out = Path(tempfile.mkdtemp()) / "case.docx"
    try:
        case_docx(user=request.user, case_id=case_id, out=out)
    except NotFound:
        raise Http404("案例不存在") from None
    return FileResponse(out.open("rb"), as_attachment=True, filename=f"案例-{case_id}.docx", content_type=DOCX)
