"""The buttons of the task page, drawn from the transitions table, and the service each one calls.

The rule of who may do what stays in the table and the services; this only decides which buttons
to show, from the same table, so a user is not offered what the service would refuse.
"""
import datetime as dt

from duban.core.errors import DomainError
from duban.tasks import services as svc
from duban.tasks.services.evidence import check_files
from duban.tasks.transitions import BY_NAME, TRANSITIONS, Transition

ACTIONS = BY_NAME


def available_actions(task, caps, *, actor) -> list[Transition]:
    """The actions `actor` may take on `task` now, in the table's order."""
    return [t for t in TRANSITIONS
            if t.allowed_by(caps) and task.state in t.from_states and all(n.holds(task, actor) for n in t.needs)]


def _date(value: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise DomainError(f"「{value}」不是日期，请按 年-月-日 填写") from None


def _percent(value: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise DomainError("完成进度应为0到100之间的整数", field="percent") from None


def _value(form: str, step: Transition, post, uploads):
    if form == "decision":
        return post.get("decision") == "yes"
    if form == "percent":
        return _percent(post.get("percent"))
    if form == "milestones":
        return post.getlist("milestones")
    if form == "files":
        return uploads
    if form == "date":
        day = _date(post.get("date", ""))
        if day is None and "date" in step.required:
            raise DomainError("请填写「新的完成时限」", field="date")
        return day
    return post.get(form, "")


def perform(name: str, *, actor, task_id, post, files) -> str:
    """Call the one service behind a button; returns the message to show on success."""
    step = ACTIONS[name]
    uploads = files.getlist("files")
    check_files(uploads)
    kwargs = {p.arg: _value(p.form, step, post, uploads) for p in step.params}
    getattr(svc, step.service)(actor=actor, task_id=task_id, **kwargs)
    return f"已{step.shown_label}"
