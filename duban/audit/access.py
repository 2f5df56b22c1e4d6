"""Who may plan, approve and see audit and inspection work: whoever supervises the programme's
tasks there (tasks.access.supervises: the supervisor, and the kind's reviewer role, e.g. the audit
office for audit) and the leaders above the unit. Others get a 404, as for tasks."""
from django.utils.translation import gettext

from duban.core.errors import DomainError, NotFound
from duban.org.models import Role, User
from duban.tasks.access import SystemViewer, memberships_of, supervises


def is_office(user: User, unit, programme) -> bool:
    return isinstance(user, SystemViewer) or supervises(user, unit=unit, programme=programme)


def is_leader_over(user: User, unit) -> bool:
    return any(m.role == Role.LEADER and unit.path.startswith(m.unit.path) for m in memberships_of(user))


def is_reviewer_over(user: User, unit, role: str | None) -> bool:
    return role is not None and any(m.role == role and unit.path.startswith(m.unit.path)
                                    for m in memberships_of(user))


def can_read(user: User, unit, programme) -> bool:
    return is_office(user, unit, programme) or is_leader_over(user, unit)


def require_office(user: User, unit, programme, doing: str) -> None:
    if not is_office(user, unit, programme):
        raise DomainError(gettext("只有督查或审计机关可以%(doing)s") % {"doing": gettext(doing)})


def require_leader(user: User, unit, doing: str) -> None:
    if not is_leader_over(user, unit):
        raise DomainError(gettext("只有领导可以%(doing)s") % {"doing": gettext(doing)})


__all__ = ["NotFound", "can_read", "is_leader_over", "is_office", "is_reviewer_over", "require_leader",
           "require_office"]
