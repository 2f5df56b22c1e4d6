"""Decomposition (层层分解): a task handed down as sub-tasks to units inside its lead unit's subtree
or to its co-operating units, by its supervisor or its lead unit's liaison. Each sub-task lives in
the parent's programme, ends no later than the parent and is assigned at once."""
import datetime as dt

from django.db import transaction
from django.utils.translation import gettext

from duban.core import clock
from duban.org.models import Unit, User
from duban.org.services import unit_by_name
from duban.tasks.access import access_task
from duban.tasks.models import OPEN_STATES, Task, TaskState
from duban.tasks.services.common import record, require, require_text
from duban.tasks.services.creation import task_create


def decomposable_units(task: Task) -> list[Unit]:
    """Units a sub-task may go to: below the lead unit, or co-operating on the parent."""
    below = Unit.objects.filter(path__startswith=task.lead_unit.path).exclude(pk=task.lead_unit_id)
    return sorted({*below, *task.co_units.all()}, key=lambda u: u.path)


def _check(actor: User, parent: Task, caps, unit: Unit, deadline: dt.date | None) -> None:
    require(caps.supervise or caps.lead, gettext("只有督查员或牵头单位的联络员可以分解事项"))
    require(parent.state in OPEN_STATES and parent.state not in (TaskState.DRAFT, TaskState.REVIEW),
            gettext("事项当前为「%(state)s」，交办后才能分解") % {"state": gettext(parent.get_state_display())})
    require(unit in decomposable_units(parent),
            gettext("「%(unit)s」不在牵头单位「%(lead)s」之下，也不是配合单位，不能分解给它") % {"unit": unit.name, "lead": parent.lead_unit.name})
    require(deadline is not None, gettext("请填写分解事项的「完成时限」"))
    require(parent.deadline is None or deadline <= parent.deadline,
            gettext("分解事项的完成时限 %(deadline)s 不能晚于上级事项的 %(parent)s") % {"deadline": deadline, "parent": parent.deadline})


@transaction.atomic
def task_decompose(*, actor: User, task_id, unit: str, title: str, deadline: dt.date | None,
                   content: str = "", milestones=None, targets=None) -> Task:
    """Create one sub-task for `unit` and assign it; the parent's history says so."""
    parent, caps = access_task(actor, task_id)
    parent = Task.objects.select_for_update().select_related("lead_unit", "programme").get(pk=parent.pk)
    target_unit = unit_by_name(unit)
    _check(actor, parent, caps, target_unit, deadline)
    child = task_create(actor=actor, title=require_text(title, "事项名称"), programme=parent.programme.name,
                        lead_unit=target_unit.name, deadline=deadline, content=content,
                        source_kind=parent.source_kind, source_ref=parent.source_ref, parent=parent.pk,
                        milestones=milestones, targets=targets)
    # Handing down is the assignment: the sub-unit hears 交办 as from any supervisor.
    child.state, child.assigned_on = TaskState.ASSIGNED, clock.today()
    record(actor, "task.assigned", child, ["state", "assigned_on"], {"decomposed_from": parent.pk})
    record(actor, "task.decomposed", parent, [], {"subtask": child.pk, "code": child.code, "title": child.title,
                                                  "unit": target_unit.name, "deadline": deadline})
    return child
