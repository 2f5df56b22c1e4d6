"""Who sees and acts on which task: one path for every page, API call and command.

A liaison works on tasks its unit leads or co-operates on; a supervisor on its jurisdiction (its
unit's subtree); an auditor likewise for audit programmes; a leader reads what they are
responsible for; an admin reads its subtree. Everyone else learns nothing, not even existence.
"""
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from duban.core.errors import DomainError, NotFound
from duban.org.models import Membership, Role, User
from duban.tasks.models import ProgrammeKind, Task


class SystemViewer:
    """The machine's owner at the command line, when no --as is given: reads everything, changes
    nothing (every service still needs a real user to act)."""

    pk = id = None
    username = "system"
    display_name = "系统"
    is_authenticated = True
    is_active = True
    is_superuser = False
    _duban_memberships: list = []

    def __str__(self) -> str:
        return self.display_name


SYSTEM = SystemViewer()


def memberships_of(user: User) -> list[Membership]:
    cached = getattr(user, "_duban_memberships", None)
    if cached is None:
        cached = list(user.memberships.select_related("unit")) if user.is_authenticated else []
        user._duban_memberships = cached
    return cached


def _scope(user: User) -> Q:
    q = Q(pk__in=[])
    for m in memberships_of(user):
        if m.role in (Role.SUPERVISOR, Role.ADMIN):
            q |= Q(lead_unit__path__startswith=m.unit.path)
        elif m.role == Role.AUDITOR:
            q |= Q(lead_unit__path__startswith=m.unit.path, programme__kind=ProgrammeKind.AUDIT)
        elif m.role == Role.LIAISON:
            # ...and follows the sub-tasks it handed down (层层分解).
            q |= Q(lead_unit=m.unit) | Q(co_units=m.unit) | Q(parent__lead_unit=m.unit)
        elif m.role == Role.LEADER:
            q |= Q(responsible_leader=user)
    return q


def tasks_visible_to(user: User) -> QuerySet[Task]:
    if isinstance(user, SystemViewer):
        return Task.objects.all()
    if not memberships_of(user):
        return Task.objects.none()
    visible_ids = Task.objects.filter(_scope(user)).values("pk")
    return Task.objects.filter(pk__in=visible_ids)


@dataclass(frozen=True)
class Capabilities:
    supervise: bool = False   # assign, urge, approve, return, extend, re-check, cancel
    lead: bool = False        # liaison of the lead unit: sign, report, ask for closure or extension
    cooperate: bool = False   # liaison of a co-operating unit: report
    responsible: bool = False  # responsible leader: review, instruct
    read: bool = False

    @property
    def any_write(self) -> bool:
        return self.supervise or self.lead or self.cooperate or self.responsible


def capabilities(user: User, task: Task) -> Capabilities:
    if isinstance(user, SystemViewer):
        return Capabilities(read=True)
    supervise = lead = cooperate = responsible = read = False
    co_unit_ids = None
    for m in memberships_of(user):
        in_subtree = task.lead_unit.path.startswith(m.unit.path)
        if m.role == Role.SUPERVISOR and in_subtree:
            supervise = True
        elif m.role == Role.AUDITOR and in_subtree and task.programme.kind == ProgrammeKind.AUDIT:
            supervise = True
        elif m.role == Role.ADMIN and in_subtree:
            read = True
        elif m.role == Role.LIAISON:
            if m.unit_id == task.lead_unit_id:
                lead = True
            else:
                if co_unit_ids is None:
                    co_unit_ids = set(task.co_units.values_list("pk", flat=True))
                cooperate = cooperate or m.unit_id in co_unit_ids
            read = read or (task.parent_id is not None and task.parent.lead_unit_id == m.unit_id)
        elif m.role == Role.LEADER and task.responsible_leader_id == user.pk:
            responsible = True
    caps = Capabilities(supervise, lead, cooperate, responsible, read)
    return Capabilities(supervise, lead, cooperate, responsible, read or caps.any_write)


def access_task(user: User, task_id, *, for_write: bool = False) -> tuple[Task, Capabilities]:
    """Find and authorise in one step: a task out of reach is reported exactly like a missing one."""
    try:
        pk = int(task_id)
    except (TypeError, ValueError):
        raise NotFound(f"事项 {task_id} 不存在") from None
    task = (Task.objects.select_related("programme", "lead_unit", "responsible_leader", "parent")
            .filter(pk=pk).first())
    if task is None or not user.is_authenticated:
        raise NotFound(f"事项 {task_id} 不存在")
    caps = capabilities(user, task)
    if not caps.read:
        raise NotFound(f"事项 {task_id} 不存在")
    if for_write and not caps.any_write:
        raise DomainError(f"您对事项 {task_id} 只有查看权限")
    return task, caps


def supervises_unit(user: User, unit, *, admin_too: bool = False) -> bool:
    """Whether the unit lies in a jurisdiction the user supervises (to create or plan tasks there)."""
    roles = {Role.SUPERVISOR, Role.AUDITOR} | ({Role.ADMIN} if admin_too else set())
    return any(m.role in roles and unit.path.startswith(m.unit.path) for m in memberships_of(user))
