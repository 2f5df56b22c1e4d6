"""Tasks come into being here: every entry point (page, API, command, ledger import, intake)
creates through these functions."""
import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext

from duban.core import bounds, clock
from duban.core.bulkinsert import reserve_ids
from duban.core.errors import DomainError
from duban.core.eventlog import append_event, mark_inserted
from duban.core.workdays import add_workdays
from duban.org.models import Role, Unit, User
from duban.org.services import unit_by_name, user_by_username
from duban.tasks.access import capabilities, memberships_of, supervises, supervises_anything
from duban.tasks.attest import note_created
from duban.tasks.kinds import kind_for
from duban.tasks.models import OPEN_STATES, CoUnit, Milestone, Programme, SourceKind, Target, Task, TaskState
from duban.tasks.nodes import next_due
from duban.tasks.services.common import require, require_future, require_text
from duban.tasks.services.programmes import default_programme, programme_by_name

SOURCE_KINDS = frozenset(SourceKind.values)  # the enum builds its list of values on every call


def build_milestones(deadline: dt.date | None, items) -> list[Milestone]:
    result = []
    for item in items or []:
        name = require_text(item.get("name"), "节点名称", 200)
        due, before = item.get("due_on"), item.get("workdays_before")
        if due is None and before is not None:
            require(deadline is not None, gettext("节点「%(name)s」按完成时限倒排，但事项没有完成时限") % {"name": name})
            before = bounds.check_offset(before, gettext("节点「%(name)s」提前的工作日数") % {"name": name})
            due = add_workdays(deadline, -before)
        if due is None:
            raise DomainError(gettext("节点「%(name)s」缺少日期") % {"name": name})
        if not bounds.ahead(due):  # the label is built for the message only
            require_future(due, gettext("节点「%(name)s」日期") % {"name": name})
        if deadline and due > deadline:
            raise DomainError(gettext("节点「%(name)s」日期 %(due)s 晚于完成时限 %(deadline)s") % {"name": name, "due": due, "deadline": deadline})
        result.append(Milestone(name=name, due_on=due, workdays_before_deadline=before))
    return result


def build_targets(items) -> list[Target]:
    result = []
    for item in items or []:
        metric = require_text(item.get("metric"), "指标名称", 200)
        value = bounds.check_number(item.get("target"), gettext("指标「%(metric)s」的目标值") % {"metric": metric})
        unit = bounds.check_text(item.get("unit_of_measure", ""), gettext("指标「%(metric)s」的计量单位") % {"metric": metric}, 30)
        result.append(Target(metric=metric, unit_of_measure=unit, target_value=value))
    return result


def check_lead(actor: User, lead: Unit, programme: Programme, parent: Task | None = None) -> bool:
    """Who may give `programme`'s tasks to `lead`: its supervisors, or a liaison decomposing its own
    task within its unit or to one of its co-operating units. Creation, updates and the ledger import
    all ask this; True when it is such a decomposition."""
    if supervises(actor, unit=lead, programme=programme):
        return False
    decomposing = parent is not None and any(
        m.role == Role.LIAISON and m.unit_id == parent.lead_unit_id
        and (lead.path.startswith(m.unit.path) or parent.co_units.filter(pk=lead.pk).exists())
        for m in memberships_of(actor))
    require(decomposing, lambda: gettext("您无权向「%(unit)s」交办事项") % {"unit": lead.name})
    return True


def decomposable_units(task: Task) -> list[Unit]:
    """Units a sub-task may go to: the lead unit itself (a part it does on its own) or a unit below
    it, or a unit co-operating on the parent."""
    below = Unit.objects.filter(path__under=task.lead_unit.path)
    return sorted({*below, *task.co_units.all()}, key=lambda u: u.path)


def require_assigned(parent: Task) -> None:
    """A task is handed down only once it was itself assigned, and while it is still open."""
    require(parent.state in OPEN_STATES and parent.state not in (TaskState.DRAFT, TaskState.REVIEW),
            gettext("事项当前为「%(state)s」，交办后才能分解") % {"state": gettext(parent.get_state_display())})


def check_subtask(actor: User, parent: Task, programme: Programme, lead: Unit, deadline: dt.date | None) -> None:
    """A sub-task (层层分解), however it is asked for (the task page, the API's or the command line's
    `parent`): by the parent's supervisor or its lead unit's liaison, under an open parent (a
    liaison's once it is assigned; a supervisor may lay out drafts), in the parent's programme, to
    the lead unit, a unit below it or one co-operating on the parent, ending no later than the parent."""
    caps = capabilities(actor, parent)
    require(caps.supervise or caps.lead, gettext("只有督查员或牵头单位的联络员可以分解事项"))
    if not (caps.supervise and parent.state in (TaskState.DRAFT, TaskState.REVIEW)):
        require_assigned(parent)
    require(programme.pk == parent.programme_id, gettext("分解的子事项应属于上级事项的督办项目「%(programme)s」") % {"programme": parent.programme.name})
    require(lead in decomposable_units(parent),
            gettext("「%(unit)s」不在牵头单位「%(lead)s」之下，也不是配合单位，不能分解给它") % {"unit": lead.name, "lead": parent.lead_unit.name})
    require(deadline is not None, gettext("请填写分解事项的「完成时限」"))
    require(parent.deadline is None or deadline <= parent.deadline,
            gettext("分解事项的完成时限 %(deadline)s 不能晚于上级事项的 %(parent)s") % {"deadline": deadline, "parent": parent.deadline})


