"""Changes to a task's plan outside the loop (ledger import, the task's editor): one event listing
what changed."""
import datetime as dt

from django.db import transaction
from django.utils.translation import gettext

from duban.core.eventlog import append_event
from duban.org.models import User
from duban.org.services import unit_by_name, user_by_username
from duban.tasks.models import Milestone, SourceKind, Target, Task, TaskState
from duban.tasks.services.common import require, require_future, require_text, tell
from duban.tasks.services.creation import (
    RECTIFICATION_FIELDS,
    build_milestones,
    build_targets,
    check_lead,
    check_leader,
    check_task_texts,
    clean_extra,
)

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
                             for t in build_targets(wanted["targets"])]
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
    require(caps.supervise, gettext("您无权修改事项「%(code)s」") % {"code": task.code})
    require(task.state not in (*DONE_STATES, TaskState.CANCELLED),
            gettext("事项「%(code)s」%(state)s，不能修改") % {"code": task.code, "state": gettext(task.get_state_display())})
    changes = task_changes(task, values)
    if not changes:
        return task
    fields = _apply_changes(actor, task, {k: v[1] for k, v in changes.items()}, values)
    task.save(update_fields=fields)
    tell(append_event(actor=actor.username, action="task.updated", task=task,
                      payload={"code": task.code, "changed": changes}), task)
    return task


def _apply_changes(actor: User, task: Task, new: dict, raw: dict) -> list[str]:
    fields = []
    for name in ("title", "content", "source_ref", "responsible_person", *RECTIFICATION_FIELDS):
        if name in new:
            if name != "title":
                check_task_texts(**{name: new[name]})
            value = require_text(new[name], "事项名称", 300) if name == "title" else new[name]
            setattr(task, name, clean_extra(task.programme, name, value))
            fields.append(name)
    if "source_kind" in new:
        require(new["source_kind"] in SourceKind.values, gettext("来源类型「%(value)s」无效") % {"value": new['source_kind']})
        task.source_kind = new["source_kind"]
        fields.append("source_kind")
    if "lead_unit" in new:
        lead = unit_by_name(new["lead_unit"])
        check_lead(actor, lead, task.programme)
        task.lead_unit = lead
        fields.append("lead_unit")
    if "responsible_leader" in new:
        leader = user_by_username(new["responsible_leader"]) if new["responsible_leader"] else None
        check_leader(leader, new["responsible_leader"])
        task.responsible_leader = leader
        fields.append("responsible_leader")
    if "deadline" in new:
        require_future(new["deadline"], "完成时限")
        task.deadline = new["deadline"]
        fields.append("deadline")
    if "co_units" in new:
        co = [unit_by_name(name) for name in new["co_units"]]
        require(task.lead_unit not in co, gettext("「%(unit)s」已是牵头单位，不能同时作为配合单位") % {"unit": task.lead_unit.name})
        task.co_units.set(co, through_defaults={"district_id": task.district_id})
    if "milestones" in new:
        _replace_milestones(task, raw["milestones"] or [])
    if "targets" in new:
        _replace_targets(task, raw["targets"] or [])
    return fields


def _replace_milestones(task: Task, items) -> None:
    old = {(m.name, m.due_on): m for m in task.milestones.all()}
    # Nodes already on the plan keep their done date and may lie in the past; new ones may not.
    fresh = [item for item in items if (item.get("name"), item.get("due_on")) not in old]
    miles = {(m.name, m.due_on): m for m in build_milestones(task.deadline, fresh)}
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
    targets = build_targets(items)
    task.targets.all().delete()
    for item in targets:
        item.task, item.actual_value = task, actuals.get(item.metric)
    Target.objects.bulk_create(targets)
