"""The closed loop: each transition checks, changes and logs in one transaction.

Who may act, from which state and with what else in place is read from the transitions table by
`begin`; `finish` writes the table's event and state. What stays here is each action's own work.
"""
import datetime as dt

from django.db import transaction
from django.utils.translation import gettext

from duban.core import bounds, clock
from duban.core.errors import DomainError
from duban.org.models import User
from duban.tasks.access import memberships_of
from duban.tasks.kinds import kind_for
from duban.tasks.models import ExtensionRequest, ExtensionState, ProgressReport, Task
from duban.tasks.services.closure import (
    approved_percent,
    check_closure_request,
    last_evidence_id,
    percent_before_closure,
)
from duban.tasks.services.common import begin, finish, require, require_future, require_text
from duban.tasks.services.evidence import check_files, store_files
from duban.tasks.services.replanning import replan_milestones


@transaction.atomic
def task_assign(*, actor: User, task_id) -> Task:
    task, _caps, step = begin(actor, task_id, "assign")
    require_future(task.deadline, "完成时限")
    if task.programme.leader_review:
        require(task.responsible_leader_id is not None, gettext("该项目要求领导审核，请先指定责任领导"))
        finish(actor, step, task, [], outcome="to_review")
        return task
    task.assigned_on = clock.today()
    finish(actor, step, task, ["assigned_on"])
    return task


@transaction.atomic
def task_review(*, actor: User, task_id, approve: bool, reason: str = "") -> Task:
    task, _caps, step = begin(actor, task_id, "review", approve=approve)
    if approve:
        task.assigned_on = clock.today()
        finish(actor, step, task, ["assigned_on"], {"comment": reason})
    else:
        finish(actor, step, task, [], {"reason": require_text(reason, "退回理由")}, outcome="returned")
    return task


@transaction.atomic
def task_sign(*, actor: User, task_id) -> Task:
    task, _caps, step = begin(actor, task_id, "sign")
    task.signed_at = clock.now()
    finish(actor, step, task, ["signed_at"])
    return task


def _unit_of(actor: User, task: Task):
    units = [m.unit for m in memberships_of(actor) if m.unit_id == task.lead_unit_id]
    return units[0] if units else next(m.unit for m in memberships_of(actor))


def _apply_actuals(task: Task, actuals: dict) -> dict:
    targets = {t.metric: t for t in task.targets.all()}
    applied = {}
    for metric, value in (actuals or {}).items():
        target = targets.get(metric)
        if target is None:
            raise DomainError(gettext("事项没有指标「%(metric)s」，可选：%(choices)s") % {"metric": metric, "choices": '、'.join(targets) or gettext('无')})
        target.actual_value = bounds.check_number(value, gettext("指标「%(metric)s」的实际值") % {"metric": metric})
        applied[metric] = str(target.actual_value)
    for metric in applied:
        targets[metric].save(update_fields=["actual_value"])
    return applied


def _mark_milestones(task: Task, names) -> list[str]:
    open_ones = {m.name: m for m in task.milestones.filter(done_on__isnull=True)}
    for name in names or []:
        require(name in open_ones, gettext("没有未完成的节点「%(name)s」") % {"name": name})
    for name in names or []:
        open_ones[name].done_on = clock.today()
        open_ones[name].save(update_fields=["done_on"])
    return list(names or [])


@transaction.atomic
def task_report(*, actor: User, task_id, text: str, percent: int, target_actuals: dict | None = None,
                milestones_done=None, evidence=()) -> Task:
    task, caps, step = begin(actor, task_id, "report", percent=percent)
    text = require_text(text, "进展情况")
    if not isinstance(percent, int) or not 0 <= percent <= 100:
        raise DomainError(gettext("完成进度应为0到100之间的整数，收到「%(value)s」") % {"value": percent}, field="percent")
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
    finish(actor, step, task, fields, {
        "report": report.pk, "text": text, "percent": percent, "actuals": actuals, "milestones_done": done,
        "evidence": [[f.name, f.sha256] for f in files]})
    return task


def _closure_problems(task: Task) -> None:
    problems = kind_for(task.programme).closure_problems(task)
    if problems:
        raise DomainError("；".join(problems))


@transaction.atomic
def task_request_closure(*, actor: User, task_id, text: str = "", evidence=(),
                         target_reasons: dict | None = None) -> Task:
    task, _caps, step = begin(actor, task_id, "request_closure")
    check_files(evidence)
    reasons = check_closure_request(task, files=evidence, reasons=target_reasons)
    _closure_problems(task)
    files = store_files(actor=actor, task=task, files=evidence)
    task.closure_requested_on = clock.today()
    finish(actor, step, task, ["closure_requested_on"],
           {"text": text, "evidence": [[f.name, f.sha256] for f in files], "unmet_targets": reasons})
    return task


