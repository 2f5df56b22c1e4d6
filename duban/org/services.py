"""Units and users: the directory every other part resolves names against."""
from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from duban.core.errors import DomainError, NotFound
from duban.core.eventlog import append_event
from duban.core.prepared import ObjectsQuery
from duban.org.models import Membership, Role, Unit, UnitKind, User

# Every task created or changed by its units' names asks: built once per process (core.prepared).
_UNIT_NAMED = ObjectsQuery(lambda name: Unit.objects.filter(name=name), stand_in="stand-in: no unit's name")


def unit_by_name(name: str) -> Unit:
    unit = _UNIT_NAMED.first(name) or Unit.objects.filter(short_name=name).first()  # names are unique
    if unit is None:
        hint = nearest_unit_names(name)
        suffix = gettext("，是否指「%(name)s」?") % {"name": hint[0]} if hint else ""
        raise NotFound(gettext("没有名为「%(name)s」的单位") % {"name": name} + suffix)
    return unit


def nearest_unit_names(name: str, limit: int = 3) -> list[str]:
    import difflib

    names = list(Unit.objects.values_list("name", flat=True))
    return difflib.get_close_matches(name, names, n=limit, cutoff=0.4)


def user_by_username(username: str) -> User:
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise NotFound(gettext("没有用户「%(name)s」") % {"name": username})
    return user


def is_admin(user: User) -> bool:
    """A signed-in administrator of some unit. (The installer's `None` at the command line is not a
    user: `require_admin` lets it through, a page never sees it.) What they may administer is their
    units' subtrees: see `admin_paths`."""
    return bool(admin_paths(user))


def admin_paths(user: User) -> list[str]:
    """The subtrees a user administers: a street's administrator keeps the street, not the district."""
    if not user.is_authenticated:
        return []
    return [m.unit.path for m in _memberships(user) if m.role == Role.ADMIN]


def is_global_admin(user: User) -> bool:
    """Administrator of a top unit: keeps what belongs to the whole installation (holidays, rules)."""
    return any(path.count("/") == 2 for path in admin_paths(user))


def administers_unit(actor: User | None, unit: Unit) -> bool:
    return actor is None or any(unit.path.startswith(path) for path in admin_paths(actor))


def administers_user(actor: User | None, user: User) -> bool:
    """Every role the user holds lies in the actor's subtrees: nobody manages someone above them."""
    return actor is None or all(administers_unit(actor, m.unit) for m in user.memberships.select_related("unit"))


def require_global_admin(actor: User | None, message: str) -> None:
    if actor is not None and not is_global_admin(actor):
        raise DomainError(gettext(message))


def _unit_in_reach(actor: User | None, name: str) -> Unit:
    """A unit the actor administers; one outside reads as missing, as tasks out of reach do."""
    unit = unit_by_name(name)
    if not administers_unit(actor, unit):
        raise NotFound(gettext("没有名为「%(name)s」的单位") % {"name": name})
    return unit


def _user_in_reach(actor: User | None, user: User) -> User:
    if not administers_user(actor, user):
        raise NotFound(gettext("没有用户「%(name)s」") % {"name": user.username})
    return user


def _memberships(user: User):
    from duban.org.selectors import memberships_of

    return memberships_of(user)


def require_admin(actor: User | None, message: str = gettext_noop("只有管理员可以维护单位和用户")) -> None:
    # actor None is the installer itself (init, demo): the command line run by the machine's owner.
    if actor is not None and not is_admin(actor):
        raise DomainError(gettext(message))


