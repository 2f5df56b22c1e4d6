"""我的待办: what waits for this user now, per role they hold.

Boxes are sorted out over light rows of every open task; a box then shows its most urgent
BOX_ROWS tasks (loaded whole) and the count of the rest, so a district's inbox stays one screenful
per box.
"""
import datetime as dt

from django.db.models import Subquery

from duban.core.models import Event
from duban.org.models import Role
from duban.tasks.access import memberships_of, supervised_q, supervises_anything, tasks_visible_to
from duban.tasks.lights import RANK, is_overdue, is_stale
from duban.tasks.models import OPEN_STATES, ExtensionRequest, ExtensionState, TaskState
from duban.tasks.selectors import lights_of_rows, task_rows, tasks_by_pk

S = TaskState
CLOSURE_EVENTS = ("task.closure_requested", "task.closure_returned")
BOX_ROWS = 50


def _returned(task_ids) -> set[int]:
    """Tasks whose last word on closure was a return: the liaison has something to fix."""
    last: dict[int, str] = {}
    for task_id, action in (Event.objects.filter(task_id__in=task_ids, action__in=CLOSURE_EVENTS)
                            .order_by("id").values_list("task_id", "action")):
        last[task_id] = action
    return {pk for pk, action in last.items() if action == "task.closure_returned"}


def _rechecks(visible, today: dt.date) -> list:
    """Closed tasks whose re-check is near or late (their light says so), the latest first."""
    # Two months ahead covers any warning window; older closed tasks are not read at all.
    rows = task_rows(visible.filter(state=S.CLOSED, recheck_due_on__lte=today + dt.timedelta(days=62)))
    lights = lights_of_rows(rows, today=today)
    due = [(t, lights[t.pk]) for t in rows if lights[t.pk].color != "green"]
    return sorted(due, key=lambda p: (RANK[p[1].color], p[0].recheck_due_on, p[0].pk))


def inbox_for(user, *, today: dt.date) -> dict[str, tuple[list, int]]:
    """Per box: its most urgent (task, light) pairs, at most BOX_ROWS, and how many it holds."""
    boxes = _boxes(user, today=today)
    tasks = tasks_by_pk({row.pk for pairs in boxes.values() for row, _light in pairs[:BOX_ROWS]})
    return {key: ([(tasks[row.pk], light) for row, light in pairs[:BOX_ROWS] if row.pk in tasks], len(pairs))
            for key, pairs in boxes.items()}


def _boxes(user, *, today: dt.date) -> dict[str, list]:
    roles = {m.role for m in memberships_of(user)}
    visible = tasks_visible_to(user)
    tasks = task_rows(visible.filter(state__in=OPEN_STATES))
    lights = lights_of_rows(tasks, today=today)
    tasks.sort(key=lambda t: (RANK[lights[t.pk].color], t.deadline or dt.date.max, t.pk))
    pair = [(t, lights[t.pk]) for t in tasks]
    boxes: dict[str, list] = {}
    if Role.LIAISON in roles:
        my_units = {m.unit_id for m in memberships_of(user) if m.role == Role.LIAISON}
        lead = [(t, li) for t, li in pair if t.lead_unit_id in my_units]
        in_progress = [(t, li) for t, li in pair if t.state == S.IN_PROGRESS]
        returned = _returned([t.pk for t, _ in in_progress])
        boxes["to_sign"] = [(t, li) for t, li in lead if t.state == S.ASSIGNED]
        boxes["returned"] = [(t, li) for t, li in in_progress if t.pk in returned]
        boxes["to_report"] = [(t, li) for t, li in in_progress if t.pk not in returned]
    if supervises_anything(user):
        boxes.update(_supervisor_boxes(user, visible, pair, today))
        boxes["recheck"] = _rechecks(visible, today)
    if Role.LEADER in roles:
        mine = [(t, li) for t, li in pair if t.responsible_leader_id == user.pk]
        boxes["to_review"] = [(t, li) for t, li in mine if t.state == S.REVIEW]
        for color in ("red", "yellow", "green"):
            boxes[f"leader_{color}"] = [(t, li) for t, li in mine if li.color == color]
    return boxes


def _supervisor_boxes(user, visible, pair, today: dt.date) -> dict[str, list]:
    """What waits for a supervisor, among the tasks this user supervises (not those it only reads,
    e.g. as a liaison, or as an auditor outside audit programmes)."""
    mine = set(visible.filter(supervised_q(user, "lead_unit__path", "programme__kind")).values_list("pk", flat=True))
    pair = [(t, li) for t, li in pair if t.pk in mine]
    pending = set(ExtensionRequest.objects.filter(state=ExtensionState.PENDING, task_id__in=Subquery(
        visible.values("pk"))).values_list("task_id", flat=True))
    return {
        "closure_review": [(t, li) for t, li in pair if t.state == S.CLOSURE_REQUESTED],
        "extension_review": [(t, li) for t, li in pair if t.pk in pending],
        "overdue": [(t, li) for t, li in pair if is_overdue(t, today)],
        "stale": [(t, li) for t, li in pair if is_stale(t, today)],
    }
