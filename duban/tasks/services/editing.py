"""Editing a task's plan from its form or the command line. A draft changes field by field; once
assigned, each change is one `task.updated` event with every field's before and after, and the
lead unit is told (task_update writes both)."""
import datetime as dt

from django.utils.translation import gettext

from duban.core.workdays import add_workdays
from duban.org.models import User
from duban.tasks.access import access_task
from duban.tasks.models import Task
from duban.tasks.services.common import require
from duban.tasks.services.updates import task_update


def _dated(milestones, deadline: dt.date | None) -> list[dict]:
    """Backward-scheduled nodes (倒排) get their date now, so the history shows dates, not offsets."""
    result = []
    for item in milestones:
        item = dict(item)
        if item.get("due_on") is None and item.get("workdays_before") is not None:
            require(deadline is not None, gettext("节点「%(name)s」按完成时限倒排，但事项没有完成时限") % {"name": item.get('name')})
            item["due_on"] = add_workdays(deadline, -int(item["workdays_before"]))
        result.append(item)
    return result


def task_edit(*, actor: User, task_id, **values) -> Task:
    """Change the given fields (the keyword names of `task_values`); fields not given stay."""
    task, _caps = access_task(actor, task_id)  # out of reach reads as missing, before anything else
    if values.get("milestones") is not None:
        deadline = values["deadline"] if "deadline" in values else task.deadline
        values["milestones"] = _dated(values["milestones"], deadline)
    return task_update(actor=actor, task_id=task.pk, **values)
