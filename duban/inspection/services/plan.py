"""整改落实方案: measures per problem, approved by a leader; only an approved plan starts, and
starting opens each problem's rectification task through the loop."""
import datetime as dt

from django.db import transaction
from django.utils.translation import gettext

from duban.audit.access import require_leader, require_office
from duban.core import clock
from duban.core.eventlog import append_event
from duban.inspection.models import Measure, PlanState, Problem, RectificationPlan
from duban.inspection.services.feedback import _editable, feedback_by_id
from duban.org.models import User
from duban.org.services import unit_by_name, user_by_username
from duban.tasks import services as loop
from duban.tasks.models import SourceKind
from duban.tasks.services.common import require, require_future, require_text


@transaction.atomic
def measure_add(*, actor: User, problem_id, text: str, lead_unit: str, deadline: dt.date,
                leader: str | None = None) -> Measure:
    problem = Problem.objects.filter(pk=problem_id).first() if str(problem_id).isdigit() else None
    require(problem is not None, gettext("问题 %(id)s 不存在") % {"id": problem_id})
    feedback = _editable(actor, problem.feedback_id)
    require(feedback.plan.state == PlanState.DRAFT, gettext("整改方案已审批，修改须重新报批"))
    require_future(deadline, "整改时限")
    leader_user = user_by_username(leader) if leader else None
    measure = Measure.objects.create(plan=feedback.plan, problem=problem, text=require_text(text, "整改措施")[:5000],
                                     lead_unit=unit_by_name(lead_unit), leader=leader_user, deadline=deadline)
    append_event(actor=actor.username, action="inspection.measure_added", payload={
        "feedback": feedback.title, "seq": problem.seq, "lead_unit": lead_unit, "deadline": deadline})
    return measure


def _plan(feedback_id) -> RectificationPlan:
    return RectificationPlan.objects.select_for_update().get(feedback=feedback_by_id(feedback_id))


@transaction.atomic
def rectification_plan_approve(*, actor: User, feedback_id) -> RectificationPlan:
    plan = _plan(feedback_id)
    feedback = plan.feedback
    require_leader(actor, feedback.inspected_unit, "审批整改落实方案")
    require(plan.state == PlanState.DRAFT, gettext("整改方案%(state)s") % {"state": gettext(plan.get_state_display())})
    waiting = [p.seq for p in feedback.problems.filter(task__isnull=True, measures__isnull=True)]
    require(not waiting, gettext("第%(seqs)s个问题还没有整改措施") % {"seqs": '、'.join(map(str, waiting))})
    require(feedback.problems.exists(), gettext("问题清单为空，不能审批"))
    plan.state, plan.approved_by, plan.approved_on = PlanState.APPROVED, actor, clock.today()
    plan.save(update_fields=["state", "approved_by", "approved_on"])
    append_event(actor=actor.username, action="inspection.plan_approved", payload={"feedback": feedback.title})
    return plan


@transaction.atomic
def rectification_plan_start(*, actor: User, feedback_id) -> RectificationPlan:
    """Open one task per problem not already rectified by another source's task."""
    plan = _plan(feedback_id)
    feedback = plan.feedback
    require_office(actor, feedback.inspected_unit, feedback.programme, "实施整改落实方案")
    require(plan.state != PlanState.DRAFT, gettext("整改落实方案尚未经领导审批，不能实施"))
    require(plan.state == PlanState.APPROVED, gettext("整改落实方案已在实施"))
    for problem in feedback.problems.filter(task__isnull=True).prefetch_related("measures"):
        problem.task = _open_task(actor, feedback, problem, list(problem.measures.all()))
        problem.save(update_fields=["task"])
        # Linked first, so the loop's gate sees the approved plan the task runs under.
        loop.task_assign(actor=actor, task_id=problem.task.pk)
    plan.state, plan.started_on = PlanState.STARTED, clock.today()
    plan.save(update_fields=["state", "started_on"])
    append_event(actor=actor.username, action="inspection.plan_started",
                 payload={"feedback": feedback.title, "problems": feedback.problems.count()})
    return plan


def _open_task(actor: User, feedback, problem: Problem, measures: list[Measure]):
    lead = measures[0]
    co = list(dict.fromkeys(m.lead_unit.name for m in measures[1:] if m.lead_unit_id != lead.lead_unit_id))
    task = loop.task_create(
        actor=actor, title=problem.text.splitlines()[0][:60], content=problem.text, programme=feedback.programme.name,
        source_kind=SourceKind.INSPECTION_FEEDBACK, source_ref=f"{feedback.title}第{problem.seq}个问题",
        lead_unit=lead.lead_unit.name, co_units=co, deadline=max(m.deadline for m in measures),
        responsible_leader=lead.leader.username if lead.leader else None, problem_category=problem.category,
        measures="\n".join(m.text for m in measures))
    return task
