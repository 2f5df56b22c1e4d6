"""The buttons of the task page: which actions a user may take now, and the service each one calls.

The rule of who may do what stays in the services; this only decides which buttons to show, from
the same capabilities and states, so a user is not offered what the service would refuse.
"""
import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from duban.core.errors import DomainError
from duban.tasks import services as svc
from duban.tasks.models import OPEN_STATES, TaskState
from duban.tasks.services.evidence import check_files

S = TaskState


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    fields: tuple = ()            # form fields: text, reason, comment, percent, date, files, decision
    confirm: str = ""             # irreversible: the browser asks before posting
    style: str = ""
    required: tuple = field(default=())


ACTIONS = {a.name: a for a in [
    Action("assign", _("交办")),
    Action("review", _("审核"), ("decision", "reason")),
    Action("sign", _("签收")),
    Action("report", _("报送进展"), ("text", "percent", "actuals", "milestones", "files"), required=("text",)),
    Action("request_closure", _("申请销号"), ("gaps", "text", "unmet", "files")),
    Action("approve", _("审核销号"), ("comment", "final_percent"), confirm=_("确认同意销号？销号后事项办结，不可撤回。")),
    Action("return", _("退回"), ("reason",), style="danger", required=("reason",)),
    Action("extend", _("申请延期"), ("date", "reason"), required=("date", "reason")),
    Action("decide_extension", _("审批延期"), ("decision", "reason")),
    Action("urge", _("催办"), ("text",)),
    Action("instruct", _("批示"), ("text",), required=("text",)),
    Action("recheck", _("回头看"), ("decision", "comment", "date")),
    Action("cancel", _("撤销事项"), ("reason",), confirm=_("确认撤销该事项？撤销后不可恢复。"), style="danger",
           required=("reason",)),
]}


def available_actions(task, caps, *, pending_extension=None) -> list[Action]:
    state = task.state
    allowed = {
        "assign": caps.supervise and state == S.DRAFT,
        "review": caps.responsible and state == S.REVIEW,
        "sign": caps.lead and state == S.ASSIGNED,
        "report": (caps.lead or caps.cooperate) and state == S.IN_PROGRESS,
        "request_closure": caps.lead and state == S.IN_PROGRESS,
        "approve": caps.supervise and state == S.CLOSURE_REQUESTED,
        "return": caps.supervise and state == S.CLOSURE_REQUESTED,
        "extend": caps.lead and state in (S.ASSIGNED, S.IN_PROGRESS) and pending_extension is None,
        "decide_extension": caps.supervise and pending_extension is not None and state in OPEN_STATES,
        "urge": caps.supervise and state in (S.ASSIGNED, S.IN_PROGRESS),
        "instruct": caps.responsible and state != S.CANCELLED,
        "recheck": caps.supervise and state == S.CLOSED,
        "cancel": caps.supervise and state in OPEN_STATES,
    }
    return [ACTIONS[name] for name, ok in allowed.items() if ok]


def _date(value: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise DomainError(f"「{value}」不是日期，请按 年-月-日 填写") from None


def _percent(value: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise DomainError("完成进度应为0到100之间的整数", field="percent") from None


def _paired(post, prefix: str) -> dict:
    """Per-target inputs (`actual_metric`/`actual_value`, `unmet_metric`/`unmet_value`); blanks dropped."""
    pairs = zip(post.getlist(f"{prefix}_metric"), post.getlist(f"{prefix}_value"), strict=False)
    return {metric: value.strip() for metric, value in pairs if value.strip()}


def _yes(post) -> bool:
    return post.get("decision") == "yes"


def perform(name: str, *, actor, task_id, post, files) -> str:
    """Call the one service behind a button; returns the message to show on success."""
    uploads = files.getlist("files")
    check_files(uploads)
    calls = {
        "assign": lambda: svc.task_assign(actor=actor, task_id=task_id),
        "review": lambda: svc.task_review(actor=actor, task_id=task_id, approve=_yes(post), reason=post.get("reason", "")),
        "sign": lambda: svc.task_sign(actor=actor, task_id=task_id),
        "report": lambda: svc.task_report(actor=actor, task_id=task_id, text=post.get("text", ""),
                                          percent=_percent(post.get("percent")), target_actuals=_paired(post, "actual"),
                                          milestones_done=post.getlist("milestones"), evidence=uploads),
        "request_closure": lambda: svc.task_request_closure(actor=actor, task_id=task_id, text=post.get("text", ""),
                                                            evidence=uploads, target_reasons=_paired(post, "unmet")),
        "approve": lambda: svc.closure_approve(actor=actor, task_id=task_id, comment=post.get("comment", ""),
                                               percent=_percent(post["percent"]) if post.get("percent") else None),
        "return": lambda: svc.closure_reject(actor=actor, task_id=task_id, reason=post.get("reason", "")),
        "extend": lambda: svc.extension_request(actor=actor, task_id=task_id, new_deadline=_required_date(post),
                                                reason=post.get("reason", "")),
        "decide_extension": lambda: svc.extension_decide(actor=actor, task_id=task_id, approve=_yes(post),
                                                         reason=post.get("reason", "")),
        "urge": lambda: svc.task_urge(actor=actor, task_id=task_id, text=post.get("text", "")),
        "instruct": lambda: svc.task_instruct(actor=actor, task_id=task_id, text=post.get("text", "")),
        "recheck": lambda: svc.task_recheck(actor=actor, task_id=task_id, consolidated=_yes(post),
                                            comment=post.get("comment", ""), new_deadline=_date(post.get("date", ""))),
        "cancel": lambda: svc.task_cancel(actor=actor, task_id=task_id, reason=post.get("reason", "")),
    }
    calls[name]()
    return f"已{ACTIONS[name].label}"


def _required_date(post) -> dt.date:
    day = _date(post.get("date", ""))
    if day is None:
        raise DomainError("请填写「新的完成时限」", field="date")
    return day
