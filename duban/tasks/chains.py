"""Which chain of the event log a task's events join: its jurisdiction's (see org/jurisdiction.py).

A task stays in the chain it started in, even when its lead unit changes later (a bureau reassigned
to another district, or the task given to another unit): a task's whole history is one run of one
chain, in order. Tasks of older versions, whose events are in the global chain, join their
district's chain at their next event.
"""
from duban.tasks.models import Task, assign_districts


def task_chains(tasks: list) -> dict[int, str]:
    """Each task's chain: its district (`Task.district`, set when it was written and never changed).
    A task read without the column asks for it (one query for them all); one not yet written is given
    its lead unit's jurisdiction, as its insert will."""
    found: dict[int, str] = {}
    unread, unwritten = [], []
    for task in tasks:
        district = task.__dict__.get("district_id")  # absent when the task was read without it (only())
        if district is not None:
            found[task.pk] = str(district)
        elif task.pk is not None and not task._state.adding:
            unread.append(task.pk)
        else:
            unwritten.append(task)
    if unread:
        found.update((pk, str(d)) for pk, d in Task.objects.filter(pk__in=unread).values_list("pk", "district_id"))
    if unwritten:
        assign_districts(unwritten)
        found.update((t.pk, str(t.district_id)) for t in unwritten)
    return found
