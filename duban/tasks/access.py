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
from duban.org.models import Role, Unit, User
from duban.org.selectors import memberships_of  # noqa: F401  (re-exported: callers above read it here)
from duban.tasks.kinds import kind_for, kinds_with_role
from duban.tasks.models import CoUnit, Programme, Task


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


def _units_under(path: str):
    """The ids of the unit at `path` and every unit below it: the lead units a jurisdiction covers,
    as a subquery the database answers from the path index (no join of the tasks to their units)."""
    return Unit.objects.filter(path__under=path).values("pk")


def _cell_parts(user: User) -> list[Q]:
    """The whole cells (programme, lead unit, responsible leader) the user sees, one condition per
    membership, each answered from an index of the tasks."""
    parts = []
    for m in memberships_of(user):
        if m.role in (Role.SUPERVISOR, Role.ADMIN):
            parts.append(Q(lead_unit__in=_units_under(m.unit.path)))
        elif kinds_with_role(m.role):
            parts.append(Q(lead_unit__in=_units_under(m.unit.path), programme__kind__in=kinds_with_role(m.role)))
        elif m.role == Role.LIAISON:
            parts.append(Q(lead_unit=m.unit))
        elif m.role == Role.LEADER:
            parts.append(Q(responsible_leader=user))
    return parts


def _picked_parts(user: User) -> list[Q]:
    """The rest of the scope: single tasks a liaison follows without leading them — those its unit
    co-operates on, and the sub-tasks it handed down (层层分解)."""
    parts = []
    for m in memberships_of(user):
        if m.role == Role.LIAISON and not kinds_with_role(m.role):  # as in _cell_parts' order
            parts.append(Q(pk__in=CoUnit.objects.filter(unit=m.unit).values("task_id")))
            parts.append(Q(parent__in=Task.objects.filter(lead_unit=m.unit).values("pk")))
    return parts


def _any(parts: list[Q]) -> Q:
    q = Q(pk__in=[])
    for part in parts:
        q |= part
    return q


def cells_q(user: User) -> Q:
    """The part of the user's scope made of whole cells (programme, lead unit, responsible leader):
    every task of a programme led by a unit, or answered for by the user. Daily counts kept per
    cell (duban.tallies) are filtered by it, as tasks are."""
    if isinstance(user, SystemViewer):
        return Q()
    return _any(_cell_parts(user))


def tasks_picked_for(user: User) -> QuerySet[Task]:
    """The visible tasks outside the user's whole cells (`cells_q`): the few a liaison's unit
    co-operates on or handed down; none for anyone else."""
    parts = [] if isinstance(user, SystemViewer) else _picked_parts(user)
    if not parts:
        return Task.objects.none()  # only a liaison follows tasks outside its cells
    return _tasks_in_any(parts).exclude(cells_q(user))


def tasks_visible_to(user: User) -> QuerySet[Task]:
    """Every task the user may read. One part of the scope is a plain filter; several become the
    union of each part's ids, so the database answers each from its own index instead of reading
    every task to test them all (an OR across a join cannot use an index)."""
    if isinstance(user, SystemViewer):
        return Task.objects.all()
    parts = _cell_parts(user) + _picked_parts(user)
    if not parts:
        return Task.objects.none()
    return _tasks_in_any(parts)


def _tasks_in_any(parts: list[Q]) -> QuerySet[Task]:
    """The tasks any of `parts` selects: one part as a plain filter, several as the union of each
    part's ids, so the database answers each from its own index."""
    if len(parts) == 1:
        return Task.objects.filter(parts[0])
    first, *rest = (Task.objects.filter(part).order_by().values("pk") for part in parts)
    return Task.objects.filter(pk__in=first.union(*rest))


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


def programmes_of(tasks: QuerySet[Task]) -> QuerySet[Programme]:
    """The programmes `tasks` belong to: a subquery the database answers from the (lead unit,
    programme) index (2 ms for a district, 4 ms for a province at a million tasks; reading the
    distinct ids of every task in view first took 0.14 s for the province)."""
    return Programme.objects.filter(pk__in=tasks.values("programme_id"))


def lead_units_of(tasks: QuerySet[Task]) -> QuerySet[Unit]:
    """The units that lead any of `tasks`: a subquery, which the database answers unit by unit from
    the lead-unit index."""
    return Unit.objects.filter(pk__in=tasks.values("lead_unit_id"))


def programmes_visible_to(user: User) -> QuerySet[Programme]:
    """Programmes whose tasks the user sees, or that one of the user's units (or a unit under it) owns."""
    q = Q(pk__in=tasks_visible_to(user).values("programme_id"))
    for m in memberships_of(user):
        q |= Q(owner_unit__path__under=m.unit.path)
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


def supervised_tasks_q(user: User) -> Q:
    """The tasks the user supervises (`supervising_scopes`), as look-ups of their lead units in the
    units' path index rather than a join of every task to its unit."""
    q = Q(pk__in=[])
    for path, kinds in supervising_scopes(user):
        here = Q(lead_unit__in=_units_under(path))
        if kinds is not None:
            here &= Q(programme__kind__in=kinds)
        q |= here
    return q


def supervised_q(user: User, path_field: str, kind_field: str | None = None) -> Q:
    """The rows (by a unit path field, and a programme kind field when given) the user supervises."""
    q = Q(pk__in=[])
    for path, kinds in supervising_scopes(user):
        here = Q(**{f"{path_field}__startswith": path})
        if kinds is not None and kind_field:
            here &= Q(**{f"{kind_field}__in": kinds})
        q |= here
    return q
