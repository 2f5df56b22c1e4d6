"""Reads: what a user sees, with lights computed in bulk (one query for milestones, not one per task)."""
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Prefetch, QuerySet, Subquery

from duban.core import clock
from duban.core.models import Event
from duban.core.prepared import IdsQuery
from duban.org.models import User
from duban.tasks.lights import Light, task_light, worst
from duban.tasks.models import CoUnit, Milestone, Programme, Task, TaskState


def tasks_with_relations(qs: QuerySet[Task]) -> QuerySet[Task]:
    return qs.select_related("programme", "lead_unit", "responsible_leader").prefetch_related(
        "co_units", Prefetch("milestones", queryset=Milestone.objects.order_by("due_on")))


def lights_for(tasks, *, today: dt.date | None = None) -> dict[int, Light]:
    """Lights of tasks whose milestones are prefetched (tasks_with_relations)."""
    today = today or clock.today()
    return {t.pk: task_light(t, today=today, milestones=list(t.milestones.all())) for t in tasks}


class MilestoneRow(NamedTuple):
    name: str
    due_on: dt.date
    done_on: dt.date | None


@dataclass(frozen=True, slots=True)
class ProgrammeTerms:
    name: str
    warning_workdays: int
    report_cycle_workdays: int


@dataclass(slots=True)
class TaskRow:
    """What lights, counts and charts read of a task: `task_light` takes it like a Task.

    Pages over thousands of tasks read these plain rows instead of building model instances, and
    load full tasks only for the rows they display.
    """

    pk: int
    code: str | None
    title: str
    state: str
    percent: int
    deadline: dt.date | None
    closed_on: dt.date | None
    closure_requested_on: dt.date | None
    last_report_on: dt.date | None
    signed_at: dt.datetime | None
    assigned_on: dt.date | None
    created_at: dt.datetime
    programme_id: int
    lead_unit_id: int
    responsible_leader_id: int | None
    recheck_due_on: dt.date | None
    lead_label: str
    programme: ProgrammeTerms
    milestones: list[MilestoneRow] = field(default_factory=list)
    lead_name: str = ""


ROW_FIELDS = ("pk", "code", "title", "state", "percent", "deadline", "closed_on", "closure_requested_on",
              "last_report_on", "signed_at", "assigned_on", "created_at", "programme_id", "lead_unit_id",
              "responsible_leader_id", "recheck_due_on")
TERMS_FIELDS = ("programme__name", "programme__warning_workdays", "programme__report_cycle_workdays")


ROW_VALUES = (*ROW_FIELDS, *TERMS_FIELDS, "lead_unit__short_name", "lead_unit__name")
MILESTONE_VALUES = ("task_id", "name", "due_on", "done_on")
ROWS_BY_PK = IdsQuery(lambda pks: Task.objects.filter(pk__among=pks).values_list(*ROW_VALUES))
MILESTONES_BY_TASK = IdsQuery(lambda pks: Milestone.objects.filter(task_id__among=pks)
                              .order_by("due_on", "pk").values_list(*MILESTONE_VALUES))
CO_UNIT_NAMES = IdsQuery(lambda pks: CoUnit.objects.filter(task_id__among=pks)
                         .order_by("unit__path").values_list("task_id", "unit__name"))


def task_rows(qs: QuerySet[Task]) -> list[TaskRow]:
    """The tasks of `qs` as TaskRows with their milestones (due first), in two queries."""
    milestones = Milestone.objects.filter(task_id__in=Subquery(qs.order_by().values("pk"))).order_by("due_on", "pk")
    return _task_rows(qs.values_list(*ROW_VALUES), milestones.values_list(*MILESTONE_VALUES))


def task_rows_by_pk(pks) -> list[TaskRow]:
    """`task_rows` of the tasks with these ids (a page's), by two statements built once per process."""
    pks = list(pks)
    return _task_rows(ROWS_BY_PK.rows(pks), MILESTONES_BY_TASK.rows(pks)) if pks else []


def co_unit_names(pks) -> dict[int, list[str]]:
    """The co-operating units' names of the tasks with these ids, in the units' order."""
    names: dict[int, list[str]] = defaultdict(list)
    for task_id, name in CO_UNIT_NAMES.rows(pks) if pks else ():  # an empty page asks nothing
        names[task_id].append(name)
    return names


