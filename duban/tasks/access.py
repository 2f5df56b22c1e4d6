"""Who sees and acts on which task: one path for every page, API call and command.

A liaison works on tasks its unit leads or co-operates on; a supervisor on its jurisdiction (its
unit's subtree); a kind's reviewer role (the auditor, for audit programmes) likewise for that
kind's programmes only; a leader reads what they are responsible for; an admin reads its subtree.
Everyone else learns nothing, not even existence.

"Who supervises what" is answered here and only here (`supervises`, `supervises_programme`,
`supervising_scopes`), always with the programme's kind in view.
"""
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from duban.core.errors import DomainError, NotFound
from duban.org.models import Role, User
from duban.org.selectors import memberships_of  # noqa: F401  (re-exported: callers above read it here)
from duban.tasks.kinds import kind_for, kinds_with_role
from duban.tasks.models import Programme, Task


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


def _scope(user: User) -> Q:
    return cells_q(user) | _picked_q(user)


def cells_q(user: User) -> Q:
    """The part of the user's scope made of whole cells (programme, lead unit, responsible leader):
    every task of a programme led by a unit, or answered for by the user. Daily counts kept per
    cell (duban.tallies) are filtered by it, as tasks are."""
    if isinstance(user, SystemViewer):
        return Q()
    q = Q(pk__in=[])
    for m in memberships_of(user):
        if m.role in (Role.SUPERVISOR, Role.ADMIN):
            q |= Q(lead_unit__path__startswith=m.unit.path)
        elif kinds_with_role(m.role):
            q |= Q(lead_unit__path__startswith=m.unit.path, programme__kind__in=kinds_with_role(m.role))
        elif m.role == Role.LIAISON:
            q |= Q(lead_unit=m.unit)
        elif m.role == Role.LEADER:
            q |= Q(responsible_leader=user)
    return q


def _picked_q(user: User) -> Q:
    """The rest of the scope: single tasks a liaison follows without leading them."""
    q = Q(pk__in=[])
    for m in memberships_of(user):
        if m.role == Role.LIAISON and not kinds_with_role(m.role):  # as in cells_q's order
            # ...and follows the sub-tasks it handed down (层层分解).
            q |= Q(co_units=m.unit) | Q(parent__lead_unit=m.unit)
    return q


def tasks_picked_for(user: User) -> QuerySet[Task]:
    """The visible tasks outside the user's whole cells (`cells_q`): the few a liaison's unit
    co-operates on or handed down; none for anyone else."""
    if isinstance(user, SystemViewer) or not any(
            m.role == Role.LIAISON and not kinds_with_role(m.role) for m in memberships_of(user)):
        return Task.objects.none()  # only a liaison follows tasks outside its cells (_picked_q)
    picked = Task.objects.filter(_picked_q(user)).exclude(cells_q(user)).values("pk")
    return Task.objects.filter(pk__in=picked)


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


def programmes_visible_to(user: User) -> QuerySet[Programme]:
    """Programmes whose tasks the user sees, or that one of the user's units (or a unit under it) owns."""
    q = Q(pk__in=tasks_visible_to(user).values("programme_id"))
    for m in memberships_of(user):
        q |= Q(owner_unit__path__startswith=m.unit.path)
    return Programme.objects.filter(q)


def capabilities(user: User, task: Task) -> Capabilities:
    if isinstance(user, SystemViewer):
        return Capabilities(read=True)
    supervise = supervises(user, unit=task.lead_unit, programme=task.programme)
    lead = cooperate = responsible = read = False
    co_unit_ids = None
    for m in memberships_of(user):
        in_subtree = task.lead_unit.path.startswith(m.unit.path)
        if m.role == Role.ADMIN and in_subtree:
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
        raise NotFound(gettext("事项 %(id)s 不存在") % {"id": task_id}) from None
    task = (Task.objects.select_related("programme", "lead_unit", "responsible_leader", "parent")
            .filter(pk=pk).first())
    if task is None or not user.is_authenticated:
        raise NotFound(gettext("事项 %(id)s 不存在") % {"id": task_id})
    caps = capabilities(user, task)
    if not caps.read:
        raise NotFound(gettext("事项 %(id)s 不存在") % {"id": task_id})
    if for_write and not caps.any_write:
        raise DomainError(gettext("您对事项 %(id)s 只有查看权限") % {"id": task_id})
    return task, caps


def supervises(user: User, *, unit, programme: Programme) -> bool:
    """Whether the user supervises `programme`'s tasks led by `unit`: a role that supervises the
    programme's kind (the supervisor always, the kind's reviewer role for that kind) over the unit."""
    roles = kind_for(programme).supervisor_roles
    return any(m.role in roles and unit.path.startswith(m.unit.path) for m in memberships_of(user))


def supervises_programme(user: User, programme: Programme) -> bool:
    """Whether the user keeps `programme` (its rules, its settings page): supervises it at its owner unit."""
    return supervises(user, unit=programme.owner_unit, programme=programme)


def supervising_scopes(user: User) -> list[tuple[str, list[str] | None]]:
    """(unit path, kinds) for each jurisdiction the user supervises; kinds None: every kind."""
    scopes = []
    for m in memberships_of(user):
        if m.role == Role.SUPERVISOR:
            scopes.append((m.unit.path, None))
        elif kinds_with_role(m.role):
            scopes.append((m.unit.path, kinds_with_role(m.role)))
    return scopes


def supervises_unit(user: User, unit) -> bool:
    """Whether the user is a supervisor over `unit` for the office's own work that belongs to no
    programme: rating rounds, cases, recorded assessment entries."""
    return any(m.role == Role.SUPERVISOR and unit.path.startswith(m.unit.path) for m in memberships_of(user))


def supervises_anything(user: User) -> bool:
    return bool(supervising_scopes(user))


def keeps_programme(user: User, programme: Programme) -> bool:
    """Whether the user may set up or change `programme`: supervises it, or administers its owner unit."""
    owner = programme.owner_unit.path
    admin = any(m.role == Role.ADMIN and owner.startswith(m.unit.path) for m in memberships_of(user))
    return admin or supervises_programme(user, programme)


def supervised_q(user: User, path_field: str, kind_field: str | None = None) -> Q:
    """The rows (by a unit path field, and a programme kind field when given) the user supervises."""
    q = Q(pk__in=[])
    for path, kinds in supervising_scopes(user):
        here = Q(**{f"{path_field}__startswith": path})
        if kinds is not None and kind_field:
            here &= Q(**{f"{kind_field}__in": kinds})
        q |= here
    return q
