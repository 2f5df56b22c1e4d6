"""Programmes and tasks come into being here: every entry point (page, API, command, ledger
import, intake) creates through these functions."""
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction

from duban.core import clock
from duban.core.errors import DomainError
from duban.core.eventlog import append_event
from duban.core.workdays import add_workdays
from duban.org.models import Role, Unit, User
from duban.org.services import unit_by_name, user_by_username
from duban.tasks.access import memberships_of, supervises_unit
from duban.tasks.models import Milestone, Programme, ProgrammeKind, SourceKind, Target, Task, TaskState
from duban.tasks.services.common import require, require_future, require_text


@transaction.atomic
def programme_create(*, actor: User, name: str, year: int, owner_unit: str,
                     kind: str = ProgrammeKind.GENERAL, warning_workdays: int = 5,
                     report_cycle_workdays: int = 10, leader_review: bool = False,
                     recheck_after_days: int = 90, settings: dict | None = None) -> Programme:
    owner = unit_by_name(owner_unit)
    require(supervises_unit(actor, owner, admin_too=True), f"您无权为「{owner.name}」设立督办项目")
    name = require_text(name, "项目名称")
    if Programme.objects.filter(name=name).exists():
        raise DomainError(f"督办项目「{name}」已存在", field="name")
    if kind not in ProgrammeKind.values:
        raise DomainError(f"项目类型「{kind}」无效", field="kind")
    programme = Programme.objects.create(
        name=name, year=year, owner_unit=owner, kind=kind, warning_workdays=warning_workdays,
        report_cycle_workdays=report_cycle_workdays, leader_review=leader_review,
        recheck_after_days=recheck_after_days, settings=settings or {})
    append_event(actor=actor.username, action="programme.created",
                 payload={"programme": name, "kind": kind, "year": year})
    return programme


_PROGRAMME_NUMBERS = {"year": "年度", "warning_workdays": "预警提前工作日", "report_cycle_workdays": "报送周期（工作日）",
                      "recheck_after_days": "回头看间隔（天）"}


@transaction.atomic
def programme_update(*, actor: User, name: str, **values) -> Programme:
    """Change a programme's rules; `settings` keys are merged (None drops a key back to its default)."""
    programme = Programme.objects.select_for_update().filter(pk=programme_by_name(name).pk).first()
    require(supervises_unit(actor, programme.owner_unit, admin_too=True), f"您无权修改督办项目「{name}」")
    unknown = set(values) - {"new_name", "kind", "leader_review", "settings", *_PROGRAMME_NUMBERS}
    if unknown:
        raise TypeError(f"unknown programme fields: {sorted(unknown)}")
    wanted = _programme_values(programme, values)
    changed = {k: [getattr(programme, k), v] for k, v in wanted.items() if getattr(programme, k) != v}
    if not changed:
        return programme
    for field, (_old, new) in changed.items():
        setattr(programme, field, new)
    programme.save(update_fields=list(changed))
    append_event(actor=actor.username, action="programme.updated", payload={"programme": name, "changed": changed})
    return programme


def _programme_values(programme: Programme, values: dict) -> dict:
    wanted = {}
    if values.get("new_name") is not None:
        wanted["name"] = require_text(values["new_name"], "项目名称")
        if Programme.objects.filter(name=wanted["name"]).exclude(pk=programme.pk).exists():
            raise DomainError(f"督办项目「{wanted['name']}」已存在", field="name")
    if values.get("kind") is not None:
        require(values["kind"] in ProgrammeKind.values, f"项目类型「{values['kind']}」无效")
        wanted["kind"] = values["kind"]
    if values.get("leader_review") is not None:
        wanted["leader_review"] = bool(values["leader_review"])
    for field, label in _PROGRAMME_NUMBERS.items():
        if values.get(field) is not None:
            wanted[field] = _count(values[field], label, field, most=3000 if field == "year" else 400)
    if values.get("settings") is not None:
        wanted["settings"] = programme_settings_merged(programme.settings, values["settings"])
    return wanted


