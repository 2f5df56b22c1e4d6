"""Thin pages under /audit/: the year's plans, a plan with its projects, a project with its
findings; every change goes through duban.audit's services, every refusal is shown as typed."""
import datetime as dt
import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from duban.audit import services as audit
from duban.audit.access import is_leader_over, is_office, is_reviewer_over
from duban.audit.ledger import ImportRefused, findings_export, findings_import
from duban.audit.models import AuditProject, PlanState
from duban.audit.plan_docs import plan_docx, plan_xlsx
from duban.audit.reports import project_report_data, rectification_docx, year_summary_data
from duban.audit.selectors import access_plan, access_project, plans_visible_to
from duban.core import clock
from duban.core.errors import DomainError, NotFound
from duban.ledger.values import parse_milestones
from duban.org.models import Unit
from duban.tasks.kinds import kind_for
from duban.tasks.models import Programme, ProgrammeKind, RectificationClass, TaskState

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD = 20 * 1024 * 1024


def _found(find, *args):
    try:
        return find(*args)
    except NotFound as exc:
        raise Http404(str(exc)) from None


def _date(text: str, label: str) -> dt.date | None:
    if not text:
        return None
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
    year = request.GET.get("year", "")
    plans = plans_visible_to(request.user, year=int(year) if year.isdigit() and len(year) == 4 else None)
    programmes = [p for p in Programme.objects.filter(kind=ProgrammeKind.AUDIT).select_related("owner_unit")
                  if is_office(request.user, p.owner_unit, p) and not hasattr(p, "audit_plan")]
    if request.method == "POST":
        _act(request, lambda: _create_plan(request.user, request.POST))
        return redirect("audit:index")
    return render(request, "audit/index.html", {"plans": plans, "programmes": programmes, "year": year,
                                                "this_year": clock.today().year})


def _create_plan(user, post) -> str:
    plan = audit.audit_plan_create(actor=user, programme=post.get("programme", ""), title=post.get("title", ""),
                                   document_no=post.get("document_no", ""))
    return f"已编制「{plan.title}」"


PROJECT_FIELDS = ("objective", "scope_units", "scope_matters", "scope_period", "key_points", "schedule")


def _project_values(post) -> dict:
    return dict(name=post.get("name", ""), project_type=post.get("project_type", ""),
                organising_unit=post.get("organising_unit", ""), implementing_unit=post.get("implementing_unit", ""),
                **{key: post.get(key, "") for key in PROJECT_FIELDS})


@login_required
def plan_detail(request, plan_id: int):
    plan = _found(access_plan, request.user, plan_id)
    if request.method == "POST":
        post, user, action = request.POST, request.user, request.POST.get("action")
        if action == "project":
            _act(request, lambda: "已增加审计项目「{}」".format(audit.audit_project_add(
                actor=user, plan=plan.title, **_project_values(post)).name))
        elif action == "approve":
            _act(request, lambda: f"「{audit.audit_plan_approve(actor=user, plan=plan.title).title}」已审定")
        elif action == "adjust":
            _act(request, lambda: _adjust(user, plan, post))
        return redirect("audit:plan", plan_id=plan.pk)
    owner = plan.programme.owner_unit
    return render(request, "audit/plan.html", {
        "plan": plan, "projects": plan.projects.select_related("organising_unit", "implementing_unit"),
        "adjustments": plan.adjustments.select_related("approved_by"),
        "office": is_office(request.user, owner, plan.programme),
        "leader": is_leader_over(request.user, owner), "draft": plan.state == PlanState.DRAFT,
        "units": Unit.objects.filter(path__under=owner.path).values_list("name", flat=True)})


def _adjust(user, plan, post) -> str:
    new_project = _project_values(post) if post.get("name") else None
    audit.audit_plan_adjust(actor=user, plan=plan.title, change=post.get("change", ""), ground=post.get("ground", ""),
                            approved_by=post.get("approved_by", ""),
                            approved_on=_date(post.get("approved_on", ""), "批准日期") or clock.today(),
                            new_project=new_project)
    return "已记录计划调整"


@login_required
def plan_export(request, plan_id: int, fmt: str):
    plan = _found(access_plan, request.user, plan_id)
    if fmt not in ("docx", "xlsx"):
        raise Http404("没有这种格式")
    out = Path(tempfile.mkdtemp()) / f"plan.{fmt}"
    (plan_docx if fmt == "docx" else plan_xlsx)(plan, out)
    return FileResponse(out.open("rb"), as_attachment=True, filename=f"{plan.title}.{fmt}",
                        content_type=DOCX if fmt == "docx" else XLSX)


