"""The audit rules: classes and their deadlines, the plan's approval, closure by the audit office."""
import pytest

from duban.audit import services as audit
from duban.audit.models import EvidenceCheck
from duban.audit.tests.conftest import later
from duban.core.errors import DomainError
from duban.tasks import services as loop
from duban.tasks.models import TaskState
from duban.tasks.services.evidence import MemoryFile


def _finding(world, plan, **extra):
    fields = dict(actor=world.auditor, project_id=plan.projects.get().pk, problem="违规发放津贴补贴",
                  rectification_class="立行立改", audited_unit="区审计局", amount="12.5")
    return audit.finding_create(**{**fields, **extra})


def _ask_closure(world, task):
    loop.task_sign(actor=world.liaison, task_id=task.pk)
    loop.task_request_closure(actor=world.liaison, task_id=task.pk,
                              evidence=[MemoryFile("清退凭证.pdf", b"%PDF-1.4 refund")])


def test_it_refuses_a_staged_finding_without_stages(world, plan):
    with pytest.raises(DomainError, match="分阶段整改的问题须列出阶段节点"):
        _finding(world, plan, rectification_class="分阶段整改")
    assert not plan.projects.get().findings.exists()


def test_it_gives_each_class_its_deadline_and_milestones(world, plan):
    immediate = _finding(world, plan)
    staged = _finding(world, plan, rectification_class="分阶段整改",
                      stages=[{"name": "制定方案", "due_on": later(20)}, {"name": "完成清退", "due_on": later(80)}])
    ongoing = _finding(world, plan, rectification_class="持续整改")
    assert immediate.task.deadline == later(30)  # the programme's default, which an admin may change
    assert immediate.task.state == TaskState.ASSIGNED
    assert staged.task.deadline == later(80)
    assert [m.name for m in staged.task.milestones.all()] == ["制定方案", "完成清退"]
    assert ongoing.task.deadline is None
    assert ongoing.task.milestones.count() >= 2  # yearly checkpoints ahead


def test_an_admin_changes_the_immediate_deadline(world, plan):
    loop.programme_update(actor=world.admin, name=world.programme.name, settings={"immediate_deadline_days": 10})
    assert _finding(world, plan).task.deadline == later(10)


def test_findings_wait_for_the_plan_to_be_approved(world):
    created = audit.audit_plan_create(actor=world.auditor, programme=world.programme.name, title="草拟的计划")
    project = audit.audit_project_add(actor=world.auditor, plan=created.title, name="经济责任审计",
                                      project_type="经济责任审计", organising_unit="钱塘区", implementing_unit="区审计局")
    with pytest.raises(DomainError, match="尚未审定"):
        audit.finding_create(actor=world.auditor, project_id=project.pk, problem="问题", rectification_class="立行立改",
                             audited_unit="区审计局", amount=0)
    with pytest.raises(DomainError, match="只有领导"):
        audit.audit_plan_approve(actor=world.supervisor, plan=created.title)


def test_the_supervisor_alone_cannot_close_an_audit_finding(world, plan):
    task = _finding(world, plan).task
    _ask_closure(world, task)
    with pytest.raises(DomainError, match="须经审计机关核查"):
        loop.closure_approve(actor=world.supervisor, task_id=task.pk)
    with pytest.raises(DomainError, match="只有审计机关"):
        audit.finding_check(actor=world.supervisor, task_id=task.pk, passed=True)
    task.refresh_from_db()
    assert task.state == TaskState.CLOSURE_REQUESTED


def test_the_audit_office_check_closes_it_or_returns_it(world, plan):
    task = _finding(world, plan).task
    _ask_closure(world, task)
    audit.finding_check(actor=world.auditor, task_id=task.pk, passed=False, comment="清退凭证不全")
    task.refresh_from_db()
    assert task.state == TaskState.IN_PROGRESS
    loop.task_request_closure(actor=world.liaison, task_id=task.pk, evidence=[MemoryFile("补充清退凭证.pdf", b"%PDF-1.4")])
    with pytest.raises(DomainError, match="须经审计机关核查"):  # the failed check does not count
        loop.closure_approve(actor=world.auditor, task_id=task.pk)
    audit.finding_check(actor=world.auditor, task_id=task.pk, passed=True)
    task.refresh_from_db()
    assert task.state == TaskState.CLOSED
    assert EvidenceCheck.objects.filter(task=task).count() == 2


def test_a_units_list_closes_when_all_its_items_have(world, plan):
    from duban.audit.reports import project_report_data

    first, second = _finding(world, plan), _finding(world, plan, problem="政府采购程序不规范")
    project = plan.projects.get()
    for finding in (first, second):
        _ask_closure(world, finding.task)
    audit.finding_check(actor=world.auditor, task_id=first.task_id, passed=True)
    assert project_report_data(project).units == [("区审计局", 2, 1, False)]
    audit.finding_check(actor=world.auditor, task_id=second.task_id, passed=True)
    assert project_report_data(project).units == [("区审计局", 2, 2, True)]


def test_tasks_without_findings_close_as_before(world):
    task = world.task(state="closure_requested")
    assert loop.closure_approve(actor=world.supervisor, task_id=task.pk).state == TaskState.CLOSED


def test_the_loop_itself_refuses_to_assign_a_staged_task_without_stages(world):
    task = world.task(rectification_class="staged")  # any entry point: page, API, ledger import
    with pytest.raises(DomainError, match="分阶段整改的问题须列出阶段节点"):
        loop.task_assign(actor=world.supervisor, task_id=task.pk)
    staged = world.task(rectification_class="staged", milestones=[{"name": "制定方案", "due_on": later(10)}])
    assert loop.task_assign(actor=world.supervisor, task_id=staged.pk).state == TaskState.ASSIGNED
