"""What every task service shares: the permission check, the write, and the one event."""
import datetime as dt

from duban.core import bounds, clock
from duban.core.errors import DomainError
from duban.core.eventlog import append_event
from duban.org.models import User
from duban.tasks.access import Capabilities, capabilities
from duban.tasks.models import Task, TaskState

STATE_LABELS = dict(TaskState.choices)


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise DomainError(message)


def require_state(task: Task, *states: str, doing: str) -> None:
    if task.state not in states:
        raise DomainError(f"事项当前为「{STATE_LABELS[task.state]}」，不能{doing}")


def caps_for(actor: User, task: Task) -> Capabilities:
    caps = capabilities(actor, task)
    if not caps.read:
        # Same words as a missing task: acting outside one's unit reveals nothing.
        raise DomainError(f"事项 {task.pk} 不存在")
    return caps


def require_future(day: dt.date | None, field: str) -> None:
    if day is not None and day < clock.today():
        raise DomainError(f"「{field}」{day.isoformat()}已经过去，请填写今天或以后的日期", field=field)
    bounds.check_date(day, field)


def require_text(value: str | None, field: str, max_length: int = bounds.TEXT_MAX) -> str:
    value = bounds.check_text(value, field, max_length).strip()
    if not value:
        raise DomainError(f"请填写「{field}」", field=field)
    return value


def record(actor: User, action: str, task: Task, fields: list[str], payload: dict | None = None):
    """Save the task's changed fields and write the event, inside the caller's transaction."""
    bounds.check_payload(payload)
    if fields:
        task.save(update_fields=fields)
    return append_event(actor=actor.username, action=action, task=task, payload=payload or {})
