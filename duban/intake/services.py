"""Intake's writes: keep a reading for review, and confirm a proposal into draft tasks.

Tasks are created by `task_create`, one call per kept item, all in one transaction: a proposal
is confirmed whole or not at all, and a report is confirmed once.
"""
import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from duban.core import clock
from duban.core.errors import DomainError
from duban.core.eventlog import append_event
from duban.intake.models import IntakeDocument, IntakeTask
from duban.intake.proposals import FORMAT, proposal_hash
from duban.org.models import Unit, User
from duban.org.services import unit_by_name
from duban.tasks.access import supervises, supervises_anything
from duban.tasks.models import Programme
from duban.tasks.services import programme_by_name, task_create


def can_read_reports(user: User) -> bool:
    """Who may extract and propose: anyone holding a supervising role somewhere."""
    return user.is_authenticated and supervises_anything(user)


def require_reader(user: User) -> None:
    if not can_read_reports(user):
        raise DomainError("只有督查员或审计人员可以解析报道、确认拟办事项")


def may_confirm(user: User, programme: Programme, lead: Unit) -> bool:
    """Whoever supervises the programme's tasks led by `lead` (the one rule of tasks.access)."""
    return supervises(user, unit=lead, programme=programme)


@transaction.atomic
def document_create(*, actor: User, name: str, proposal: dict, extracted: dict) -> IntakeDocument:
    """Keep a reading for review in the web; nothing is created in the ledger yet."""
    require_reader(actor)
    return IntakeDocument.objects.create(
        name=name[:255], text=proposal["text"], published_on=_date(proposal.get("date"), "发布日期"),
        extracted=extracted, proposal=proposal, proposal_hash=proposal_hash(proposal), created_by=actor,
        created_at=clock.now())


def proposal_confirm(*, actor: User, proposal: dict, document: IntakeDocument | None = None) -> IntakeDocument:
    """Create one draft task per kept item, or nothing; the same reading is refused a second time."""
    require_reader(actor)
    if proposal.get("format") != FORMAT or not isinstance(proposal.get("tasks"), list):
        raise DomainError("这不是督办系统生成的拟办提议文件（缺少 format 或 tasks）")
    digest = proposal_hash(proposal)
    try:
        return _confirm(actor, proposal, digest, document)
    except IntegrityError:
        raise DomainError(_already(digest) or "该报道的拟办提议已被确认过，不能重复确认") from None


@transaction.atomic
def _confirm(actor: User, proposal: dict, digest: str, document: IntakeDocument | None) -> IntakeDocument:
    refusal = _already(digest)
    if refusal:
        raise DomainError(refusal)
    items = [t for t in proposal["tasks"] if t.get("keep", True)]
    if not items:
        raise DomainError("没有勾选任何拟办事项，未创建事项")
    checked = [_check(actor, proposal, item) for item in items]
    document = _confirmed_document(actor, proposal, digest, document)
    for item, (programme, lead) in zip(items, checked, strict=True):
        task = _create(actor, item, programme, lead)
        sentence = item.get("sentence") or {}
        IntakeTask.objects.create(document=document, task=task, item=int(item.get("item") or 0),
                                  start=sentence.get("start"), end=sentence.get("end"))
    append_event(actor=actor.username, action="intake.confirmed", payload={
        "document": document.pk, "name": document.name, "hash": digest,
        "tasks": list(document.links.values_list("task__code", flat=True))})
    return document


def _already(digest: str) -> str:
    done = IntakeDocument.objects.filter(proposal_hash=digest, confirmed_at__isnull=False).first()
    if done is None:
        return ""
    codes = list(done.links.values_list("task__code", flat=True))
    codes = "、".join(codes[:5]) + (f" 等{len(codes)}项" if len(codes) > 5 else "") if codes else "无"
    when = timezone.localtime(done.confirmed_at)
    return (f"该报道（{done.name}）的拟办提议已于 {when:%Y-%m-%d %H:%M} 由 {done.confirmed_by} 确认"
            f"（事项 {codes}），不能重复确认")


def _label(item: dict) -> str:
    return f"第{item.get('item', '?')}项「{item.get('title') or item.get('directive') or ''}」"


def _check(actor: User, proposal: dict, item: dict) -> tuple[Programme, Unit]:
    """Resolve one item's programme and lead unit and check the actor may assign it, or refuse naming it."""
    label = _label(item)
    lead_name = (item.get("lead_unit") or "").strip()
    if not lead_name:
        hint = "、".join(item.get("candidates") or [])
        raise DomainError(f"{label}没有牵头单位，请从单位目录中选定" + (f"（候选：{hint}）" if hint else ""))
    programme_name = (item.get("programme") or proposal.get("programme") or "").strip()
    if not programme_name:
        raise DomainError(f"{label}没有选定督办项目")
    try:
        programme = programme_by_name(programme_name)
        lead = unit_by_name(lead_name)
    except DomainError as exc:
        raise DomainError(f"{label}：{exc}") from None
    if not may_confirm(actor, programme, lead):
        raise DomainError(f"{label}：您无权向「{lead.name}」交办「{programme.name}」的事项")
    _date(item.get("deadline"), f"{label}的完成时限")
    return programme, lead


def _create(actor: User, item: dict, programme: Programme, lead: Unit):
    try:
        return task_create(actor=actor, title=item.get("title") or item.get("directive") or "",
                           programme=programme.name, lead_unit=lead.name,
                           deadline=_date(item.get("deadline"), "完成时限"), content=item.get("text") or "",
                           source_kind=item.get("source_kind") or "meeting", source_ref=item.get("source_ref") or "")
    except DomainError as exc:
        raise DomainError(f"{_label(item)}：{exc}") from None


def _confirmed_document(actor, proposal, digest, document) -> IntakeDocument:
    document = document or IntakeDocument(
        name=(proposal.get("name") or "拟办提议")[:255], text=proposal.get("text") or "",
        published_on=_date(proposal.get("date"), "发布日期"), created_by=actor, created_at=clock.now())
    document.proposal, document.proposal_hash = proposal, digest
    document.confirmed_by, document.confirmed_at = actor, clock.now()
    # Saved before the tasks so a second confirmation racing this one hits the unique constraint.
    document.save()
    return document


def _date(value, field: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise DomainError(f"{field}「{value}」应为 YYYY-MM-DD 格式的日期") from None
