"""Directory writes for an administrator limited to its subtree (the API), and who may read which
units. Each write checks the reach, then calls the one org service that writes the event."""
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from duban.core.errors import DomainError, NotFound
from duban.org import services as org
from duban.org.models import Unit, User
from duban.org.selectors import with_memberships
from duban.orgchart.invitations import invitations_issue
from duban.orgchart.plan import Reach


def units_visible_to(user: User) -> QuerySet[Unit]:
    """The subtrees of the user's units and the chain above them: whom they work with and under."""
    paths = list(Unit.objects.filter(memberships__user=user).values_list("path", flat=True).distinct())
    if user.is_superuser and not paths:
        return Unit.objects.all()
    above = {int(pk) for p in paths for pk in p.strip("/").split("/") if pk}
    q = Q(pk__in=above)
    for path in paths:
        q |= Q(path__under=path)
    return Unit.objects.filter(q).select_related("parent")


def users_visible_to(user: User) -> QuerySet[User]:
    return with_memberships(User.objects.filter(memberships__unit__in=units_visible_to(user)).distinct()).order_by("username")


def access_unit(user: User, unit_id: int) -> Unit:
    unit = units_visible_to(user).filter(pk=unit_id).first()
    if unit is None:
        raise NotFound(gettext("单位 %(id)s 不存在") % {"id": unit_id})
    return unit


def access_user(user: User, username: str) -> User:
    person = users_visible_to(user).filter(username=username).first()
    if person is None:
        raise NotFound(gettext("没有用户「%(name)s」") % {"name": username})
    return person


def _require_reach(actor: User, unit_name: str | None) -> None:
    org.require_admin(actor)
    unit = org.unit_by_name(unit_name) if unit_name else None
    if unit is None and Reach(actor).prefixes is not None:
        raise DomainError(gettext("只能在您管理的单位之下新增单位"), field="parent")
    if unit is not None and not Reach(actor).covers(unit):
        raise DomainError(gettext("单位「%(name)s」不在您管理的范围内") % {"name": unit.name}, field="unit")


@transaction.atomic
def unit_create_within(*, actor: User, name: str, parent: str | None, kind: str, short_name: str = "") -> Unit:
    _require_reach(actor, parent)
    return org.unit_create(actor=actor, name=name, parent=parent, kind=kind, short_name=short_name)


@transaction.atomic
def user_create_within(*, actor: User, username: str, unit: str, role: str, email: str = "",
                       display_name: str = "", title: str = "") -> tuple[User, bool]:
    """A new person in the actor's subtree, invited by mail to set a password; True when invited."""
    import secrets

    _require_reach(actor, unit)
    user = org.user_create(actor=actor, username=username, password=secrets.token_urlsafe(24), unit=unit,
                           role=role, display_name=display_name, title=title)
    if email:
        user = org.user_update(actor=actor, username=username, email=email)
    user.set_unusable_password()  # nobody knows the random one; the invitation sets the first
    user.save(update_fields=["password"])
    return user, bool(invitations_issue([user]))


@transaction.atomic
def user_update_within(*, actor: User, username: str, **changes) -> User:
    person = org.user_by_username(username)
    org.require_admin(actor)
    if not any(Reach(actor).covers(m.unit) for m in person.memberships.select_related("unit")):
        raise NotFound(gettext("没有用户「%(name)s」") % {"name": username})
    return org.user_update(actor=actor, username=username, **changes)
