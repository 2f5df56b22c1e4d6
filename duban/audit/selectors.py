"""Reads of audit work as a user may see them: plans of units the user supervises or leads."""
from django.db.models import QuerySet

from duban.audit.access import can_read
from duban.audit.models import AuditPlan, AuditProject
from duban.core.errors import NotFound


def plans_visible_to(user, *, year: int | None = None) -> list[AuditPlan]:
    qs: QuerySet = AuditPlan.objects.select_related("programme__owner_unit", "approved_by")
    if year:
        qs = qs.filter(programme__year=year)
    return [plan for plan in qs if can_read(user, plan.programme.owner_unit, plan.programme)]


def access_plan(user, plan_id) -> AuditPlan:
    plan = AuditPlan.objects.select_related("programme__owner_unit").filter(pk=_int(plan_id)).first()
    if plan is None or not can_read(user, plan.programme.owner_unit, plan.programme):
        raise NotFound(f"审计项目计划 {plan_id} 不存在")
    return plan


def access_project(user, project) -> AuditProject:
    """A project by id, or by name when the name is unique among the plans the user sees."""
    qs = AuditProject.objects.select_related("plan__programme__owner_unit", "organising_unit", "implementing_unit")
    found = list(qs.filter(pk=_int(project))) or list(qs.filter(name=str(project)))
    found = [p for p in found if can_read(user, p.plan.programme.owner_unit, p.plan.programme)]
    if not found:
        raise NotFound(f"审计项目「{project}」不存在")
    if len(found) > 1:
        raise NotFound(f"有{len(found)}个审计项目名为「{project}」，请用项目编号：{'、'.join(str(p.pk) for p in found)}")
    return found[0]


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


def plan_as_data(plan: AuditPlan) -> dict:
    return {"id": plan.pk, "title": plan.title, "document_no": plan.document_no, "year": plan.programme.year,
            "programme": plan.programme.name, "state": plan.state, "approved_on": plan.approved_on,
            "projects": [{"id": p.pk, "seq": p.seq, "name": p.name, "type": p.project_type,
                          "organising_unit": p.organising_unit.name, "implementing_unit": p.implementing_unit.name,
                          "schedule": p.schedule, "findings": p.findings.count()}
                         for p in plan.projects.select_related("organising_unit", "implementing_unit")],
            "adjustments": [{"change": a.change, "ground": a.ground, "approved_on": a.approved_on}
                            for a in plan.adjustments.all()]}
