"""The inspection's feedback: recorded with its problems verbatim, and the rectification report
due a set number of months after it opened at once as a task the supervision ladder watches."""
import datetime as dt

from django.db import transaction
from django.utils.translation import gettext

from duban.audit.access import require_office
from duban.core import clock
from duban.core.errors import DomainError
from duban.core.eventlog import append_event
from duban.inspection.models import Feedback, PlanState, Problem, RectificationPlan
from duban.org.models import User
from duban.org.services import unit_by_name
from duban.tasks import services as loop
from duban.tasks.access import tasks_visible_to
from duban.tasks.kinds import kind_for
from duban.tasks.models import ProgrammeKind, SourceKind
from duban.tasks.services import programme_by_name
from duban.tasks.services.common import require, require_text


def report_due_on(programme, feedback_on: dt.date) -> dt.date:
    return kind_for(programme).report_due_on(programme, feedback_on)


def feedback_by_id(feedback_id) -> Feedback:
    found = (Feedback.objects.select_related("programme__owner_unit", "inspected_unit", "report_task")
             .filter(pk=feedback_id).first())
    if found is None:
        raise DomainError(gettext("巡视反馈 %(id)s 不存在") % {"id": feedback_id})
    return found


@transaction.atomic
def feedback_create(*, actor: User, programme: str, title: str, inspected_unit: str, feedback_on: dt.date,
                    problems: list = ()) -> Feedback:
    """Record the feedback with its problems (texts, or (text, category) pairs) and open the report."""
    prog = programme_by_name(programme)
    require(prog.kind == ProgrammeKind.INSPECTION, gettext("「%(programme)s」不是巡视整改项目") % {"programme": prog.name})
    unit = unit_by_name(inspected_unit)
    require_office(actor, unit, prog, "录入巡视反馈")
    title = require_text(title, "反馈名称")[:200]
    require(not Feedback.objects.filter(title=title).exists(), gettext("已有名为「%(title)s」的巡视反馈") % {"title": title})
    require(feedback_on <= clock.today(), gettext("反馈日期不能晚于今天"))
    due = report_due_on(prog, feedback_on)
    report = loop.task_create(
        actor=actor, title=f"报送{title}整改情况报告", programme=prog.name, lead_unit=unit.name, deadline=due,
        source_kind=SourceKind.INSPECTION_FEEDBACK, source_ref=title,
        content=f"反馈日期{feedback_on.isoformat()}，整改情况报告应于{due.isoformat()}前报送。")
    report = loop.task_assign(actor=actor, task_id=report.pk)
    feedback = Feedback.objects.create(programme=prog, title=title, inspected_unit=unit, feedback_on=feedback_on,
                                       report_task=report, created_at=clock.now())
    RectificationPlan.objects.create(feedback=feedback)
    append_event(actor=actor.username, action="inspection.feedback_recorded", task=report,
                 payload={"feedback": title, "unit": unit.name, "feedback_on": feedback_on, "report_due_on": due})
    for item in problems:
        text, category = (item, "") if isinstance(item, str) else item
        _add(actor, feedback, text, category)
    return feedback


def _add(actor: User, feedback: Feedback, text: str, category: str) -> Problem:
    problem = Problem.objects.create(feedback=feedback, seq=feedback.problems.count() + 1,
                                     text=require_text(text, "问题")[:5000], category=category.strip()[:100])
    append_event(actor=actor.username, action="inspection.problem_recorded",
                 payload={"feedback": feedback.title, "seq": problem.seq, "text": problem.text})
    return problem


def _editable(actor: User, feedback_id) -> Feedback:
    feedback = feedback_by_id(feedback_id)
    require_office(actor, feedback.inspected_unit, feedback.programme, "维护巡视整改")
    require(feedback.plan.state != PlanState.STARTED, gettext("整改方案已实施，问题清单不能再改"))
    return feedback


@transaction.atomic
def problem_add(*, actor: User, feedback_id, text: str, category: str = "") -> Problem:
    return _add(actor, _editable(actor, feedback_id), text, category)


@transaction.atomic
def problem_link(*, actor: User, problem_id, task_id) -> Problem:
    """一体推进: the problem is the same as one another supervision raised; it is rectified by
    that task, once, and counted in both sources' reports."""
    problem = Problem.objects.filter(pk=problem_id).first() if str(problem_id).isdigit() else None
    require(problem is not None, gettext("问题 %(id)s 不存在") % {"id": problem_id})
    _editable(actor, problem.feedback_id)
    task = tasks_visible_to(actor).filter(pk=task_id).first() if str(task_id).isdigit() else None
    require(task is not None, gettext("事项 %(id)s 不存在") % {"id": task_id})
    require(task.is_open, gettext("该事项已结束，不能再并入新的问题"))
    problem.task = task
    problem.save(update_fields=["task"])
    append_event(actor=actor.username, action="inspection.problem_linked", task=task,
                 payload={"feedback": problem.feedback.title, "seq": problem.seq})
    return problem