PROGRAMME_NAMES = IdsQuery(lambda pks: Programme.objects.filter(pk__among=pks).values_list("pk", "name"))


def programme_names(pks) -> dict[int, str]:
    """The programmes' names by id, for the few hundred a map shows."""
    return dict(PROGRAMME_NAMES.rows(pks)) if pks else {}


def _task_rows(rows_values, milestones) -> list[TaskRow]:
    terms: dict[tuple, ProgrammeTerms] = {}
    rows = []
    for values in rows_values:
        key = values[len(ROW_FIELDS):-2]
        programme = terms.get(key) or terms.setdefault(key, ProgrammeTerms(*key))
        rows.append(TaskRow(*values[:len(ROW_FIELDS)], values[-2] or values[-1], programme, lead_name=values[-1]))
    by_pk = {row.pk: row for row in rows}
    for task_id, *milestone in milestones:
        if task_id in by_pk:
            by_pk[task_id].milestones.append(MilestoneRow(*milestone))
    return rows


def lights_of_rows(rows, *, today: dt.date | None = None) -> dict[int, Light]:
    today = today or clock.today()
    return {row.pk: task_light(row, today=today, milestones=row.milestones) for row in rows}


def tasks_by_pk(pks) -> dict[int, Task]:
    """Full tasks, with what a list row shows, for the few rows a page displays."""
    return {t.pk: t for t in tasks_with_relations(Task.objects.filter(pk__in=list(pks)))}


def tasks_of(user: User, *, today: dt.date | None = None, offset: int = 0, limit: int | None = None,
             **filters):
    """The tasks a user sees, filtered (tasks.filters' vocabulary); (task, light) pairs trouble first,
    `limit` of them from `offset` (all when no limit)."""
    from duban.tasks.filters import filtered_tasks, parse_filters

    return filtered_tasks(user, parse_filters(filters), today=today, offset=offset, limit=limit)


def task_rollup(task: Task, *, today: dt.date | None = None) -> tuple[int, Light | None]:
    """Progress and light rolled up from the subtasks (层层分解): mean percent, worst light."""
    subtasks = list(tasks_with_relations(task.subtasks.all()))
    if not subtasks:
        return task.percent, None
    lights = lights_for(subtasks, today=today)
    percent = round(sum(t.percent for t in subtasks) / len(subtasks))
    return percent, worst(lights.values())


def task_history(task: Task) -> list[Event]:
    return list(Event.objects.filter(task_id=task.pk).order_by("id"))


def urge_counts(task_ids) -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    for task_id in Event.objects.filter(task_id__in=list(task_ids), action="task.urged").values_list(
            "task_id", flat=True):
        counts[task_id] += 1
    return counts


def task_summaries(user: User, *, today: dt.date | None = None, offset: int = 0, limit: int = 50,
                   **filters) -> list[dict]:
    """A page of `task_summary` dicts with each task's light, trouble first: the API's task list.

    The page's rows are picked in the database and read as plain values (task_rows, the co-units'
    names), never as model instances: a few queries whatever the page or the jurisdiction."""
    from duban.tasks.filters import ByLight, filtered_tasks_qs, parse_filters

    today = today or clock.today()
    f = parse_filters(filters)
    pks = ByLight(filtered_tasks_qs(user, f, today), f, today).ids(offset, limit)
    rows = {row.pk: row for row in task_rows_by_pk(pks)}
    co = co_unit_names(pks)
    return [{**_summary(rows[pk], programme=rows[pk].programme.name, lead_unit=rows[pk].lead_name, co_units=co[pk]),
             "light": task_light(rows[pk], today=today, milestones=rows[pk].milestones).as_dict()} for pk in pks]


def task_summary(task: Task) -> dict:
    """The fields every listing of a task shows (command line, API), in plain values."""
    return _summary(task, programme=task.programme.name, lead_unit=task.lead_unit.name,
                    co_units=[u.name for u in task.co_units.all()])


def _summary(task, *, programme: str, lead_unit: str, co_units: list[str]) -> dict:
    """`task_summary` of a Task or a TaskRow, given the names each holds its own way."""
    return {"id": task.pk, "code": task.code, "title": task.title, "state": task.state,
            "state_label": str(TaskState(task.state).label), "programme": programme, "lead_unit": lead_unit,
            "co_units": co_units, "deadline": task.deadline, "percent": task.percent}