def _check_decomposition(parent: Task, programme: Programme, co: list[Unit], leader: User | None) -> None:
    """A liaison's sub-task stays inside its own task: co-units from the lead unit's own subtree, and
    the parent's responsible leader or none, so a liaison cannot place work on other units or other
    leaders' desks (the programme is the parent's for everyone: `check_subtask`)."""
    for unit in co:
        require(unit.path.startswith(parent.lead_unit.path), gettext("分解的子事项不能指定本单位以外的配合单位「%(unit)s」") % {"unit": unit.name})
    require(leader is None or leader.pk == parent.responsible_leader_id,
            gettext("分解的子事项只能由上级事项的责任领导负责"))


def check_leader(leader: User | None, name: str | None) -> None:
    """A responsible leader must hold the leader's role somewhere."""
    require(leader is None or any(m.role == Role.LEADER for m in memberships_of(leader)),
            lambda: gettext("「%(name)s」不是领导，不能作为责任领导") % {"name": name})


@dataclass
class NewTask:
    """A task that passed the creation rules, not yet written, with what is written beside it."""
    task: Task
    co: list[Unit]
    milestones: list[Milestone]
    targets: list[Target]
    parent: int | None


class Lookups:
    """The directory as creation reads it: one per task_create call, one per bulk batch."""

    def __init__(self, actor: User):
        self.actor = actor
        self._cache: dict[tuple, object] = {}

    def preload(self, *, units: dict[str, Unit] = (), users: dict[str, User] = (),
                programmes: dict[str, Programme] = ()) -> None:
        """Seed the cache from a directory the caller already loaded (the ledger import's)."""
        for kind, known in (("unit", units), ("user", users), ("programme", programmes)):
            self._cache.update({(kind, key): value for key, value in dict(known).items()})

    def _get(self, kind: str, key, find):
        if (kind, key) not in self._cache:
            self._cache[kind, key] = find(key)
        return self._cache[kind, key]

    def unit(self, name: str) -> Unit:
        return self._get("unit", name, unit_by_name)

    def user(self, username: str) -> User:
        return self._get("user", username, user_by_username)

    def parent(self, pk: int) -> Task | None:
        """The parent task if the actor can see it: one out of reach answers like a missing one."""
        def find(key):
            task = Task.objects.select_related("lead_unit", "programme").filter(pk=key).first()
            return task if task is not None and capabilities(self.actor, task).read else None
        return self._get("parent", pk, find)

    def programme(self, name: str | None, deadline: dt.date | None) -> Programme:
        if name:
            return self._get("programme", name, programme_by_name)
        return self._get("default", (deadline or clock.today()).year,
                         lambda _year: default_programme(actor=self.actor, deadline=deadline))


def check_new_task(actor: User, lookups: Lookups, code_taken, *, title: str, programme: str | None,
                   lead_unit: str, deadline: dt.date | None, content: str = "", source_kind: str = SourceKind.PLAN,
                   source_ref: str = "", co_units: list[str] = (), responsible_leader: str | None = None,
                   responsible_person: str = "", milestones=None, targets=None, parent: int | None = None,
                   code: str | None = None, **rectification) -> NewTask:
    """Every rule a new task must pass, in the order its messages are given; nothing is written
    except a missing default programme."""
    title = require_text(title, "事项名称", 300)
    check_task_texts(content=content, source_ref=source_ref, responsible_person=responsible_person, code=code,
                     **rectification)
    # A refusal says it is one: someone who supervises nothing hears so, not "name a programme".
    require(parent is not None or supervises_anything(actor), lambda: gettext("您无权新建督办事项：只有督查员可以新建事项"))
    # An id no database row can have (2**63) is simply not there.
    parent_task = lookups.parent(parent) if parent and 0 < int(parent) < 2**53 else None
    require(parent is None or parent_task is not None, lambda: gettext("上级事项 %(id)s 不存在") % {"id": parent})
    if parent_task is not None and not programme:
        programme = parent_task.programme.name  # a sub-task goes where its task is
    prog = lookups.programme(programme, deadline)
    lead = lookups.unit(lead_unit)
    if parent_task is not None:
        check_subtask(actor, parent_task, prog, lead, deadline)
    decomposing = check_lead(actor, lead, prog, parent_task)
    require_future(deadline, "完成时限")
    if source_kind not in SOURCE_KINDS:
        raise DomainError(gettext("来源类型「%(value)s」无效，可选：%(choices)s") % {"value": source_kind, "choices": '、'.join(SourceKind.values)})
    if code and code_taken(code):
        raise DomainError(gettext("编号「%(code)s」已被使用") % {"code": code}, field="code")
    leader = lookups.user(responsible_leader) if responsible_leader else None
    check_leader(leader, responsible_leader)
    co = [lookups.unit(name) for name in co_units if name]
    require(lead not in co, lambda: gettext("「%(unit)s」已是牵头单位，不能同时作为配合单位") % {"unit": lead.name})
    if decomposing:
        _check_decomposition(parent_task, prog, co, leader)
    miles, targs = build_milestones(deadline, milestones), build_targets(targets)
    task = Task(
        code=code or None, title=title, content=content, source_kind=source_kind, source_ref=source_ref,
        programme=prog, lead_unit=lead, responsible_leader=leader, responsible_person=responsible_person,
        deadline=deadline, original_deadline=deadline, parent=parent_task, state=TaskState.DRAFT,
        created_at=clock.now(), next_due_on=next_due(deadline, miles), **_rectification_fields(prog, rectification))
    return NewTask(task, co, miles, targs, parent)


