"""Placing a person who signed in through the district's directory (LDAP or OpenID Connect):
a unit and roles from the directory, written through the org services with their events."""
import logging
import secrets

from django.db import transaction

from duban.core.eventlog import append_event
from duban.org import services as org
from duban.org.models import Membership, Role, Unit, User

log = logging.getLogger("duban.sso")


def _unit(name: str | None) -> Unit | None:
    unit = Unit.objects.filter(name=name).first() or Unit.objects.filter(short_name=name).first() if name else None
    if unit is None:
        log.warning("sign-in refused: the directory names unit %r, which duban does not know", name)
    return unit


@transaction.atomic
def sso_user_place(*, user: User, unit_name: str | None, roles: list[str], source: str) -> User | None:
    """Adds the roles the directory gives in the unit it names; None (refused) if it names none we know.

    Roles are only added, never removed here: an admin removes them in 设置, and a directory outage
    cannot strip a district of its supervisors."""
    unit = _unit(unit_name)
    roles = [r for r in roles if r in Role.values]
    if unit is None or not roles:
        return None
    first = not user.memberships.exists()
    have = {(m.unit_id, m.role) for m in user.memberships.all()}
    for role in roles:
        if (unit.pk, role) in have:
            continue
        Membership.objects.create(user=user, unit=unit, role=role)
        append_event(actor=source, action="user.created" if first else "user.role_added",
                     payload={"username": user.username, "unit": unit.name, "role": role, "source": source})
        first = False
    if Role.ADMIN in roles and not user.is_superuser:
        user.is_superuser = user.is_staff = True
        user.save(update_fields=["is_superuser", "is_staff"])
    return user


@transaction.atomic
def sso_user_create(*, username: str, unit_name: str | None, role: str, display_name: str = "",
                    email: str = "", source: str) -> User | None:
    """A first sign-in allowed to create its account: in the unit the directory names, no password."""
    if _unit(unit_name) is None or role not in Role.values:
        return None
    user = org.user_create(actor=None, username=username, password=secrets.token_urlsafe(24),
                           unit=unit_name, role=role, display_name=display_name)
    user.email = email if email and "@" in email else ""
    user.set_unusable_password()  # signs in through the directory only, until an admin sets one
    user.save(update_fields=["email", "password"])
    return user
