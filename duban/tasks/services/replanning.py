"""When a deadline moves (an extension), the nodes still undone move with it, each keeping its
distance from the deadline in working days, as they were scheduled backwards (倒排) from it."""
import datetime as dt

from duban.core.workdays import add_workdays, workdays_between
from duban.tasks.models import Task


def replan_milestones(task: Task, old: dt.date | None, new: dt.date | None) -> list[list]:
    """Move the undone milestones; returns [name, old date, new date] for each one moved."""
    if old is None or new is None:
        return []
    moved = []
    for milestone in task.milestones.filter(done_on__isnull=True):
        before = milestone.workdays_before_deadline
        if before is None:
            before = workdays_between(milestone.due_on, old)
        due = add_workdays(new, -before)
        if due != milestone.due_on:
            moved.append([milestone.name, milestone.due_on, due])
            milestone.due_on = due
            milestone.save(update_fields=["due_on"])
    return moved
