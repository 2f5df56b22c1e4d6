"""Decomposition (层层分解): a task handed down as sub-tasks to units inside its lead unit's subtree
or to its co-operating units, by its supervisor or its lead unit's liaison. Each sub-task lives in
the parent's programme, ends no later than the parent and is assigned at once."""
import datetime as dt

from django.db import transaction

from duban.core import clock
from duban.org.models import User
from duban.org.services import unit_by_name
from duban.tasks.access import access_task
from duban.tasks.models import Task, TaskState
from duban.tasks.services.common import record, require_text
from duban.tasks.services.creation import require_assigned, task_create


@transaction.atomic
def task_decompose(*, actor: User, task_id, unit: str, title: str, deadline: dt.date | None,
                   content: str = "", milestones=None, targets=None) -> Task:
    """Create one sub-task for `unit` and assign it; the parent's history says so."""
    parent, _caps = access_task(actor, task_id)
    parent = Task.objects.select_for_update().select_related("lead_unit", "programme").get(pk=parent.pk)
    target_unit = unit_by_name(unit)  # the rules of a sub-task are task_create's (check_subtask)
    # Handing down assigns at once, so the parent must have been assigned itself.
    require_assigned(parent)
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
