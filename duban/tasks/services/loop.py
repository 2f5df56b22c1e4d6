"""The closed loop: each transition checks, changes and logs in one transaction."""
import datetime as dt

from django.db import transaction

from duban.core import clock
from duban.core.errors import DomainError
from duban.org.models import User
from duban.tasks.models import OPEN_STATES, Task, TaskState
from duban.tasks.services.closure_checks import require_closable
from duban.tasks.services.common import caps_for, record, require, require_future, require_state, require_text
from duban.tasks.services.evidence import check_files, store_files

S = TaskState


def _load(actor: User, task_id) -> tuple[Task, object]:
    task = (Task.objects.select_for_update().select_related("programme", "lead_unit")
            .filter(pk=task_id).first())
    if task is None:
        raise DomainError(f"事项 {task_id} 不存在")
    return task, caps_for(actor, task)


@transaction.atomic
def task_assign(*, actor: User, task_id) -> Task:
    task, caps = _load(actor, task_id)
    require(caps.supervise, "只有督查员可以交办事项")
    require_state(task, S.DRAFT, doing="交办")
    require_future(task.deadline, "完成时限")
    if task.programme.leader_review:
        require(task.responsible_leader_id is not None, "该项目要求领导审核，请先指定责任领导")
        task.state = S.REVIEW
        record(actor, "task.submitted_for_review", task, ["state"])
        return task
    task.state, task.assigned_on = S.ASSIGNED, clock.today()
    record(actor, "task.assigned", task, ["state", "assigned_on"])
    return task


@transaction.atomic
def task_review(*, actor: User, task_id, approve: bool, reason: str = "") -> Task:
    task, caps = _load(actor, task_id)
    require(caps.responsible, "只有责任领导可以审核该事项")
    require_state(task, S.REVIEW, doing="审核")
    if approve:
        task.state, task.assigned_on = S.ASSIGNED, clock.today()
        record(actor, "task.review_approved", task, ["state", "assigned_on"], {"comment": reason})
    else:
        task.state = S.DRAFT
        record(actor, "task.review_returned", task, ["state"], {"reason": require_text(reason, "退回理由")})
    return task


@transaction.atomic
def task_sign(*, actor: User, task_id) -> Task:
    task, caps = _load(actor, task_id)
    require(caps.lead, "只有牵头单位的联络员可以签收")
    require_state(task, S.ASSIGNED, doing="签收")
    task.state, task.signed_at = S.IN_PROGRESS, clock.now()
    record(actor, "task.signed", task, ["state", "signed_at"])
    return task


def _unit_of(actor: User, task: Task):
    from duban.tasks.access import memberships_of

    units = [m.unit for m in memberships_of(actor) if m.unit_id == task.lead_unit_id]
    return units[0] if units else next(m.unit for m in memberships_of(actor))


def _apply_actuals(task: Task, actuals: dict) -> dict:
    from decimal import Decimal, InvalidOperation

    targets = {t.metric: t for t in task.targets.all()}
    applied = {}
    for metric, value in (actuals or {}).items():
        target = targets.get(metric)
        if target is None:
            raise DomainError(f"事项没有指标「{metric}」，可选：{'、'.join(targets) or '无'}")
        try:
            target.actual_value = Decimal(str(value))
        except InvalidOperation:
            raise DomainError(f"指标「{metric}」的实际值「{value}」不是数字") from None
        applied[metric] = str(target.actual_value)
    for metric in applied:
        targets[metric].save(update_fields=["actual_value"])
    return applied


def _mark_milestones(task: Task, names) -> list[str]:
    open_ones = {m.name: m for m in task.milestones.filter(done_on__isnull=True)}
    for name in names or []:
        require(name in open_ones, f"没有未完成的节点「{name}」")
    for name in names or []:
        open_ones[name].done_on = clock.today()
        open_ones[name].save(update_fields=["done_on"])
    return list(names or [])


