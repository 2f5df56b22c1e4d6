"""Inspection rectification: the plan runs only once approved; the report falls due two months
(a setting) after the feedback and climbs the ladder; a problem shared with an audit closes once."""
import datetime as dt

import pytest

from duban.audit import services as audit
from duban.audit.reports import year_summary_data
from duban.core import clock
from duban.core.errors import DomainError
from duban.inspection import services as insp
from duban.inspection.models import Feedback
from duban.inspection.reports import disclosure_data
from duban.supervision.models import LadderStep, Rung
from duban.supervision.sweep import sweep
from duban.tasks import services as loop
from duban.tasks.models import TaskState
from duban.tasks.services.evidence import MemoryFile

D = dt.date


def _feedback(world, inspection, on=None, problems=("违规兼职取酬问题整改不到位", "老旧小区改造进度滞后")):
    return insp.feedback_create(actor=world.supervisor, programme=inspection.name, title="省委第三巡视组反馈意见",
                                inspected_unit="区审计局", feedback_on=on or clock.today(), problems=list(problems))


def _measures(world, feedback, days=40):
    for problem in feedback.problems.all():
        insp.measure_add(actor=world.supervisor, problem_id=problem.pk, text="逐项清理，建立长效机制",
                         lead_unit="区审计局", leader="leader", deadline=clock.today() + dt.timedelta(days=days))


def test_a_plan_not_approved_cannot_start(world, inspection):
    feedback = _feedback(world, inspection)
    _measures(world, feedback)
    with pytest.raises(DomainError, match="尚未经领导审批"):
        insp.rectification_plan_start(actor=world.supervisor, feedback_id=feedback.pk)
    with pytest.raises(DomainError, match="只有领导"):
        insp.rectification_plan_approve(actor=world.supervisor, feedback_id=feedback.pk)
    assert not feedback.problems.filter(task__isnull=False).exists()
    insp.rectification_plan_approve(actor=world.leader, feedback_id=feedback.pk)
    insp.rectification_plan_start(actor=world.supervisor, feedback_id=feedback.pk)
    states = set(feedback.problems.values_list("task__state", flat=True))
    assert states == {TaskState.ASSIGNED}


def test_a_problem_without_measures_holds_the_approval(world, inspection):
    feedback = _feedback(world, inspection)
    with pytest.raises(DomainError, match="还没有整改措施"):
        insp.rectification_plan_approve(actor=world.leader, feedback_id=feedback.pk)


def _fired(task, rung):
    return [s.fired_on for s in LadderStep.objects.filter(task=task, rung=rung, node="deadline")]


def test_the_report_falls_due_two_months_after_and_climbs_the_ladder(world, inspection):
    with clock.travel(D(2026, 8, 3)):
        feedback = _feedback(world, inspection, on=D(2026, 8, 3))
    report = feedback.report_task
    assert report.deadline == D(2026, 10, 3) and report.state == TaskState.ASSIGNED
    for day in (D(2026, 9, 15) + dt.timedelta(days=n) for n in range(45)):
        with clock.travel(day):
            sweep(today=day)
    assert _fired(report, Rung.REMINDER) == [D(2026, 9, 23)]      # 5 working days before
    assert _fired(report, Rung.URGE) == [D(2026, 10, 8)]          # the due day falls in the National Day holiday
    assert _fired(report, Rung.NOTICE) == [D(2026, 10, 10)]       # a Saturday worked as 补班
    assert _fired(report, Rung.ESCALATION) == [D(2026, 10, 20)]
    with clock.travel(D(2026, 10, 20)):
        assert sum(sweep(today=D(2026, 10, 20)).values()) == 0   # a second run creates nothing


def test_the_months_are_a_setting(world, inspection):
    loop.programme_update(actor=world.admin, name=inspection.name, settings={"report_due_months": 1})
    with clock.travel(D(2026, 11, 30)):
        feedback = _feedback(world, inspection, on=D(2026, 11, 30))
    assert Feedback.objects.get(pk=feedback.pk).report_task.deadline == D(2026, 12, 30)


def test_a_linked_problem_closes_once_and_counts_in_both(world, inspection):
    plan = audit.audit_plan_create(actor=world.auditor, programme=world.programme.name, title="2026年度审计项目计划")
    project = audit.audit_project_add(actor=world.auditor, plan=plan.title, name="经济责任审计", project_type="经济责任审计",
                                      organising_unit="钱塘区", implementing_unit="区审计局")
    audit.audit_plan_approve(actor=world.leader, plan=plan.title)
    finding = audit.finding_create(actor=world.auditor, project_id=project.pk, problem="违规兼职取酬",
                                   rectification_class="立行立改", audited_unit="区审计局", amount="3")
    feedback = _feedback(world, inspection)
    shared, other = feedback.problems.all()
    insp.problem_link(actor=world.supervisor, problem_id=shared.pk, task_id=finding.task_id)
    insp.measure_add(actor=world.supervisor, problem_id=other.pk, text="加快改造", lead_unit="区审计局",
                     deadline=clock.today() + dt.timedelta(days=40))
    insp.rectification_plan_approve(actor=world.leader, feedback_id=feedback.pk)
    insp.rectification_plan_start(actor=world.supervisor, feedback_id=feedback.pk)
    shared.refresh_from_db()
    assert shared.task_id == finding.task_id  # rectified once, not twice

    loop.task_sign(actor=world.liaison, task_id=finding.task_id)
    loop.task_request_closure(actor=world.liaison, task_id=finding.task_id, evidence=[MemoryFile("a.pdf", b"%PDF x")])
    audit.finding_check(actor=world.auditor, task_id=finding.task_id, passed=True)

    summary = year_summary_data(2026, project.plan.projects.all())
    disclosure = disclosure_data(Feedback.objects.filter(pk=feedback.pk))
    assert (summary.total, summary.done) == (1, 1)
    assert (len(disclosure.rows), disclosure.count("done"), disclosure.count("not_done")) == (2, 1, 1)
    assert disclosure.rate == "50.0%"


def test_the_loop_refuses_to_assign_a_task_under_an_unapproved_plan(world, inspection):
    feedback = _feedback(world, inspection)
    task = world.task(programme=inspection.name, title="整改违规兼职取酬")
    insp.problem_link(actor=world.supervisor, problem_id=feedback.problems.first().pk, task_id=task.pk)
    with pytest.raises(DomainError, match="整改落实方案尚未经领导审批"):
        loop.task_assign(actor=world.supervisor, task_id=task.pk)
