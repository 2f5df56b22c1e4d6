"""我的待办: what waits for this user now, per role they hold.

Each box is a condition the database answers (the lights and lateness as database filters,
tasks.lights): a short box is read whole and put in order once lit; a long one is counted and its
most urgent BOX_ROWS tasks picked light by light, trouble first. Only the tasks shown are loaded
and lit. A province's inbox reads its pages, never every open task.
"""
import datetime as dt
from typing import NamedTuple

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from duban.core.models import Event
from duban.org.models import Role
from duban.tasks.access import memberships_of, supervised_tasks_q, supervises_anything, tasks_visible_to
from duban.tasks.filters import BY_DEADLINE, ByLight
from duban.tasks.light_sql import filter_by
from duban.tasks.lights import RANK, light_q, overdue_q, recheck_due_q, stale_q
from duban.tasks.models import OPEN_STATES, ExtensionRequest, ExtensionState, TaskState
from duban.tasks.selectors import lights_of_rows, task_rows_by_pk, tasks_by_pk

S = TaskState
CLOSURE_EVENTS = ("task.closure_requested", "task.closure_returned")
BOX_ROWS = 50
# A box counts its tasks up to here and past it says only "more than": a to-do list asks what to do
# first, and counting a province's hundreds of thousands of overdue tasks exactly would cost more
# than the rest of the page. The battle map and the task list give exact figures.
COUNT_CAP = 10_000


class Box(NamedTuple):
    rows: list        # its most urgent (task, light) pairs, at most BOX_ROWS
    count: int        # how many it holds, at most COUNT_CAP
    capped: bool      # it holds more than COUNT_CAP: `count` is a floor


def inbox_for(user, *, today: dt.date) -> dict[str, Box]:
    """Per box: its most urgent tasks and how many it holds, counted up to COUNT_CAP."""
    lights = light_q(today)
    picked: dict[str, tuple[list[int], int]] = {}
    whole: list[str] = []  # boxes read whole, put trouble first once their tasks are lit
    for key, (qs, order) in _boxes(user, today, lights).items():
        # Most boxes are short: one query reads all of it, where picking it light by light takes four.
        first = list(qs.order_by(*order).values_list("pk", flat=True)[:BOX_ROWS + 1])
        if len(first) <= BOX_ROWS:
            picked[key] = (first, len(first))
            whole.append(key)
        else:
            ids = ByLight(qs, {}, today, order=order, lights=lights).ids(0, BOX_ROWS)
            picked[key] = (ids, qs.order_by()[:COUNT_CAP + 1].count())
    shown = {pk for pks, _count in picked.values() for pk in pks}
    lit = lights_of_rows(task_rows_by_pk(shown), today=today)
    for key in whole:  # stable: within a light, the box's own order
        picked[key] = (sorted(picked[key][0], key=lambda pk: RANK[lit[pk].color]), picked[key][1])
    tasks = tasks_by_pk(shown)
    return {key: Box([(tasks[pk], lit[pk]) for pk in pks if pk in tasks], min(count, COUNT_CAP), count > COUNT_CAP)
            for key, (pks, count) in picked.items()}


def _boxes(user, today: dt.date, lights: dict[str, Q]) -> dict[str, tuple[QuerySet, tuple]]:
    """Per box: the query set of its tasks and how they are ordered after their light."""
    roles = {m.role for m in memberships_of(user)}
    visible = tasks_visible_to(user)
    open_tasks = visible.filter(state__in=OPEN_STATES)
    boxes: dict[str, tuple[QuerySet, tuple]] = {}
    if Role.LIAISON in roles:
        my_units = {m.unit_id for m in memberships_of(user) if m.role == Role.LIAISON}
        in_progress = open_tasks.filter(state=S.IN_PROGRESS).annotate(last_closure_word=Subquery(
            Event.objects.filter(task_id=OuterRef("pk"), action__in=CLOSURE_EVENTS).order_by("-id").values("action")[:1]))
        # Written without a negation: a task never sent for closure has no last word (NULL), and
        # NOT (NULL = ...) would drop it from the box it belongs in.
        returned = Q(last_closure_word="task.closure_returned")
        not_returned = Q(last_closure_word__isnull=True) | Q(last_closure_word="task.closure_requested")
        boxes["to_sign"] = (open_tasks.filter(lead_unit_id__in=my_units, state=S.ASSIGNED), BY_DEADLINE)
        boxes["returned"] = (in_progress.filter(returned), BY_DEADLINE)
        boxes["to_report"] = (in_progress.filter(not_returned), BY_DEADLINE)
    if supervises_anything(user):
        boxes.update(_supervisor_boxes(user, visible, open_tasks, today))
        # Closed tasks whose re-check is near or late (their light says so), the latest first.
        boxes["recheck"] = (filter_by(visible, recheck_due_q(today, lights)), ("recheck_due_on", "pk"))
    if Role.LEADER in roles:
        mine = open_tasks.filter(responsible_leader=user)
        boxes["to_review"] = (mine.filter(state=S.REVIEW), BY_DEADLINE)
        for color in ("red", "yellow", "green"):
            boxes[f"leader_{color}"] = (filter_by(mine, lights[color]), BY_DEADLINE)
    return boxes


def _supervisor_boxes(user, visible, open_tasks, today: dt.date) -> dict[str, tuple[QuerySet, tuple]]:
    """What waits for a supervisor, among the tasks this user supervises (not those it only reads,
    e.g. as a liaison, or as an auditor outside audit programmes)."""
    mine = open_tasks.filter(supervised_tasks_q(user))
    pending = ExtensionRequest.objects.filter(state=ExtensionState.PENDING, task_id=OuterRef("pk"))
    return {
        "closure_review": (mine.filter(state=S.CLOSURE_REQUESTED), BY_DEADLINE),
        "extension_review": (mine.filter(Q(Exists(pending))), BY_DEADLINE),
        "overdue": (mine.filter(overdue_q(today)), BY_DEADLINE),
        "stale": (mine.filter(stale_q(today)), BY_DEADLINE),
    }