@transaction.atomic
def task_report(*, actor: User, task_id, text: str, percent: int, target_actuals: dict | None = None,
                milestones_done=None, evidence=()) -> Task:
    from duban.tasks.models import ProgressReport

    task, caps = _load(actor, task_id)
    require(caps.lead or caps.cooperate, "只有牵头或配合单位的联络员可以报送进展")
    require_state(task, S.IN_PROGRESS, doing="报送进展")
    text = require_text(text, "进展情况")
    if not isinstance(percent, int) or not 0 <= percent <= 100:
        raise DomainError(f"完成进度应为0到100之间的整数，收到「{percent}」", field="percent")
    check_files(evidence)
    actuals = _apply_actuals(task, target_actuals)
    done = _mark_milestones(task, milestones_done)
    report = ProgressReport.objects.create(
        task=task, author=actor, unit=_unit_of(actor, task), reported_on=clock.today(), created_at=clock.now(),
        text=text, percent=percent, target_actuals=actuals)
    files = store_files(actor=actor, task=task, files=evidence, report=report)
    fields = ["last_report_on"]
    task.last_report_on = clock.today()
    if caps.lead:
        task.percent = percent
        fields.append("percent")
    record(actor, "task.reported", task, fields, {
        "report": report.pk, "text": text, "percent": percent, "actuals": actuals, "milestones_done": done,
        "evidence": [[f.name, f.sha256] for f in files]})
    return task


@transaction.atomic
def task_request_closure(*, actor: User, task_id, text: str = "", evidence=()) -> Task:
    task, caps = _load(actor, task_id)
    require(caps.lead, "只有牵头单位的联络员可以申请销号")
    require_state(task, S.IN_PROGRESS, doing="申请销号")
    check_files(evidence)
    if not evidence and not task.evidence.exists():
        raise DomainError("申请销号须提供佐证材料，请先上传", field="evidence")
    files = store_files(actor=actor, task=task, files=evidence)
    task.state, task.closure_requested_on = S.CLOSURE_REQUESTED, clock.today()
    record(actor, "task.closure_requested", task, ["state", "closure_requested_on"],
           {"text": text, "evidence": [[f.name, f.sha256] for f in files]})
    return task


@transaction.atomic
def closure_approve(*, actor: User, task_id, comment: str = "") -> Task:
    task, caps = _load(actor, task_id)
    require(caps.supervise, "只有督查员可以审核销号")
    require_state(task, S.CLOSURE_REQUESTED, doing="审核销号")
    evidence = list(task.evidence.values_list("pk", "sha256"))
    require(bool(evidence), "该事项没有佐证材料，不能销号")
    require_closable(task)  # what the task's kind adds (e.g. the audit office's check)
    task.evidence.update(approved=True)
    today = clock.today()
    task.state, task.closed_on, task.percent = S.CLOSED, today, 100
    task.recheck_due_on = today + dt.timedelta(days=task.programme.recheck_after_days)
    record(actor, "task.closure_approved", task, ["state", "closed_on", "percent", "recheck_due_on"],
           {"comment": comment, "evidence_approved": [h for _, h in evidence], "recheck_due_on": task.recheck_due_on})
    return task


@transaction.atomic
def closure_reject(*, actor: User, task_id, reason: str) -> Task:
    task, caps = _load(actor, task_id)
    require(caps.supervise, "只有督查员可以退回销号申请")
    require_state(task, S.CLOSURE_REQUESTED, doing="退回")
    reason = require_text(reason, "退回理由")
    task.state, task.closure_requested_on = S.IN_PROGRESS, None
    record(actor, "task.closure_returned", task, ["state", "closure_requested_on"], {"reason": reason})
    return task


@transaction.atomic
def task_recheck(*, actor: User, task_id, consolidated: bool, comment: str = "",
                 new_deadline: dt.date | None = None) -> Task:
    task, caps = _load(actor, task_id)
    require(caps.supervise, "只有督查员可以开展回头看")
    require_state(task, S.CLOSED, doing="回头看")
    if consolidated:
        task.state = S.CONSOLIDATED
        record(actor, "task.recheck_consolidated", task, ["state"], {"comment": comment})
        return task
    comment = require_text(comment, "反弹情况")
    require(new_deadline is not None, "问题反弹须重新设定完成时限")
    require_future(new_deadline, "新的完成时限")
    task.state, task.deadline, task.closed_on, task.recheck_due_on = S.IN_PROGRESS, new_deadline, None, None
    task.reopen_count += 1
    task.evidence.update(approved=False)
    record(actor, "task.recheck_rebound", task,
           ["state", "deadline", "closed_on", "recheck_due_on", "reopen_count"],
           {"comment": comment, "new_deadline": new_deadline})
    return task


