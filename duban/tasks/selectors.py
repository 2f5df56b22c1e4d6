"""Reads: what a user sees, with lights computed in bulk (one query for milestones, not one per task)."""
import datetime as dt
from collections import defaultdict

from django.db.models import Prefetch, QuerySet

from duban.core import clock
from duban.core.models import Event
from duban.org.models import User
from duban.tasks.access import tasks_visible_to
from duban.tasks.lights import Light, task_light, worst
from duban.tasks.models import Milestone, Task


def tasks_with_relations(qs: QuerySet[Task]) -> QuerySet[Task]:
    return qs.select_related("programme", "lead_unit", "responsible_leader").prefetch_related(
        "co_units", Prefetch("milestones", queryset=Milestone.objects.order_by("due_on")))


def lights_for(tasks, *, today: dt.date | None = None) -> dict[int, Light]:
    """Lights of tasks whose milestones are prefetched (tasks_with_relations)."""
    today = today or clock.today()
    return {t.pk: task_light(t, today=today, milestones=list(t.milestones.all())) for t in tasks}


def tasks_of(user: User, *, programme: str | None = None, unit: str | None = None,
             state: str | None = None, light: str | None = None, today: dt.date | None = None):
    """The tasks a user sees, filtered; returns (task, light) pairs ordered trouble first."""
    qs = tasks_visible_to(user)
    if programme:
        qs = qs.filter(programme__name=programme)
    if unit:
        qs = qs.filter(lead_unit__name=unit) | qs.filter(co_units__name=unit)
    if state:
        qs = qs.filter(state=state)
    tasks = list(tasks_with_relations(qs.distinct()).order_by("deadline", "pk"))
    lights = lights_for(tasks, today=today)
    pairs = [(t, lights[t.pk]) for t in tasks if not light or lights[t.pk].color == light]
    from duban.tasks.lights import RANK

    return sorted(pairs, key=lambda p: RANK[p[1].color])


def task_rollup(task: Task, *, today: dt.date | None = None) -> tuple[int, Light | None]:
    """Progress and light rolled up from the subtasks (层层分解): mean percent, worst light."""
    subtasks = list(tasks_with_relations(task.subtasks.all()))
    if not subtasks:
        return task.percent, None
    lights = lights_for(subtasks, today=today)
    percent = round(sum(t.percent for t in subtasks) / len(subtasks))
    return percent, worst(lights.values())


def task_history(task: Task) -> list[Event]:
    return list(Event.objects.filter(task_id=task.pk).order_by("seq"))


def urge_counts(task_ids) -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    for task_id in Event.objects.filter(task_id__in=list(task_ids), action="task.urged").values_list(
            "task_id", flat=True):
        counts[task_id] += 1
    return counts
