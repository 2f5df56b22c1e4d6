"""The annual audit project plan: drafted, approved as a whole, adjusted with ground and approval."""
import datetime as dt

from django.db import transaction
from django.utils.translation import gettext

from duban.audit.access import require_leader, require_office
from duban.audit.models import AuditPlan, AuditProject, PlanAdjustment, PlanState
from duban.core import clock
from duban.core.errors import DomainError
from duban.core.eventlog import append_event
from duban.org.models import User
from duban.org.services import unit_by_name, user_by_username
from duban.tasks.models import ProgrammeKind
from duban.tasks.services import programme_by_name
from duban.tasks.services.common import require, require_text

PROJECT_TEXTS = ("objective", "scope_units", "scope_matters", "scope_period", "key_points", "schedule")


@transaction.atomic
def audit_plan_create(*, actor: User, programme: str, title: str, document_no: str = "") -> AuditPlan:
    prog = programme_by_name(programme)
    require(prog.kind == ProgrammeKind.AUDIT, gettext("「%(name)s」不是审计整改项目") % {"name": prog.name})
    require_office(actor, prog.owner_unit, prog, "编制审计项目计划")
    require(not AuditPlan.objects.filter(programme=prog).exists(), gettext("「%(name)s」已有审计项目计划") % {"name": prog.name})
    plan = AuditPlan.objects.create(programme=prog, title=require_text(title, "计划名称")[:200],
                                    document_no=document_no.strip()[:60], created_at=clock.now())
    append_event(actor=actor.username, action="audit.plan_created",
                 payload={"plan": plan.title, "programme": prog.name, "document_no": plan.document_no})
    return plan


def plan_by_title(title: str) -> AuditPlan:
    plan = AuditPlan.objects.select_related("programme__owner_unit").filter(title=title).first()
    if plan is None:
        raise DomainError(gettext("没有名为「%(name)s」的审计项目计划") % {"name": title})
    return plan


@transaction.atomic
def audit_project_add(*, actor: User, plan: str, name: str, project_type: str, organising_unit: str,
                      implementing_unit: str, **texts) -> AuditProject:
    found = plan_by_title(plan)
    require_office(actor, found.programme.owner_unit, found.programme, "编制审计项目计划")
    require(found.state == PlanState.DRAFT, gettext("计划已审定，增加项目请作为计划调整报批"))
    return _add_project(actor, found, name=name, project_type=project_type, organising_unit=organising_unit,
                        implementing_unit=implementing_unit, **texts)


def _add_project(actor: User, plan: AuditPlan, *, name: str, project_type: str, organising_unit: str,
                 implementing_unit: str, **texts) -> AuditProject:
    unknown = set(texts) - set(PROJECT_TEXTS)
    if unknown:
        raise TypeError(f"unknown project fields: {sorted(unknown)}")
    name = require_text(name, "项目名称")[:200]
    require(not plan.projects.filter(name=name).exists(), gettext("计划中已有项目「%(name)s」") % {"name": name})
    project = AuditProject.objects.create(
        plan=plan, seq=plan.projects.count() + 1, name=name, project_type=require_text(project_type, "项目类型")[:60],
        organising_unit=unit_by_name(organising_unit), implementing_unit=unit_by_name(implementing_unit),
        **{key: (value or "").strip()[:2000] for key, value in texts.items()})
    append_event(actor=actor.username, action="audit.project_added",
                 payload={"plan": plan.title, "project": name, "type": project.project_type})
    return project


@transaction.atomic
def audit_plan_approve(*, actor: User, plan: str) -> AuditPlan:
    found = plan_by_title(plan)
    require_leader(actor, found.programme.owner_unit, "审定审计项目计划")
    require(found.state == PlanState.DRAFT, gettext("计划已审定"))
    require(found.projects.exists(), gettext("计划中还没有审计项目，不能审定"))
    found.state, found.approved_by, found.approved_on = PlanState.APPROVED, actor, clock.today()
    found.save(update_fields=["state", "approved_by", "approved_on"])
    append_event(actor=actor.username, action="audit.plan_approved",
                 payload={"plan": found.title, "projects": found.projects.count()})
    return found


@transaction.atomic
def audit_plan_adjust(*, actor: User, plan: str, change: str, ground: str, approved_by: str,
                      approved_on: dt.date, new_project: dict | None = None) -> PlanAdjustment:
    """Record an adjustment of an approved plan (a project added, or any other change in words)."""
    found = plan_by_title(plan)
    require_office(actor, found.programme.owner_unit, found.programme, "调整审计项目计划")
    require(found.state == PlanState.APPROVED, gettext("计划尚未审定，直接修改即可，无需调整报批"))
    approver = user_by_username(approved_by)
    require_leader(approver, found.programme.owner_unit, "批准计划调整")
    require(approved_on <= clock.today(), gettext("批准日期不能晚于今天"))
    adjustment = PlanAdjustment.objects.create(
        plan=found, change=require_text(change, "调整内容")[:2000], ground=require_text(ground, "调整依据")[:2000],
        approved_by=approver, approved_on=approved_on, recorded_by=actor)
    if new_project:
        _add_project(actor, found, **new_project)
    append_event(actor=actor.username, action="audit.plan_adjusted", payload={
        "plan": found.title, "change": adjustment.change, "ground": adjustment.ground,
        "approved_by": approver.username, "approved_on": approved_on})
    return adjustment
