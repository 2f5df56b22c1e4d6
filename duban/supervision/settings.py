"""What an office edits about supervision: the assessment rules and the chat-robot webhooks.

Rules are the administrator's; a webhook belongs to a unit or a programme, so a supervisor may
keep the robots of the units and programmes in their jurisdiction.
"""
import urllib.parse

from django.db import transaction
from django.db.models import Q, QuerySet

from duban.core import clock
from duban.core.errors import DomainError, NotFound
from duban.core.eventlog import append_event
from duban.org.models import Unit, User
from duban.org.services import admin_paths, administers_unit, is_global_admin, unit_by_name
from duban.supervision.addresses import check_public
from duban.supervision.models import AssessmentRule, Channel, OutboxMessage, Webhook, WebhookKind
from duban.tasks.access import (
    keeps_programme,
    supervised_q,
    supervises_anything,
    supervising_scopes,
)
from duban.tasks.models import Programme


@transaction.atomic
def rule_update(*, actor: User, code: str, points: int | None = None, active: bool | None = None) -> AssessmentRule:
    if not is_global_admin(actor):
        raise DomainError("只有管理员可以修改考核规则（须为最上级单位的管理员）")
    rule = AssessmentRule.objects.select_for_update().filter(code=code).first()
    if rule is None:
        raise NotFound(f"没有考核规则「{code}」")
    wanted = {"points": _points(points) if points is not None else None, "active": active}
    changed = {k: [getattr(rule, k), v] for k, v in wanted.items() if v is not None and getattr(rule, k) != v}
    if not changed:
        return rule
    for field, (_old, new) in changed.items():
        setattr(rule, field, new)
    rule.save(update_fields=list(changed))
    append_event(actor=actor.username, action="assessment.rule_updated",
                 payload={"code": code, "name": rule.name, "changed": changed})
    return rule


def _points(value) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise DomainError(f"「分值」应为整数，收到「{value}」", field="points") from None
    if not -100 <= number <= 1000:
        raise DomainError(f"「分值」应在 -100 到 1000 之间，收到 {number}", field="points")
    return number


def _under(field: str, paths: list[str]) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def keeps_units(user: User) -> bool:
    """Whether the user keeps settings of some units: their programmes and robots."""
    return is_global_admin(user) or supervises_anything(user) or bool(admin_paths(user))


def units_kept_by(user: User) -> QuerySet[Unit]:
    if is_global_admin(user):
        return Unit.objects.all()
    return Unit.objects.filter(supervised_q(user, "path") | _under("path", admin_paths(user)))


def programmes_kept_by(user: User) -> QuerySet[Programme]:
    programmes = Programme.objects.select_related("owner_unit")
    if is_global_admin(user):
        return programmes
    return programmes.filter(supervised_q(user, "owner_unit__path", "kind") | _under("owner_unit__path", admin_paths(user)))


def webhooks_visible_to(user: User) -> QuerySet[Webhook]:
    """The robots a user may keep: all for an administrator, else those of their jurisdiction."""
    hooks = Webhook.objects.select_related("unit", "programme").order_by("pk")
    if is_global_admin(user):
        return hooks
    return hooks.filter(supervised_q(user, "unit__path")
                        | supervised_q(user, "programme__owner_unit__path", "programme__kind"))


def _may_keep(user: User, unit: Unit | None, programme: Programme | None) -> bool:
    if is_global_admin(user):
        return True
    if programme is not None:
        return keeps_programme(user, programme)
    return any(path is not None and unit.path.startswith(path) for path, _kinds in supervising_scopes(user)) \
        or any(unit.path.startswith(path) for path in admin_paths(user))


def masked_url(url: str) -> str:
    """The robot's address without its token, fit for the permanent log and the page."""
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}" + ("?…" if parts.query else "")


def _target(unit: str, programme: str) -> tuple[Unit | None, Programme | None]:
    if bool(unit) == bool(programme):
        raise DomainError("请选择一个单位或一个督办项目（二选一）", field="unit")
    if unit:
        return unit_by_name(unit), None
    found = Programme.objects.select_related("owner_unit").filter(name=programme).first()
    if found is None:
        raise DomainError(f"没有名为「{programme}」的督办项目", field="programme")
    return None, found


def _valid_url(url: str) -> str:
    url = (url or "").strip()
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise DomainError("机器人地址应以 https:// 开头", field="url")
    if len(url) > 500:
        raise DomainError("机器人地址超过500个字符", field="url")
    check_public(url)
    return url


@transaction.atomic
def webhook_save(*, actor: User, kind: str, url: str, unit: str = "", programme: str = "",
                 secret: str | None = None, active: bool = True, webhook_id: int | None = None) -> Webhook:
    """Add a robot, or change one (`webhook_id`); a secret of None keeps the one stored."""
    if kind not in WebhookKind.values:
        raise DomainError(f"机器人类型「{kind}」无效，可选：钉钉、企业微信", field="kind")
    url = _valid_url(url)
    target_unit, target_programme = _target(unit, programme)
    if not _may_keep(actor, target_unit, target_programme):
        raise DomainError(f"您无权为「{target_unit or target_programme}」设置消息推送", field="unit")
    hook = _hook_for_update(actor, webhook_id) if webhook_id else Webhook()
    if hook.url != url and not administers_unit(actor, target_unit or target_programme.owner_unit):
        # Whoever sets the address decides where the server posts: the unit's administrator alone.
        raise DomainError("只有管理员可以设置机器人地址", field="url")
    hook.kind, hook.url, hook.active = kind, url, active
    hook.unit, hook.programme = target_unit, target_programme
    if secret is not None:
        hook.secret = secret.strip()
    hook.save()
    append_event(actor=actor.username, action="webhook.saved", payload={
        "webhook": hook.pk, "kind": kind, "url": masked_url(url), "unit": target_unit.name if target_unit else None,
        "programme": target_programme.name if target_programme else None, "active": active,
        "signed": bool(hook.secret), "new": not webhook_id})
    return hook


def _hook_for_update(actor: User, webhook_id) -> Webhook:
    try:
        pk = int(webhook_id)
    except (TypeError, ValueError):
        raise NotFound(f"消息推送 {webhook_id} 不存在") from None
    hook = webhooks_visible_to(actor).select_for_update(of=("self",)).filter(pk=pk).first()
    if hook is None:
        raise NotFound(f"消息推送 {webhook_id} 不存在")
    return hook


@transaction.atomic
def webhook_delete(*, actor: User, webhook_id: int) -> None:
    hook = _hook_for_update(actor, webhook_id)
    append_event(actor=actor.username, action="webhook.deleted",
                 payload={"webhook": hook.pk, "kind": hook.kind, "url": masked_url(hook.url)})
    hook.delete()


@transaction.atomic
def webhook_test(*, actor: User, webhook_id: int) -> OutboxMessage:
    """Put a test message in the outbox; the worker delivers it like any other."""
    hook = _hook_for_update(actor, webhook_id)
    now = clock.now()
    channel = Channel.DINGTALK if hook.kind == WebhookKind.DINGTALK else Channel.WECOM
    target = hook.unit or hook.programme
    message = OutboxMessage.objects.create(
        key=f"test:{hook.pk}:{now.isoformat()}", channel=channel, recipient=str(hook.pk),
        title="督办系统测试消息", text=f"这是「{target}」的消息推送测试，由 {actor} 于 {now:%Y-%m-%d %H:%M} 发送。",
        next_attempt_at=now, created_at=now)
    append_event(actor=actor.username, action="webhook.tested", payload={"webhook": hook.pk, "message": message.pk})
    return message
