"""Units and users: the directory every other part resolves names against."""
from django.db import transaction

from duban.core.errors import DomainError, NotFound
from duban.core.eventlog import append_event
from duban.org.models import Membership, Role, Unit, UnitKind, User


def unit_by_name(name: str) -> Unit:
    unit = Unit.objects.filter(name=name).first() or Unit.objects.filter(short_name=name).first()
    if unit is None:
        hint = nearest_unit_names(name)
        suffix = f"，是否指「{hint[0]}」?" if hint else ""
        raise NotFound(f"没有名为「{name}」的单位{suffix}")
    return unit


def nearest_unit_names(name: str, limit: int = 3) -> list[str]:
    import difflib

    names = list(Unit.objects.values_list("name", flat=True))
    return difflib.get_close_matches(name, names, n=limit, cutoff=0.4)


def user_by_username(username: str) -> User:
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise NotFound(f"没有用户「{username}」")
    return user


def _is_admin(actor: User | None) -> bool:
    return actor is None or actor.is_superuser or actor.memberships.filter(role=Role.ADMIN).exists()


def _require_admin(actor: User | None) -> None:
    # actor None is the installer itself (init, demo): the command line run by the machine's owner.
    if not _is_admin(actor):
        raise DomainError("只有管理员可以维护单位和用户")


@transaction.atomic
def unit_create(*, actor: User | None, name: str, kind: str = UnitKind.DEPARTMENT,
                parent: str | None = None, short_name: str = "") -> Unit:
    _require_admin(actor)
    name = name.strip()
    if not name:
        raise DomainError("单位名称不能为空", field="name")
    if Unit.objects.filter(name=name).exists():
        raise DomainError(f"单位「{name}」已存在", field="name")
    if kind not in UnitKind.values:
        raise DomainError(f"单位类型「{kind}」无效，可选：{'、'.join(UnitKind.values)}", field="kind")
    parent_unit = unit_by_name(parent) if parent else None
    unit = Unit.objects.create(name=name, short_name=short_name, kind=kind, parent=parent_unit)
    unit.path = f"{parent_unit.path if parent_unit else '/'}{unit.pk}/"
    unit.save(update_fields=["path"])
    append_event(actor=actor.username if actor else "system", action="unit.created",
                 payload={"unit": name, "parent": parent, "kind": kind})
    return unit


@transaction.atomic
def user_create(*, actor: User | None, username: str, password: str, unit: str, role: str,
                display_name: str = "", title: str = "") -> User:
    _require_admin(actor)
    if role not in Role.values:
        raise DomainError(f"角色「{role}」无效，可选：{'、'.join(Role.values)}", field="role")
    if User.objects.filter(username=username).exists():
        raise DomainError(f"用户名「{username}」已被使用", field="username")
    if len(password) < 8:
        raise DomainError("密码至少8位", field="password")
    home = unit_by_name(unit)
    user = User.objects.create_user(username=username, password=password, display_name=display_name,
                                    title=title, is_superuser=(role == Role.ADMIN), is_staff=(role == Role.ADMIN))
    Membership.objects.create(user=user, unit=home, role=role)
    append_event(actor=actor.username if actor else "system", action="user.created",
                 payload={"username": username, "unit": home.name, "role": role})
    return user


@transaction.atomic
def membership_add(*, actor: User | None, username: str, unit: str, role: str) -> Membership:
    _require_admin(actor)
    if role not in Role.values:
        raise DomainError(f"角色「{role}」无效", field="role")
    user, home = user_by_username(username), unit_by_name(unit)
    membership, _ = Membership.objects.get_or_create(user=user, unit=home, role=role)
    append_event(actor=actor.username if actor else "system", action="user.role_added",
                 payload={"username": username, "unit": home.name, "role": role})
    return membership


def units_in_subtree(unit: Unit):
    return Unit.objects.filter(path__startswith=unit.path)
