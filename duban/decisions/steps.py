"""The statutory steps of a decision as gates: a required step cannot be skipped, public comment
runs at least the programme's minimum (30 days) unless a reason is recorded, and the collective
decision comes only after the legality review and every other required step."""
import datetime as dt
import hashlib
import os
import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext

from duban.core import clock
from duban.core.errors import DomainError, NotFound
from duban.core.eventlog import append_event
from duban.decisions.models import Decision, DecisionStep, StepDocument
from duban.decisions.services import COLLECTIVE, LEGALITY, PUBLIC, _pk, step_code
from duban.org.models import User
from duban.tasks.access import access_task, supervises_programme
from duban.tasks.kinds.decision import STEP_LABELS
from duban.tasks.programme_settings import DEFAULTS
from duban.tasks.services.evidence import check_files


def decision_for(user: User, decision_id) -> Decision:
    """A decision its catalogue's keepers see, and once started whoever sees its task."""
    decision = (Decision.objects.select_related("catalogue__programme__owner_unit", "unit", "task")
                .filter(pk=_pk(decision_id)).first())
    if decision is None or not user.is_authenticated:
        raise NotFound(gettext("决策事项 %(id)s 不存在") % {"id": decision_id})
    if supervises_programme(user, decision.catalogue.programme):
        return decision
    if decision.task_id:
        access_task(user, decision.task_id)  # NotFound when out of reach
        return decision
    raise NotFound(gettext("决策事项 %(id)s 不存在") % {"id": decision_id})


def _for_step(actor: User, decision_id, code: str) -> tuple[Decision, DecisionStep]:
    decision = decision_for(actor, decision_id)
    if decision.task_id is None:
        raise DomainError(gettext("目录审定后，决策事项才进入法定程序"))
    _task, caps = access_task(actor, decision.task_id, for_write=True)
    if not (caps.lead or caps.supervise):
        raise DomainError(gettext("法定程序由承办单位或督查人员登记"))
    step = DecisionStep.objects.select_for_update().get(decision=decision, step=code)
    if step.done_on:
        raise DomainError(gettext("「%(step)s」已于%(day)s完成") % {"step": gettext(STEP_LABELS[code]), "day": step.done_on})
    return decision, step


def _comment_period(decision, comment_from, comment_to, short_reason) -> None:
    if not (comment_from and comment_to) or comment_to < comment_from:
        raise DomainError(gettext("请填写公开征求意见的起止日期"), field="comment_from")
    minimum = int({**DEFAULTS, **(decision.catalogue.programme.settings or {})}["comment_days_min"])
    days = (comment_to - comment_from).days + 1
    if days < minimum and not (short_reason or "").strip():
        raise DomainError(gettext("公开征求意见期限为%(days)s日，一般不少于%(minimum)s日；确需缩短的，请说明理由") % {"days": days, "minimum": minimum},
                          field="short_reason")


def _before_collective(decision) -> None:
    undone = {s.step for s in decision.steps.all() if s.required and not s.done_on and s.step != COLLECTIVE}
    if LEGALITY in undone:
        raise DomainError(gettext("合法性审查尚未完成，不得提交集体讨论决定"))
    if undone:
        labels = [gettext(STEP_LABELS[code]) for code in STEP_LABELS if code in undone]
        raise DomainError(gettext("以下法定程序尚未完成，不得提交集体讨论决定：%(steps)s") % {"steps": '、'.join(labels)})


@transaction.atomic
def step_done(*, actor: User, decision_id, step: str, done_on: dt.date | None = None, note: str = "",
              comment_from: dt.date | None = None, comment_to: dt.date | None = None, short_reason: str = "",
              documents=()) -> DecisionStep:
    code = step_code(step)
    decision, row = _for_step(actor, decision_id, code)
    done_on = done_on or clock.today()
    if done_on > clock.today():
        raise DomainError(gettext("完成日期不能晚于今天"), field="done_on")
    if code == PUBLIC:
        _comment_period(decision, comment_from, comment_to, short_reason)
    if code == COLLECTIVE:
        _before_collective(decision)
    check_files(documents)
    row.done_on, row.done_by, row.note = done_on, actor.username, (note or "").strip()[:500]
    row.comment_from, row.comment_to, row.short_reason = comment_from, comment_to, (short_reason or "").strip()[:500]
    row.save()
    stored = _store(actor, row, documents)
    append_event(actor=actor.username, action="decision.step_done", task=decision.task, payload={
        "decision": decision.pk, "step": code, "done_on": done_on.isoformat(), "note": row.note,
        "short_reason": row.short_reason, "documents": [[d.name, d.sha256] for d in stored]})
    return row


@transaction.atomic
def step_skip(*, actor: User, decision_id, step: str, reason: str) -> DecisionStep:
    """Record that an optional step does not apply; a required one is refused."""
    code = step_code(step)
    _decision, row = _for_step(actor, decision_id, code)
    if row.required:
        raise DomainError(gettext("「%(step)s」是本决策事项的必经程序，不能跳过") % {"step": gettext(STEP_LABELS[code])})
    if not (reason or "").strip():
        raise DomainError(gettext("请说明不适用的理由"), field="reason")
    row.note = f"不适用：{reason.strip()}"[:500]
    row.save(update_fields=["note"])
    append_event(actor=actor.username, action="decision.step_skipped", task=row.decision.task,
                 payload={"decision": row.decision_id, "step": code, "reason": reason.strip()})
    return row


def _store(actor: User, step: DecisionStep, files) -> list[StepDocument]:
    folder = Path(settings.MEDIA_ROOT) / "decisions" / str(step.decision_id)
    folder.mkdir(parents=True, exist_ok=True)
    stored = []
    for f in files:
        target = folder / f"{uuid.uuid4().hex}{os.path.splitext(f.name)[1].lower()}"
        digest, size = hashlib.sha256(), 0
        with target.open("wb") as out:
            for chunk in f.chunks():
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
        stored.append(StepDocument.objects.create(
            step=step, name=os.path.basename(f.name)[:255], stored_path=str(target.relative_to(settings.MEDIA_ROOT)),
            size=size, sha256=digest.hexdigest(), uploaded_by=actor, uploaded_at=clock.now()))
    return stored


def document_path(document: StepDocument) -> Path:
    return Path(settings.MEDIA_ROOT) / document.stored_path
