"""What the task page shows: the task, its light and why, timeline, targets, subtasks, reports,
history, and only the actions this user may take now."""
from django.utils.translation import gettext

from duban.core import clock
from duban.core.workdays import workdays_between
from duban.tasks.access import tasks_visible_to
from duban.tasks.lights import task_light
from duban.tasks.models import OPEN_STATES, ExtensionState, TaskState
from duban.tasks.selectors import lights_for, task_history, task_rollup, tasks_with_relations
from duban.tasks.transitions import EVENT_WORDS
from duban.web.actions import available_actions

S = TaskState


def _countdown(task, today, light) -> str:
    """Days left, unless the light's reason already says it."""
    if task.deadline and (f"{task.deadline.month}月{task.deadline.day}日" in light.reason
                          or light.reason.startswith("已逾期")):
        return ""
    if not task.deadline:
        return "长期坚持"
    if task.state not in OPEN_STATES:
        return f"完成时限 {task.deadline.month}月{task.deadline.day}日"
    left = workdays_between(today, task.deadline)
    when = f"{task.deadline.month}月{task.deadline.day}日"
    return f"剩余{left}个工作日 · {when}" if left >= 0 else f"已逾期{-left}个工作日 · {when}"


def _milestones(task, today):
    out = []
    for m in task.milestones.all():
        status = "done" if m.done_on else ("late" if m.due_on < today else "todo")
        out.append({"m": m, "status": status})
    return out


def _targets(task):
    rows = []
    for t in task.targets.all():
        ratio = None
        if t.actual_value is not None and t.target_value:
            ratio = min(100, round(100 * float(t.actual_value) / float(t.target_value)))
        rows.append({"t": t, "ratio": ratio})
    return rows


def _events(task):
    return [{"e": e, "word": gettext(EVENT_WORDS.get(e.action, e.action)),
             "detail": e.payload.get("reason") or e.payload.get("text") or e.payload.get("comment") or ""}
            for e in task_history(task)]


def task_page_context(user, task, caps, *, error=None) -> dict:
    today = clock.today()
    milestones = list(task.milestones.all())
    subtasks = list(tasks_with_relations(tasks_visible_to(user).filter(parent=task)))
    sub_lights = lights_for(subtasks, today=today)
    pending = task.extensions.filter(state=ExtensionState.PENDING).first()
    light = task_light(task, today=today, milestones=milestones)
    actions = available_actions(task, caps, actor=user)
    rollup_percent, rollup_light = task_rollup(task, today=today) if subtasks else (task.percent, None)
    return {
        "task": task, "caps": caps, "light": light, "countdown": _countdown(task, today, light), "co_units": list(task.co_units.all()),
        "milestones": _milestones(task, today), "targets": _targets(task),
        "subtasks": [(t, sub_lights[t.pk]) for t in subtasks], "rollup_percent": rollup_percent,
        "rollup_light": rollup_light,
        "reports": list(task.reports.select_related("author", "unit").prefetch_related("evidence")),
        "closure_evidence": list(task.evidence.filter(report__isnull=True)),
        "extensions": list(task.extensions.select_related("requested_by", "decided_by")),
        "pending_extension": pending, "events": _events(task),
        "actions": actions, "error": error, "today": today,
        # An error of an action no longer offered (the state moved on) is shown above the buttons.
        "loose_error": error if error and error["action"] not in {a.name for a in actions} else None,
    }
