"""Invitations: a new person sets a first password through a one-time link that expires.

The mail goes through the outbox in the import's own transaction, so a refused import sends
nothing and a delivered invitation always names a person who exists.
"""
import datetime as dt
import secrets

from django.conf import settings
from django.db import transaction

from duban.core import clock
from duban.core.errors import DomainError
from duban.core.eventlog import append_event
from duban.org.models import User
from duban.orgchart.models import Invitation
from duban.supervision.models import Channel, OutboxMessage


def invite_days() -> int:
    return int(getattr(settings, "DUBAN_INVITE_DAYS", 7))


def invitation_link(key: str) -> str:
    base = getattr(settings, "DUBAN_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
    return f"{base}/invite/{key}/"


def invitations_issue(users: list[User]) -> list[tuple[User, str]]:
    """An invitation and its mail for each user with an address; the caller's transaction holds them."""
    now, days = clock.now(), invite_days()
    issued, rows, mails = [], [], []
    for user in users:
        if not user.email:
            continue
        key = "inv_" + secrets.token_urlsafe(32)
        rows.append(Invitation(user=user, key_hash=Invitation.digest(key), created_at=now,
                               expires_at=now + dt.timedelta(days=days)))
        mails.append(OutboxMessage(
            key=f"invitation:{rows[-1].key_hash[:32]}:email", channel=Channel.EMAIL, recipient=user.email,
            title="督办系统账号开通", next_attempt_at=now, created_at=now,
            text=(f"{user.display_name or user.username}：您的督办系统账号「{user.username}」已开通。\n"
                  f"请在{days}天内打开以下链接设置密码（链接只能使用一次）：\n{invitation_link(key)}")))
        issued.append((user, key))
    Invitation.objects.bulk_create(rows)
    OutboxMessage.objects.bulk_create(mails)
    return issued


def invitation_for(key: str) -> Invitation:
    found = Invitation.objects.select_related("user").filter(key_hash=Invitation.digest(key or "")).first()
    if found is None or found.used_at is not None:
        raise DomainError("邀请链接无效或已使用；请联系管理员重新开通")
    if found.expires_at < clock.now():
        raise DomainError("邀请链接已过期；请联系管理员重新开通")
    if not found.user.is_active:
        raise DomainError("该账号已停用")
    return found


@transaction.atomic
def invitation_accept(*, key: str, password: str) -> User:
    """Set the first password; the link is spent in the same transaction."""
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    invitation = invitation_for(key)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.used_at is not None:  # a second tab raced the first
        raise DomainError("邀请链接无效或已使用；请联系管理员重新开通")
    user = invitation.user
    if len(password or "") < 8:
        raise DomainError("密码至少8位", field="password")
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError("；".join(exc.messages), field="password") from None
    user.set_password(password)
    user.save(update_fields=["password"])
    invitation.used_at = clock.now()
    invitation.save(update_fields=["used_at"])
    append_event(actor=user.username, action="user.invitation_accepted", payload={"username": user.username})
    return user