def _count(value, label: str, field: str, *, most: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise DomainError(f"「{label}」应为整数，收到「{value}」", field=field) from None
    if not 0 <= number <= most:
        raise DomainError(f"「{label}」应在 0 到 {most} 之间，收到 {number}", field=field)
    return number


def programme_settings_merged(current: dict | None, changes: dict) -> dict:
    """The programme's settings with `changes` applied, each key checked against the ladder's defaults."""
    from duban.supervision.rules import DEFAULTS

    merged = dict(current or {})
    for key, value in changes.items():
        if key not in DEFAULTS:
            raise DomainError(f"未知的设置项「{key}」，可选：{'、'.join(DEFAULTS)}", field=key)
        if value is None:
            merged.pop(key, None)
        elif isinstance(DEFAULTS[key], bool):
            merged[key] = value if isinstance(value, bool) else str(value).lower() in ("1", "true", "yes", "是")
        elif isinstance(DEFAULTS[key], int):
            merged[key] = _count(value, key, key, most=400)
        else:
            merged[key] = require_text(str(value), key)[:20]
    return merged


def default_programme(*, actor: User, deadline: dt.date | None) -> Programme:
    """Where a task given without a programme goes: the year's general programme of the
    jurisdiction the actor supervises (e.g. 钱塘区2027年综合督办事项), created on first use."""
    homes = [m.unit for m in memberships_of(actor) if m.role in (Role.SUPERVISOR, Role.AUDITOR)]
    require(bool(homes), "请指定督办项目")
    year = (deadline or clock.today()).year
    name = f"{homes[0].name}{year}年综合督办事项"
    found = Programme.objects.filter(name=name).first()
    return found or programme_create(actor=actor, name=name, year=year, owner_unit=homes[0].name)


def programme_by_name(name: str) -> Programme:
    programme = Programme.objects.filter(name=name).first()
    if programme is None:
        raise DomainError(f"没有名为「{name}」的督办项目")
    return programme


def _milestones(deadline: dt.date | None, items) -> list[Milestone]:
    result = []
    for item in items or []:
        name = require_text(item.get("name"), "节点名称")
        due, before = item.get("due_on"), item.get("workdays_before")
        if due is None and before is not None:
            require(deadline is not None, f"节点「{name}」按完成时限倒排，但事项没有完成时限")
            due = add_workdays(deadline, -int(before))
        require(due is not None, f"节点「{name}」缺少日期")
        require_future(due, f"节点「{name}」日期")
        if deadline and due > deadline:
            raise DomainError(f"节点「{name}」日期 {due} 晚于完成时限 {deadline}")
        result.append(Milestone(name=name, due_on=due, workdays_before_deadline=before))
    return result


def _targets(items) -> list[Target]:
    result = []
    for item in items or []:
        metric = require_text(item.get("metric"), "指标名称")
        try:
            value = Decimal(str(item.get("target")))
        except InvalidOperation:
            raise DomainError(f"指标「{metric}」的目标值「{item.get('target')}」不是数字") from None
        result.append(Target(metric=metric, unit_of_measure=item.get("unit_of_measure", ""), target_value=value))
    return result


def _check_creator(actor: User, lead: Unit, parent: Task | None) -> None:
    if supervises_unit(actor, lead):
        return
    decomposing = parent is not None and any(
        m.role == Role.LIAISON and m.unit_id == parent.lead_unit_id and lead.path.startswith(m.unit.path)
        for m in memberships_of(actor))
    require(decomposing, f"您无权向「{lead.name}」交办事项")


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

    def _get(self, kind: str, key, find):
        if (kind, key) not in self._cache:
            self._cache[kind, key] = find(key)
        return self._cache[kind, key]

    def unit(self, name: str) -> Unit:
        return self._get("unit", name, unit_by_name)

    def user(self, username: str) -> User:
        return self._get("user", username, user_by_username)

    def parent(self, pk: int) -> Task | None:
        return self._get("parent", pk, lambda key: Task.objects.filter(pk=key).first())

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
    title = require_text(title, "事项名称")
    prog = lookups.programme(programme, deadline)
    lead = lookups.unit(lead_unit)
    parent_task = lookups.parent(parent) if parent else None
    require(parent is None or parent_task is not None, f"上级事项 {parent} 不存在")
    _check_creator(actor, lead, parent_task)
    require_future(deadline, "完成时限")
    if source_kind not in SourceKind.values:
        raise DomainError(f"来源类型「{source_kind}」无效，可选：{'、'.join(SourceKind.values)}")
    if code and code_taken(code):
        raise DomainError(f"编号「{code}」已被使用", field="code")
    leader = lookups.user(responsible_leader) if responsible_leader else None
    require(leader is None or any(m.role == Role.LEADER for m in memberships_of(leader)),
            f"「{responsible_leader}」不是领导，不能作为责任领导")
    co = [lookups.unit(name) for name in co_units if name]
    require(lead not in co, f"「{lead.name}」已是牵头单位，不能同时作为配合单位")
    miles, targs = _milestones(deadline, milestones), _targets(targets)
    task = Task(
        code=code or None, title=title, content=content, source_kind=source_kind, source_ref=source_ref,
        programme=prog, lead_unit=lead, responsible_leader=leader, responsible_person=responsible_person,
        deadline=deadline, original_deadline=deadline, parent=parent_task, state=TaskState.DRAFT,
        created_at=clock.now(), **_rectification_fields(rectification))
    return NewTask(task, co, miles, targs, parent)


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


def _code_taken(code: str) -> bool:
    return Task.objects.filter(code=code).exists()


@transaction.atomic
def task_create(*, actor: User, **fields) -> Task:
    """Create one task; `fields` are the keyword arguments of `check_new_task`."""
    new = check_new_task(actor, Lookups(actor), _code_taken, **fields)
    task = new.task
    task.save(force_insert=True)
    if not task.code:
        task.code = default_code(task)
        task.save(update_fields=["code"])
    task.co_units.set(new.co)
    for item in (*new.milestones, *new.targets):
        item.task = task
    Milestone.objects.bulk_create(new.milestones)
    Target.objects.bulk_create(new.targets)
    append_event(**created_event(actor, new))
    return task


RECTIFICATION_FIELDS = ("problem_category", "rectification_class", "measures", "remarks")


def _rectification_fields(values: dict) -> dict:
    unknown = set(values) - set(RECTIFICATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown task fields: {sorted(unknown)}")
    return {k: v for k, v in values.items() if v is not None}


_UPDATABLE = ("title", "content", "source_kind", "source_ref", "lead_unit", "co_units", "responsible_leader",
              "responsible_person", "deadline", "milestones", "targets", *RECTIFICATION_FIELDS)


def task_values(task: Task) -> dict:
    """What a ledger row can say about a task, in names: the shape `task_update` compares."""
    return {
        "title": task.title, "content": task.content, "source_kind": task.source_kind,
        "source_ref": task.source_ref, "lead_unit": task.lead_unit.name,
        "co_units": sorted(u.name for u in task.co_units.all()),
        "responsible_leader": task.responsible_leader.username if task.responsible_leader else None,
        "responsible_person": task.responsible_person, "deadline": task.deadline,
        "milestones": sorted(((m.name, m.due_on) for m in task.milestones.all()), key=lambda m: (m[1], m[0])),
        "targets": [(t.metric, t.target_value.normalize(), t.unit_of_measure) for t in task.targets.all()],
        **{name: getattr(task, name) for name in RECTIFICATION_FIELDS},
    }


def _wanted(values: dict) -> dict:
    wanted = dict(values)
    if "co_units" in wanted:
        wanted["co_units"] = sorted(n for n in wanted["co_units"] if n)
    if "milestones" in wanted:
        wanted["milestones"] = sorted(((m["name"], m["due_on"]) for m in wanted["milestones"] or []),
                                      key=lambda m: (m[1] or dt.date.max, m[0]))
    if "targets" in wanted:
        wanted["targets"] = [(t.metric, t.target_value.normalize(), t.unit_of_measure)
                             for t in _targets(wanted["targets"])]
    return wanted


def task_changes(task: Task, values: dict) -> dict:
    """The fields of `values` that differ from the task, as {field: [old, new]}."""
    unknown = set(values) - set(_UPDATABLE)
    if unknown:
        raise TypeError(f"unknown task fields: {sorted(unknown)}")
    current, wanted = task_values(task), _wanted(values)
    return {k: [current[k], v] for k, v in wanted.items() if current[k] != v}


@transaction.atomic
def task_update(*, actor: User, task_id, **values) -> Task:
    """Change a task's plan (what a ledger row says); one `task.updated` event lists what changed."""
    from duban.tasks.access import access_task
    from duban.tasks.models import DONE_STATES

    task, caps = access_task(actor, task_id)
    task = Task.objects.select_for_update().select_related("lead_unit", "programme").get(pk=task.pk)
    require(caps.supervise, f"您无权修改事项「{task.code}」")
    require(task.state not in (*DONE_STATES, TaskState.CANCELLED),
            f"事项「{task.code}」{task.get_state_display()}，不能修改")
    changes = task_changes(task, values)
    if not changes:
        return task
    fields = _apply_changes(actor, task, {k: v[1] for k, v in changes.items()}, values)
    task.save(update_fields=fields)
    append_event(actor=actor.username, action="task.updated", task=task,
                 payload={"code": task.code, "changed": changes})
    return task


def _apply_changes(actor: User, task: Task, new: dict, raw: dict) -> list[str]:
    fields = []
    for name in ("title", "content", "source_ref", "responsible_person", *RECTIFICATION_FIELDS):
        if name in new:
            setattr(task, name, require_text(new[name], "事项名称") if name == "title" else new[name])
            fields.append(name)
    if "source_kind" in new:
        require(new["source_kind"] in SourceKind.values, f"来源类型「{new['source_kind']}」无效")
        task.source_kind = new["source_kind"]
        fields.append("source_kind")
    if "lead_unit" in new:
        lead = unit_by_name(new["lead_unit"])
        require(supervises_unit(actor, lead), f"您无权向「{lead.name}」交办事项")
        task.lead_unit = lead
        fields.append("lead_unit")
    if "responsible_leader" in new:
        leader = user_by_username(new["responsible_leader"]) if new["responsible_leader"] else None
        require(leader is None or any(m.role == Role.LEADER for m in memberships_of(leader)),
                f"「{new['responsible_leader']}」不是领导，不能作为责任领导")
        task.responsible_leader = leader
        fields.append("responsible_leader")
    if "deadline" in new:
        require_future(new["deadline"], "完成时限")
        task.deadline = new["deadline"]
        fields.append("deadline")
    if "co_units" in new:
        co = [unit_by_name(name) for name in new["co_units"]]
        require(task.lead_unit not in co, f"「{task.lead_unit.name}」已是牵头单位，不能同时作为配合单位")
        task.co_units.set(co)
    if "milestones" in new:
        _replace_milestones(task, raw["milestones"] or [])
    if "targets" in new:
        _replace_targets(task, raw["targets"] or [])
    return fields


def _replace_milestones(task: Task, items) -> None:
    old = {(m.name, m.due_on): m for m in task.milestones.all()}
    # Nodes already on the plan keep their done date and may lie in the past; new ones may not.
    fresh = [item for item in items if (item.get("name"), item.get("due_on")) not in old]
    miles = {(m.name, m.due_on): m for m in _milestones(task.deadline, fresh)}
    for item in items:
        key = (item.get("name"), item.get("due_on"))
        if key in old:
            kept = old[key]
            miles[key] = Milestone(name=kept.name, due_on=kept.due_on, done_on=kept.done_on,
                                   workdays_before_deadline=kept.workdays_before_deadline)
    task.milestones.all().delete()
    for item in miles.values():
        item.task = task
    Milestone.objects.bulk_create(sorted(miles.values(), key=lambda m: m.due_on))


def _replace_targets(task: Task, items) -> None:
    actuals = {t.metric: t.actual_value for t in task.targets.all()}
    targets = _targets(items)
    task.targets.all().delete()
    for item in targets:
        item.task, item.actual_value = task, actuals.get(item.metric)
    Target.objects.bulk_create(targets)
