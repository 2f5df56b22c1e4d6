"""What a closure must rest on, asked before the request and checked by the loop: evidence added
since the last return, and a stated reason for every target without an actual."""
from django.utils.translation import gettext

from duban.core.errors import DomainError
from duban.core.models import Event
from duban.tasks.models import Task


def _last_return(task: Task):
    return (Event.objects.filter(task_id=task.pk, action="task.closure_returned").order_by("-id")
            .values_list("at", "payload").first())


def last_evidence_id(task: Task) -> int:
    """The newest evidence a return has seen: what comes after it is new, whatever the clock says."""
    return task.evidence.order_by("-pk").values_list("pk", flat=True).first() or 0


def _new_since(task: Task, returned) -> bool:
    at, payload = returned
    if "last_evidence" in payload:
        return task.evidence.filter(pk__gt=payload["last_evidence"]).exists()
    return task.evidence.filter(uploaded_at__gt=at).exists()  # returns logged before the id was kept


def closure_gaps(task: Task, *, new_files: int = 0, reasons: dict | None = None) -> list[str]:
    """What is still missing for a closure request, in the words shown beside the button."""
    gaps = []
    returned = _last_return(task)
    if returned is not None:
        if not new_files and not _new_since(task, returned):
            gaps.append(gettext("上次退回后还没有补充新的佐证材料"))
    elif not new_files and not task.evidence.exists():
        gaps.append(gettext("还没有佐证材料"))
    reasons = reasons or {}
    for target in task.targets.all():
        if target.actual_value is None and not (reasons.get(target.metric) or "").strip():
            gaps.append(gettext("指标「%(metric)s」没有报送实际值，须说明原因") % {"metric": target.metric})
    return gaps


def check_closure_request(task: Task, *, files, reasons: dict | None) -> dict:
    """Refuse a request that rests on nothing new; returns the reasons kept for the event."""
    gaps = closure_gaps(task, new_files=len(files), reasons=reasons)
    if gaps:
        raise DomainError(gettext("申请销号须补齐：") + "；".join(gaps), field="evidence")
    return {metric: reason.strip() for metric, reason in (reasons or {}).items() if (reason or "").strip()}


def approved_percent(task: Task, percent: int | None) -> tuple[int, str]:
    """The progress a closed task keeps: what was reported, unless the approver sets it."""
    if percent is None:
        return task.percent, "reported"
    if not isinstance(percent, int) or not 0 <= percent <= 100:
        raise DomainError(gettext("完成进度应为0到100之间的整数，收到「%(value)s」") % {"value": percent}, field="percent")
    return percent, "set_by_approver"


def percent_before_closure(task: Task) -> int:
    """A reopened task's progress: the lead unit's last report, as it stood before closure."""
    last = task.reports.filter(unit_id=task.lead_unit_id).order_by("-created_at", "-pk").first()
    return last.percent if last else 0