@login_required
def project_detail(request, project_id: int):
    project = _found(access_project, request.user, project_id)
    if request.method == "POST":
        response = _project_post(request, project)
        if response is not None:
            return response
        return redirect("audit:project", project_id=project.pk)
    return _project_page(request, project)


def _project_page(request, project: AuditProject, *, import_errors=None, status=200):
    owner = project.plan.programme.owner_unit
    findings = list(project.findings.select_related("task", "audited_unit"))
    reviewer = [f for f in findings if f.task.state == TaskState.CLOSURE_REQUESTED
                and is_reviewer_over(request.user, f.task.lead_unit, kind_for(f.task.programme).reviewer_role)]
    return render(request, "audit/project.html", {
        "project": project, "findings": findings, "to_check": reviewer, "classes": RectificationClass.choices,
        "office": is_office(request.user, owner, project.plan.programme), "approved": project.plan.state == PlanState.APPROVED,
        "units": Unit.objects.filter(path__under=owner.path).values_list("name", flat=True),
        "report": project_report_data(project), "import_errors": import_errors}, status=status)


def _project_post(request, project):
    post, user, action = request.POST, request.user, request.POST.get("action")
    if action == "finding":
        _act(request, lambda: _add_finding(user, project, post))
    elif action == "check":
        passed = post.get("passed") == "yes"
        _act(request, lambda: "核查通过，已销号" if audit.finding_check(
            actor=user, task_id=post.get("task", ""), passed=passed, comment=post.get("comment", "")).state
            == TaskState.CLOSED else "核查未通过，已退回整改")
    elif action == "import":
        return _import(request, project)
    return None


def _add_finding(user, project, post) -> str:
    year = project.plan.programme.year
    stages = parse_milestones(post.get("stages", ""), year=year) if post.get("stages", "").strip() else []
    finding = audit.finding_create(
        actor=user, project_id=project.pk, problem=post.get("problem", ""), category=post.get("category", ""),
        rectification_class=post.get("rectification_class", ""), audited_unit=post.get("audited_unit", ""),
        amount=post.get("amount", "") or None, responsible_leader=post.get("responsible_leader", ""),
        measures=post.get("measures", ""), deadline=_date(post.get("deadline", ""), "整改时限"), stages=stages,
        recover=post.get("recover", "") or None, rules_to_make=post.get("rules_to_make", "") or None)
    return f"已录入问题{finding.seq}，整改事项 {finding.task.code} 已交办{finding.audited_unit.name}"


def _import(request, project):
    upload = request.FILES.get("file")
    if upload is None or upload.size > MAX_UPLOAD:
        messages.error(request, "请选择不超过20MB的 .xlsx 整改台账")
        return None
    path = Path(tempfile.mkdtemp()) / "upload.xlsx"
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    try:
        result = findings_import(actor=request.user, path=path, project_id=project.pk,
                                 dry_run=request.POST.get("dry_run") == "1")
    except ImportRefused as exc:
        return _project_page(request, project, import_errors=exc.errors, status=400)
    except DomainError as exc:
        return _project_page(request, project, import_errors=[exc.message], status=400)
    said = _("检查通过，可以导入%(n)s个问题") if result["dry_run"] else _("已导入%(n)s个问题")
    messages.success(request, said % {"n": result["rows"]})
    return None


@login_required
def project_download(request, project_id: int, what: str):
    project = _found(access_project, request.user, project_id)
    if what not in ("ledger", "report"):
        raise Http404("没有这种文件")
    out = Path(tempfile.mkdtemp()) / "out"
    if what == "ledger":
        findings_export(project=project, target=out)
        return FileResponse(out.open("rb"), as_attachment=True, filename=f"{project.name}整改台账.xlsx",
                            content_type=XLSX)
    rectification_docx(project_report_data(project), out, heading="审计整改情况报告")
    return FileResponse(out.open("rb"), as_attachment=True, filename=f"{project.name}整改情况报告.docx",
                        content_type=DOCX)


@login_required
def summary(request, year: int):
    plans = plans_visible_to(request.user, year=year)
    if not plans:
        raise Http404("该年度没有可见的审计项目计划")
    data = year_summary_data(year, AuditProject.objects.filter(plan__in=plans))
    out = Path(tempfile.mkdtemp()) / "summary.docx"
    rectification_docx(data, out, heading=f"关于{year}年度审计查出问题整改情况的报告")
    return FileResponse(out.open("rb"), as_attachment=True, filename=f"{year}年度审计整改情况报告.docx",
                        content_type=DOCX)