TEXT_FIELDS = {"content": ("事项内容", bounds.TEXT_MAX), "source_ref": ("来源文号", 300),
               "responsible_person": ("责任人", 60), "code": ("编号", 40), "problem_category": ("问题类别", 100),
               "rectification_class": ("整改类别", 20), "measures": ("整改措施", bounds.TEXT_MAX),
               "remarks": ("备注", bounds.TEXT_MAX)}


def check_task_texts(**values) -> None:
    """A task's optional texts fit their columns and can be stored (no NUL, no lone surrogate)."""
    for name, value in values.items():
        if name in TEXT_FIELDS and value is not None:
            label, length = TEXT_FIELDS[name]
            bounds.check_text(value, label, length)


def default_code(task: Task) -> str:
    return f"{task.programme.year}-{task.pk:05d}"


def created_event(actor: User, new: NewTask) -> dict:
    """The `task.created` event of a written task, as arguments for append_event(s)."""
    task = new.task
    return {"actor": actor.username, "action": "task.created", "task": task, "payload": {
        "code": task.code, "title": task.title, "programme": task.programme.name, "lead_unit": task.lead_unit.name,
        "co_units": [u.name for u in new.co], "deadline": task.deadline, "source": task.source_kind,
        "milestones": [[m.name, m.due_on] for m in new.milestones],
        "targets": [[t.metric, t.target_value] for t in new.targets], "parent": new.parent}}


def mark_created(written: list[NewTask]) -> None:
    """Say these tasks were just written with what they hold: their `task.created` event then reads
    only what can exist (no history, reports, evidence, extensions; see eventlog.mark_inserted)."""
    for new in written:
        note_created(new.task, co_units=new.co, milestones=new.milestones, targets=new.targets)
    mark_inserted([new.task for new in written])


def _code_taken(code: str) -> bool:
    return Task.objects.filter(code=code).exists()


@transaction.atomic
def task_create(*, actor: User, **fields) -> Task:
    """Create one task; `fields` are the keyword arguments of `check_new_task`."""
    new = check_new_task(actor, Lookups(actor), _code_taken, **fields)
    task = new.task
    if not task.code:  # numbered by its id, taken first: one INSERT, not an INSERT and an UPDATE
        task.pk = reserve_ids(Task, 1)[0]
        task.code = default_code(task)
    task.save(force_insert=True)  # its district taken from the lead unit (DistrictField)
    if new.co:  # a new task has no links yet: insert them, without first asking which exist
        CoUnit.objects.bulk_create([CoUnit(task_id=task.pk, unit_id=unit.pk, district_id=task.district_id)
                                    for unit in dict.fromkeys(new.co)])
    for item in (*new.milestones, *new.targets):
        item.task = task
    Milestone.objects.bulk_create(new.milestones)
    Target.objects.bulk_create(new.targets)
    mark_created([new])
    append_event(**created_event(actor, new))
    return task


RECTIFICATION_FIELDS = ("problem_category", "rectification_class", "measures", "remarks")


def _rectification_fields(programme: Programme, values: dict) -> dict:
    unknown = set(values) - set(RECTIFICATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown task fields: {sorted(unknown)}")
    return {k: clean_extra(programme, k, v) for k, v in values.items() if v is not None}


def clean_extra(programme: Programme, name: str, value):
    """A field the programme's kind declares is checked by its spec (e.g. the rectification class)."""
    spec = kind_for(programme).extra_fields.get(name)
    return spec.clean(name, value) if spec else value
