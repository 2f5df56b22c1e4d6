"""Thin pages under /inspection/: the feedback received, one feedback with its problems, plan,
report and disclosure; every change goes through duban.inspection's services."""
import datetime as dt
import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render

from duban.audit.access import is_leader_over, is_office
from duban.core import clock
from duban.core.errors import DomainError, NotFound
from duban.inspection import services as insp
from duban.inspection.importer import problems_from_xlsx
from duban.inspection.models import PlanState
from duban.inspection.reports import STATUS, disclosure_data, disclosure_docx, problem_status
from duban.inspection.selectors import access_feedback, feedback_visible_to
from duban.org.models import Unit
from duban.tasks.models import Programme, ProgrammeKind

MAX_UPLOAD = 20 * 1024 * 1024
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _date(text: str, label: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise DomainError(f"「{label}」应为日期，如 2026-06-30，收到「{text[:40]}」") from None


def _act(request, action) -> None:
    try:
        messages.success(request, action())
    except DomainError as exc:
        messages.error(request, exc.message)


@login_required
def index(request):
    if request.method == "POST":
        _act(request, lambda: _record(request.user, request.POST, request.FILES.get("problems_file")))
        return redirect("inspection:index")
    feedbacks = feedback_visible_to(request.user)
    rows = [(f, disclosure_data([f])) for f in feedbacks]
    programmes = {f.programme for f in feedbacks}
    programmes_here = list(Programme.objects.filter(kind=ProgrammeKind.INSPECTION))
    return render(request, "inspection/index.html", {
        "rows": rows, "programmes": sorted(programmes, key=lambda p: p.name), "today": clock.today(),
        "inspection_programmes": programmes_here,
        "units": [u.name for u in Unit.objects.all()
                  if any(is_office(request.user, u, p) for p in programmes_here)]})


def _record(user, post, upload) -> str:
    problems = [line.strip() for line in post.get("problems", "").splitlines() if line.strip()]
    if upload is not None:
        problems += _uploaded_problems(upload)
    feedback = insp.feedback_create(actor=user, programme=post.get("programme", ""), title=post.get("title", ""),
                                    inspected_unit=post.get("unit", ""),
                                    feedback_on=_date(post.get("feedback_on", ""), "反馈日期"), problems=problems)
    return f"已录入「{feedback.title}」，整改情况报告应于{feedback.report_task.deadline:%Y-%m-%d}前报送"


def _uploaded_problems(upload) -> list:
    if upload.size > MAX_UPLOAD:
        raise DomainError("问题清单文件不能超过20MB")
    path = Path(tempfile.mkdtemp()) / "problems.xlsx"
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return problems_from_xlsx(path)


def _do(user, feedback, post) -> str:
    action = post.get("action", "")
    if action == "problem":
        insp.problem_add(actor=user, feedback_id=feedback.pk, text=post.get("text", ""),
                         category=post.get("category", ""))
        return "已增加问题"
    if action == "measure":
        insp.measure_add(actor=user, problem_id=_problem(feedback, post), text=post.get("text", ""),
                         lead_unit=post.get("lead_unit", ""), leader=post.get("leader") or None,
                         deadline=_date(post.get("deadline", ""), "整改时限"))
        return "已增加整改措施"
    if action == "link":
        insp.problem_link(actor=user, problem_id=_problem(feedback, post), task_id=post.get("task", ""))
        return "已与该事项一体推进"
    if action == "approve":
        insp.rectification_plan_approve(actor=user, feedback_id=feedback.pk)
        return "整改落实方案已审批"
    if action == "start":
        insp.rectification_plan_start(actor=user, feedback_id=feedback.pk)
        return "整改落实方案已实施，各问题已交办"
    raise Http404("没有这个操作")


def _problem(feedback, post) -> int:
    found = feedback.problems.filter(pk=post.get("problem") if str(post.get("problem", "")).isdigit() else -1).first()
    if found is None:
        raise DomainError("请选择问题")
    return found.pk


@login_required
def feedback_detail(request, feedback_id: int):
    try:
        feedback = access_feedback(request.user, feedback_id)
    except NotFound as exc:
        raise Http404(str(exc)) from None
    if request.method == "POST":
        _act(request, lambda: _do(request.user, feedback, request.POST))
        return redirect("inspection:feedback", feedback_id=feedback.pk)
    problems = list(feedback.problems.select_related("task").prefetch_related("measures__lead_unit",
                                                                              "measures__leader"))
    unit = feedback.inspected_unit
    return render(request, "inspection/feedback.html", {
        "feedback": feedback, "plan": feedback.plan, "report": feedback.report_task,
        "problems": [(p, STATUS[problem_status(p)]) for p in problems], "draft": feedback.plan.state == PlanState.DRAFT,
        "approved": feedback.plan.state == PlanState.APPROVED, "office": is_office(request.user, unit, feedback.programme),
        "leader": is_leader_over(request.user, unit), "disclosure": disclosure_data([feedback]),
        "units": [u.name for u in Unit.objects.filter(path__under=unit.path)]})


@login_required
def disclosure(request, programme_id: int):
    feedbacks = [f for f in feedback_visible_to(request.user) if f.programme_id == programme_id]
    if not feedbacks:
        raise Http404("没有可见的巡视反馈")
    out = Path(tempfile.mkdtemp()) / "disclosure.docx"
    disclosure_docx(disclosure_data(feedbacks), out)
    return FileResponse(out.open("rb"), as_attachment=True, content_type=DOCX,
                        filename=f"{feedbacks[0].programme.name}整改进展情况通报.docx")