@transaction.atomic
def unit_create(*, actor: User | None, name: str, kind: str = UnitKind.DEPARTMENT,
                parent: str | None = None, short_name: str = "") -> Unit:
    require_admin(actor)
    name = name.strip()
    if not name:
        raise DomainError(gettext("单位名称不能为空"), field="name")
    if Unit.objects.filter(name=name).exists():
        raise DomainError(gettext("单位「%(name)s」已存在") % {"name": name}, field="name")
    if kind not in UnitKind.values:
        raise DomainError(gettext("单位类型「%(kind)s」无效，可选：%(choices)s") % {"kind": kind, "choices": '、'.join(UnitKind.values)}, field="kind")
    if not parent and actor is not None and not is_global_admin(actor):
        raise DomainError(gettext("请选择上级单位：只能在自己管理的单位下新增单位"), field="parent")
    parent_unit = _unit_in_reach(actor, parent) if parent else None
    unit = Unit.objects.create(name=name, short_name=short_name, kind=kind, parent=parent_unit)
    unit.path = f"{parent_unit.path if parent_unit else '/'}{unit.pk}/"
    unit.save(update_fields=["path"])
    append_event(actor=actor.username if actor else "system", action="unit.created",
                 payload={"unit": name, "parent": parent, "kind": kind})
    return unit


@transaction.atomic
def user_create(*, actor: User | None, username: str, password: str, unit: str, role: str,
                display_name: str = "", title: str = "") -> User:
    require_admin(actor)
    if role not in Role.values:
        raise DomainError(gettext("角色「%(role)s」无效，可选：%(choices)s") % {"role": role, "choices": '、'.join(Role.values)}, field="role")
    if User.objects.filter(username=username).exists():
        raise DomainError(gettext("用户名「%(name)s」已被使用") % {"name": username}, field="username")
    check_password(password, User(username=username, display_name=display_name))
    home = _unit_in_reach(actor, unit)
    user = User.objects.create_user(username=username, password=password, display_name=display_name,
                                    title=title, is_superuser=(role == Role.ADMIN), is_staff=(role == Role.ADMIN))
    Membership.objects.create(user=user, unit=home, role=role)
    append_event(actor=actor.username if actor else "system", action="user.created",
                 payload={"username": username, "unit": home.name, "role": role})
    return user


@transaction.atomic
def membership_add(*, actor: User | None, username: str, unit: str, role: str) -> Membership:
    require_admin(actor)
    if role not in Role.values:
        raise DomainError(gettext("角色「%(role)s」无效") % {"role": role}, field="role")
    user = _user_in_reach(actor, user_by_username(username))
    home = _unit_in_reach(actor, unit)
    membership, _ = Membership.objects.get_or_create(user=user, unit=home, role=role)
    append_event(actor=actor.username if actor else "system", action="user.role_added",
                 payload={"username": username, "unit": home.name, "role": role})
    return membership



def _actor_name(actor: User | None) -> str:
    return actor.username if actor else "system"


def _user_for_update(actor: User | None, username: str) -> User:
    """A user by name, active or not, locked for the change (settings may edit a stopped account),
    and within the actor's reach."""
    user = User.objects.select_for_update().filter(username=username).first()
    if user is None:
        raise NotFound(gettext("没有用户「%(name)s」") % {"name": username})
    return _user_in_reach(actor, user)


def _valid_email(email: str) -> str:
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise DomainError(gettext("「%(email)s」不是有效的电子邮件地址") % {"email": email}, field="email") from None
    return email


@transaction.atomic
def user_update(*, actor: User | None, username: str, email: str | None = None,
                display_name: str | None = None, title: str | None = None) -> User:
    """Change a user's name, title or e-mail address (mail notifications need the address)."""
    require_admin(actor)
    user = _user_for_update(actor, username)
    wanted = {"email": _valid_email(email) if email is not None else None,
              "display_name": display_name.strip() if display_name is not None else None,
              "title": title.strip() if title is not None else None}
    changed = {k: [getattr(user, k), v] for k, v in wanted.items() if v is not None and getattr(user, k) != v}
    if not changed:
        return user
    for field, (_old, new) in changed.items():
        setattr(user, field, new)
    user.save(update_fields=list(changed))
    append_event(actor=_actor_name(actor), action="user.updated", payload={"username": username, "changed": changed})
    return user


