"""Audit findings: each becomes a rectification task through the loop; the audit office checks
the evidence before the task may close."""
import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext

from duban.audit import rules
from duban.audit.access import is_reviewer_over
from duban.audit.models import AuditProject, EvidenceCheck, Finding, PlanState
from duban.core import clock
from duban.core.errors import DomainError
from duban.core.eventlog import append_event
from duban.org.models import User
from duban.org.services import unit_by_name
from duban.tasks import services as loop
from duban.tasks.kinds import kind_for
from duban.tasks.models import SourceKind, Task, TaskState
from duban.tasks.services.common import require, require_text

MAX_AMOUNT = Decimal("1e12")  # 万元; anything larger is a typing slip


def project_by_id(project_id) -> AuditProject:
    project = (AuditProject.objects.select_related("plan__programme__owner_unit")
               .filter(pk=project_id).first() if str(project_id).isdigit() else None)
    if project is None:
        raise DomainError(gettext("审计项目 %(id)s 不存在") % {"id": project_id})
    return project


def check_amount(value, label: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value))
    except ArithmeticError:
        raise DomainError(gettext("「%(field)s」应为数字，收到「%(value)s」") % {"field": gettext(label), "value": value}) from None
    if not amount.is_finite() or not 0 <= amount < MAX_AMOUNT:
        raise DomainError(gettext("「%(field)s」应为0到%(most)s之间的数字，收到「%(value)s」") % {"field": gettext(label), "most": f"{MAX_AMOUNT:,.0f}", "value": value})
    return amount.quantize(Decimal("0.01"))


def _targets(recover, rules_to_make, accountability) -> list[dict]:
    wanted = [(rules.METRIC_AMOUNT, recover), (rules.METRIC_RULES, rules_to_make),
              (rules.METRIC_ACCOUNTABILITY, accountability)]
    return [{"metric": metric, "unit_of_measure": rules.METRIC_UNITS[metric], "target": value}
            for metric, value in wanted if value not in (None, "", 0)]


def task_fields(project: AuditProject, *, problem: str, cls: str, audited_unit: str, deadline, stages,
                responsible_leader: str, category: str, measures: str, targets: list[dict]) -> dict:
    """`task_create`'s arguments for a finding: the class decides deadline and milestones."""
    programme, today = project.plan.programme, clock.today()
    deadline = rules.class_deadline(programme, cls, today=today, deadline=deadline, stages=stages)
    milestones = list(stages or [])
    if cls == "ongoing" and not milestones:
        milestones = rules.yearly_checkpoints(programme, today=today, deadline=deadline)
    title = problem.splitlines()[0][:60]
    return dict(title=title, content=problem, source_kind=SourceKind.AUDIT_FINDING, programme=programme.name,
                source_ref=f"{project.plan.title}·{project.name}", lead_unit=audited_unit, deadline=deadline,
                responsible_person=responsible_leader[:60], milestones=milestones, targets=targets,
                problem_category=category[:100], rectification_class=cls, measures=measures)


@transaction.atomic
def finding_create(*, actor: User, project_id, problem: str, rectification_class: str, audited_unit: str,
                   amount=None, responsible_leader: str = "", category: str = "", measures: str = "",
                   deadline: dt.date | None = None, stages: list[dict] | None = None, recover=None,
                   rules_to_make=None, accountability=None, seq: int | None = None,
                   same_as_task: int | None = None) -> Finding:
    """Record a finding and open its rectification task (or join a task another source opened)."""
    project = project_by_id(project_id)
    require(project.plan.state == PlanState.APPROVED, gettext("审计项目计划尚未审定，不能录入问题"))
    problem = require_text(problem, "问题描述")[:5000]
    if rectification_class in rules.CLASS_BY_LABEL:
        rectification_class = rules.CLASS_BY_LABEL[rectification_class]
    amount = check_amount(amount, "涉及金额")
    seq = seq or (project.findings.count() + 1)
    require(not project.findings.filter(seq=seq).exists(), gettext("项目中已有序号为%(seq)s的问题") % {"seq": seq})
    if same_as_task:
        task = _joined_task(actor, same_as_task)
    else:
        targets = _targets(check_amount(recover, "应整改金额"), _count(rules_to_make, "完善制度"),
                           _count(accountability, "追责问责"))
        task = loop.task_create(actor=actor, **task_fields(
            project, problem=problem, cls=rectification_class, audited_unit=audited_unit, deadline=deadline,
            stages=stages, responsible_leader=responsible_leader, category=category, measures=measures,
            targets=targets))
        task = loop.task_assign(actor=actor, task_id=task.pk)
    finding = Finding.objects.create(
        project=project, seq=seq, problem=problem, category=category[:100], amount=amount,
        audited_unit=unit_by_name(audited_unit), responsible_leader=responsible_leader[:60],
        rectification_class=rectification_class, task=task, created_at=clock.now())
    append_event(actor=actor.username, action="audit.finding_recorded", task=task, payload={
        "project": project.name, "seq": seq, "class": rectification_class, "amount": str(amount or ""),
        "joined": bool(same_as_task)})
    return finding


def _count(value, label: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise DomainError(gettext("「%(field)s」应为整数，收到「%(value)s」") % {"field": gettext(label), "value": value}) from None
    require(0 <= number <= 10000, gettext("「%(field)s」应在0到10000之间，收到%(value)s") % {"field": gettext(label), "value": number})
    return number


def _joined_task(actor: User, task_id) -> Task:
    from duban.tasks.access import tasks_visible_to

    task = tasks_visible_to(actor).filter(pk=task_id).first() if str(task_id).isdigit() else None
    require(task is not None, gettext("事项 %(id)s 不存在") % {"id": task_id})
    require(task.is_open, gettext("该事项已结束，不能再并入新的问题"))
    return task


@transaction.atomic
def finding_check(*, actor: User, task_id, passed: bool, comment: str = "") -> Task:
    """The audit office checks the evidence of a closure request: passing closes the task,
    failing returns it to the unit with the reason."""
    task = (Task.objects.select_related("lead_unit", "programme").filter(pk=task_id).first()
            if str(task_id).isdigit() else None)
    require(task is not None and task.audit_findings.exists(), gettext("审计整改事项 %(id)s 不存在") % {"id": task_id})
    reviewer = kind_for(task.programme).reviewer_role
    require(bool(reviewer) and is_reviewer_over(actor, task.lead_unit, reviewer), gettext("只有审计机关可以核查整改佐证材料"))
    require(task.state == TaskState.CLOSURE_REQUESTED, gettext("该事项没有待核查的销号申请"))
    if not passed:
        comment = require_text(comment, "核查意见")
    EvidenceCheck.objects.create(task=task, checked_by=actor, checked_at=clock.now(), passed=passed,
                                 comment=comment[:2000])
    append_event(actor=actor.username, action="audit.evidence_checked", task=task,
                 payload={"passed": passed, "comment": comment})
    if passed:
        return loop.closure_approve(actor=actor, task_id=task.pk, comment=comment or "审计机关核查通过")
    return loop.closure_reject(actor=actor, task_id=task.pk, reason=f"审计机关核查未通过：{comment}")
