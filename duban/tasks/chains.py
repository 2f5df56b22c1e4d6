"""Which chain of the event log a task's events join: its jurisdiction's (see org/jurisdiction.py).

A task stays in the chain it started in, even when its lead unit changes later (a bureau reassigned
to another district, or the task given to another unit): a task's whole history is one run of one
chain, in order. Tasks of older versions, whose events are in the global chain, join their
district's chain at their next event.
"""
from duban.core.chains import GLOBAL
from duban.core.eventlog import inserted_ids
from duban.core.models import Event
from duban.org.jurisdiction import unit_jurisdictions
from duban.tasks.models import Task


def task_chains(tasks: list) -> dict[int, str]:
    inserted = inserted_ids(tasks)  # a task being created has started in no chain yet
    found = _started_in(sorted({t.pk for t in tasks} - inserted))
    new = [t for t in tasks if t.pk not in found]
    if new:
        held = [t.lead_unit for t in new if Task.lead_unit.is_cached(t) and t.lead_unit.path]
        places = unit_jurisdictions({t.lead_unit_id for t in new}, known=held)
        found.update({t.pk: str(places.get(t.lead_unit_id, t.lead_unit_id)) for t in new})
    return found


def _started_in(task_ids: list[int]) -> dict[int, str]:
    if not task_ids:
        return {}
    events = Event.objects.filter(task_id__in=task_ids).exclude(chain=GLOBAL).order_by()
    if len(task_ids) == 1:  # the usual single change: the first district event found will do
        chain = next(iter(events.values_list("chain", flat=True)[:1]), None)
        return {task_ids[0]: chain} if chain else {}
    return dict(events.values_list("task_id", "chain").distinct())
