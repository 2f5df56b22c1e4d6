"""Who may plan, approve and see audit work: the offices supervising the plan's owner unit
(supervisors, the audit office) and the leaders above it. Others get a 404, as for tasks."""
from duban.core.errors import DomainError, NotFound
from duban.org.models import Role, User
from duban.tasks.access import SystemViewer, memberships_of, supervises_unit


def is_office(user: User, unit) -> bool:
    return isinstance(user, SystemViewer) or supervises_unit(user, unit)


def is_leader_over(user: User, unit) -> bool:
    return any(m.role == Role.LEADER and unit.path.startswith(m.unit.path) for m in memberships_of(user))


def is_reviewer_over(user: User, unit, role: str) -> bool:
    return any(m.role == role and unit.path.startswith(m.unit.path) for m in memberships_of(user))


def can_read(user: User, unit) -> bool:
    return is_office(user, unit) or is_leader_over(user, unit)


def require_reach(user: User, unit, what: str) -> None:
    if not can_read(user, unit):
        raise NotFound(f"{what}不存在")


def require_office(user: User, unit, doing: str) -> None:
    if not is_office(user, unit):
        raise DomainError(f"只有督查或审计机关可以{doing}")


def require_leader(user: User, unit, doing: str) -> None:
    if not is_leader_over(user, unit):
        raise DomainError(f"只有领导可以{doing}")