@transaction.atomic
def extension_request(*, actor: User, task_id, new_deadline: dt.date, reason: str):
    from duban.tasks.models import ExtensionRequest, ExtensionState

    task, caps = _load(actor, task_id)
    require(caps.lead, "只有牵头单位的联络员可以申请延期")
    require_state(task, S.ASSIGNED, S.IN_PROGRESS, doing="申请延期")
    reason = require_text(reason, "延期理由")
    require_future(new_deadline, "申请的完成时限")
    require(task.deadline is None or new_deadline > task.deadline,
            f"申请的完成时限 {new_deadline} 应晚于现在的 {task.deadline}")
    require(not task.extensions.filter(state=ExtensionState.PENDING).exists(), "已有一项延期申请待审批")
    ext = ExtensionRequest.objects.create(task=task, requested_by=actor, reason=reason, old_deadline=task.deadline,
                                          new_deadline=new_deadline, created_at=clock.now())
    record(actor, "task.extension_requested", task, [],
           {"extension": ext.pk, "new_deadline": new_deadline, "reason": reason})
    return task


@transaction.atomic
def extension_decide(*, actor: User, task_id, approve: bool, reason: str = "") -> Task:
    from duban.tasks.models import ExtensionState

    task, caps = _load(actor, task_id)
    require(caps.supervise, "只有督查员可以审批延期")
    ext = task.extensions.filter(state=ExtensionState.PENDING).first()
    require(ext is not None, "该事项没有待审批的延期申请")
    require(task.state in OPEN_STATES, "事项已结束，不能审批延期")
    ext.decided_by, ext.decision_reason = actor, reason
    if approve:
        ext.state = ExtensionState.APPROVED
        ext.save(update_fields=["state", "decided_by", "decision_reason"])
        old, task.deadline = task.deadline, ext.new_deadline
        record(actor, "task.extension_approved", task, ["deadline"],
               {"extension": ext.pk, "old_deadline": old, "new_deadline": ext.new_deadline, "comment": reason})
    else:
        ext.state = ExtensionState.REFUSED
        ext.decision_reason = require_text(reason, "不同意的理由")
        ext.save(update_fields=["state", "decided_by", "decision_reason"])
        record(actor, "task.extension_refused", task, [], {"extension": ext.pk, "reason": reason})
    return task


@transaction.atomic
def task_cancel(*, actor: User, task_id, reason: str) -> Task:
    task, caps = _load(actor, task_id)
    require(caps.supervise, "只有督查员可以撤销事项")
    require(task.state in OPEN_STATES, f"事项已「{task.get_state_display()}」，不能撤销")
    reason = require_text(reason, "撤销理由")
    task.state = S.CANCELLED
    record(actor, "task.cancelled", task, ["state"], {"reason": reason})
    return task


@transaction.atomic
def task_urge(*, actor: User, task_id, text: str = "") -> Task:
    task, caps = _load(actor, task_id)
    require(caps.supervise, "只有督查员可以催办")
    require(task.state in (S.ASSIGNED, S.IN_PROGRESS), f"事项「{task.get_state_display()}」，无需催办")
    record(actor, "task.urged", task, [], {"text": text or "请抓紧办理并按时报送进展"})
    return task


@transaction.atomic
def task_instruct(*, actor: User, task_id, text: str) -> Task:
    task, caps = _load(actor, task_id)
    require(caps.responsible, "只有责任领导可以批示")
    require(task.state != S.CANCELLED, "事项已撤销，不能批示")
    record(actor, "task.instructed", task, [], {"text": require_text(text, "批示内容")})
    return task
