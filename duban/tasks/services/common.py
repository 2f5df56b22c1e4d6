"""What every task service shares: the permission check, the write, and the one event."""
import datetime as dt
from collections.abc import Callable

from django.utils.translation import gettext

from duban.core import bounds, clock
from duban.core.errors import DomainError, NotFound
from duban.core.eventlog import append_event
from duban.org.models import User
from duban.tasks.access import Capabilities, capabilities
from duban.tasks.kinds import kind_for
from duban.tasks.models import Task, TaskState
from duban.tasks.transitions import BY_NAME, Transition

STATE_LABELS = dict(TaskState.choices)


def require(allowed: bool, message: str | Callable[[], str]) -> None:
    """Refuse with `message` unless `allowed`; a callable message is only built for a refusal (a rule
    asked of every row of an import should not format and translate a message it will not show)."""
    if not allowed:
        raise DomainError(message() if callable(message) else message)


def require_state(task: Task, *states: str, doing: str) -> None:
    if task.state not in states:
        raise DomainError(gettext("事项当前为「%(state)s」，不能%(doing)s") % {"state": gettext(STATE_LABELS[task.state]), "doing": gettext(doing)})


def caps_for(actor: User, task: Task) -> Capabilities:
    caps = capabilities(actor, task)
    if not caps.read:
        # Same words as a missing task: acting outside one's unit reveals nothing.
        raise NotFound(gettext("事项 %(id)s 不存在") % {"id": task.pk})
    return caps


def require_future(day: dt.date | None, field: str) -> None:
    if day is not None and day < clock.today():
        raise DomainError(gettext("「%(field)s」%(day)s已经过去，请填写今天或以后的日期") % {"field": gettext(field), "day": day.isoformat()}, field=field)
    bounds.check_date(day, field)


def require_text(value: str | None, field: str, max_length: int = bounds.TEXT_MAX) -> str:
    value = bounds.check_text(value, field, max_length).strip()
    if not value:
        raise DomainError(gettext("请填写「%(field)s」") % {"field": gettext(field)}, field=field)
    return value


def record(actor: User, action: str, task: Task, fields: list[str], payload: dict | None = None):
    """Save the task's changed fields and write the event, inside the caller's transaction."""
    bounds.check_payload(payload)
    if fields:
        task.save(update_fields=fields)
    event = append_event(actor=actor.username, action=action, task=task, payload=payload or {})
    tell(event, task)
    return event


# Who hears of each action is supervision's business; it registers here when the app is ready
# (SupervisionConfig.ready), so the loop knows nothing of notifications and imports stay downward.
EVENT_LISTENERS: list = []


def tell(event, task) -> None:
    """The people an action concerns hear of it, through the outbox in the same transaction."""
    for listener in EVENT_LISTENERS:
        listener(event, task)


def load_for_update(actor: User, task_id) -> tuple[Task, Capabilities]:
    """The task locked for the change, or NotFound when it is missing or out of the actor's reach."""
    try:
        pk = int(task_id)
    except (TypeError, ValueError):
        raise NotFound(gettext("事项 %(id)s 不存在") % {"id": task_id}) from None
    task = Task.objects.select_for_update().select_related("programme", "lead_unit").filter(pk=pk).first()
    if task is None or actor is None or not getattr(actor, "is_authenticated", False):
        raise NotFound(gettext("事项 %(id)s 不存在") % {"id": task_id})
    return task, caps_for(actor, task)


def begin(actor: User, task_id, name: str, **params) -> tuple[Task, Capabilities, Transition]:
    """Everything the transitions table and the programme's kind say before an action: who, from
    which state, what else it needs, and the kind's own gate."""
    step = BY_NAME[name]
    task, caps = load_for_update(actor, task_id)
    require(step.allowed_by(caps), gettext(step.refusal))
    require_state(task, *step.from_states, doing=str(step.label))
    for need in step.needs:
        require(need.holds(task, actor), gettext(need.refusal))
    kind_for(task.programme).gate(name, task, actor, **params)
    return task, caps, step


def finish(actor: User, step: Transition, task: Task, fields: list[str], payload: dict | None = None,
           outcome: str = "done"):
    """Move the task to the outcome's state and write the outcome's event, in the caller's transaction."""
    result = step.outcome(outcome)
    if result.to_state is not None:
        task.state = result.to_state
        fields = ["state", *fields]
    return record(actor, result.event, task, fields, payload)