@transaction.atomic
def user_set_password(*, actor: User | None, username: str, password: str) -> User:
    """An administrator's reset; it also lifts a sign-in lock, the usual reason for the call."""
    require_admin(actor)
    user = _user_for_update(actor, username)
    check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    _clear_lockouts(username)
    revoke_tokens(user)  # a reset usually means the old secret leaked: scripts holding tokens stop too
    append_event(actor=_actor_name(actor), action="user.password_reset", payload={"username": username})
    return user


def check_password(password: str, user: User) -> None:
    """Django's validators (settings.AUTH_PASSWORD_VALIDATORS), said in one Chinese sentence."""
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    if len(password or "") < 10:
        raise DomainError(gettext("密码至少10位"), field="password")
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError("；".join(exc.messages), field="password") from None


def revoke_tokens(user: User) -> int:
    """Every API token and calendar-feed address of the user stops working; returns how many. The
    layers that issue them (api, supervision) revoke their own on this signal."""
    from duban.org.signals import revoke_credentials

    return sum(count or 0 for _receiver, count in revoke_credentials.send(sender=User, user=user))


def _clear_lockouts(username: str) -> int:
    # The sign-in lock is the web's; the directory only asks for it to be lifted.
    from duban.org.signals import lift_sign_in_locks

    return sum(lifted or 0 for _receiver, lifted in lift_sign_in_locks.send(sender=User, username=username))


@transaction.atomic
def user_unlock(*, actor: User | None, username: str) -> int:
    """Lift the sign-in lock after repeated wrong passwords before it runs out; returns locks lifted."""
    require_admin(actor)
    _user_for_update(actor, username)
    lifted = _clear_lockouts(username)
    append_event(actor=_actor_name(actor), action="user.unlocked", payload={"username": username, "locks": lifted})
    return lifted


@transaction.atomic
def user_revoke_tokens(*, actor: User | None, username: str) -> int:
    """Stop every API token and calendar address of a user, e.g. after a laptop is lost."""
    require_admin(actor)
    user = _user_for_update(actor, username)
    count = revoke_tokens(user)
    append_event(actor=_actor_name(actor), action="user.tokens_revoked", payload={"username": username, "count": count})
    return count


@transaction.atomic
def user_deactivate(*, actor: User | None, username: str) -> User:
    """Stop an account: it can no longer sign in or receive notices; its history stays."""
    require_admin(actor)
    user = _user_for_update(actor, username)
    if actor is not None and actor.pk == user.pk:
        raise DomainError(gettext("不能停用自己的账号"), field="username")
    if not user.is_active:
        raise DomainError(gettext("用户「%(name)s」已停用") % {"name": username}, field="username")
    user.is_active = False
    user.save(update_fields=["is_active"])
    revoke_tokens(user)
    append_event(actor=_actor_name(actor), action="user.deactivated", payload={"username": username})
    return user


@transaction.atomic
def membership_remove(*, actor: User | None, username: str, unit: str, role: str) -> None:
    require_admin(actor)
    user, home = _user_for_update(actor, username), _unit_in_reach(actor, unit)
    membership = Membership.objects.filter(user=user, unit=home, role=role).first()
    if membership is None:
        raise DomainError(gettext("「%(name)s」在「%(unit)s」没有「%(role)s」角色") % {"name": username, "unit": home.name, "role": gettext(_role_label(role))}, field="role")
    if role == Role.ADMIN and not Membership.objects.filter(role=Role.ADMIN).exclude(pk=membership.pk).exists():
        raise DomainError(gettext("这是最后一个管理员角色，不能删除"), field="role")
    membership.delete()
    if role == Role.ADMIN and not user.memberships.filter(role=Role.ADMIN).exists():
        user.is_superuser = user.is_staff = False
        user.save(update_fields=["is_superuser", "is_staff"])
    append_event(actor=_actor_name(actor), action="user.role_removed",
                 payload={"username": username, "unit": home.name, "role": role})


def _role_label(role: str) -> str:
    return dict(Role.choices).get(role, role)