@transaction.atomic
def closure_approve(*, actor: User, task_id, comment: str = "", percent: int | None = None) -> Task:
    task, _caps, step = begin(actor, task_id, "approve")
    _closure_problems(task)
    evidence = list(task.evidence.values_list("pk", "sha256"))
    task.evidence.update(approved=True)
    today = clock.today()
    (task.percent, percent_from), task.closed_on = approved_percent(task, percent), today
    task.recheck_due_on = today + dt.timedelta(days=task.programme.recheck_after_days)
    finish(actor, step, task, ["closed_on", "percent", "recheck_due_on"],
           {"comment": comment, "evidence_approved": [h for _, h in evidence], "recheck_due_on": task.recheck_due_on,
            "percent": task.percent, "percent_from": percent_from})
    return task


@transaction.atomic
def closure_reject(*, actor: User, task_id, reason: str) -> Task:
    task, _caps, step = begin(actor, task_id, "return")
    reason = require_text(reason, "退回理由")
    task.closure_requested_on = None
    finish(actor, step, task, ["closure_requested_on"], {"reason": reason, "last_evidence": last_evidence_id(task)})
    return task


@transaction.atomic
def task_recheck(*, actor: User, task_id, consolidated: bool, comment: str = "",
                 new_deadline: dt.date | None = None) -> Task:
    task, _caps, step = begin(actor, task_id, "recheck", consolidated=consolidated)
    if consolidated:
        finish(actor, step, task, [], {"comment": comment})
        return task
    comment = require_text(comment, "反弹情况")
    require(new_deadline is not None, gettext("问题反弹须重新设定完成时限"))
    require_future(new_deadline, "新的完成时限")
    task.deadline, task.closed_on, task.recheck_due_on = new_deadline, None, None
    task.reopen_count, task.percent = task.reopen_count + 1, percent_before_closure(task)
    task.evidence.update(approved=False)
    finish(actor, step, task, ["deadline", "closed_on", "recheck_due_on", "reopen_count", "percent"],
           {"comment": comment, "new_deadline": new_deadline}, outcome="rebound")
    return task


@transaction.atomic
def extension_request(*, actor: User, task_id, new_deadline: dt.date, reason: str):
    task, _caps, step = begin(actor, task_id, "extend", new_deadline=new_deadline)
    reason = require_text(reason, "延期理由")
    require_future(new_deadline, "申请的完成时限")
    require(task.deadline is None or new_deadline > task.deadline,
            gettext("申请的完成时限 %(new)s 应晚于现在的 %(old)s") % {"new": new_deadline, "old": task.deadline})
    ext = ExtensionRequest.objects.create(task=task, requested_by=actor, reason=reason, old_deadline=task.deadline,
                                          new_deadline=new_deadline, created_at=clock.now())
    finish(actor, step, task, [], {"extension": ext.pk, "new_deadline": new_deadline, "reason": reason})
    return task


@transaction.atomic
def extension_decide(*, actor: User, task_id, approve: bool, reason: str = "") -> Task:
    task, _caps, step = begin(actor, task_id, "decide_extension", approve=approve)
    ext = task.extensions.filter(state=ExtensionState.PENDING).first()
    ext.decided_by, ext.decision_reason = actor, reason
    if approve:
        ext.state = ExtensionState.APPROVED
        ext.save(update_fields=["state", "decided_by", "decision_reason"])
        old, task.deadline = task.deadline, ext.new_deadline
        finish(actor, step, task, ["deadline"],
               {"extension": ext.pk, "old_deadline": old, "new_deadline": ext.new_deadline, "comment": reason,
                "milestones_moved": replan_milestones(task, old, ext.new_deadline)})
    else:
        ext.state = ExtensionState.REFUSED
        ext.decision_reason = require_text(reason, "不同意的理由")
        ext.save(update_fields=["state", "decided_by", "decision_reason"])
        finish(actor, step, task, [], {"extension": ext.pk, "reason": reason}, outcome="refused")
    return task


@transaction.atomic
def task_cancel(*, actor: User, task_id, reason: str) -> Task:
    task, _caps, step = begin(actor, task_id, "cancel")
    finish(actor, step, task, [], {"reason": require_text(reason, "撤销理由")})
    return task


@transaction.atomic
def task_urge(*, actor: User, task_id, text: str = "") -> Task:
    task, _caps, step = begin(actor, task_id, "urge")
    finish(actor, step, task, [], {"text": text or "请抓紧办理并按时报送进展"})
    return task


@transaction.atomic
def task_instruct(*, actor: User, task_id, text: str) -> Task:
    task, _caps, step = begin(actor, task_id, "instruct")
    finish(actor, step, task, [], {"text": require_text(text, "批示内容")})
    return task
