"""Reads for export: the tasks a user sees, with what the loop has recorded about each, in bulk."""
import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils import timezone

from duban.core.models import Event
from duban.org.models import User
from duban.supervision.assessment import task_costs
from duban.tasks.models import Evidence, ProgressReport, Target
from duban.tasks.selectors import tasks_of

CHUNK = 500
_ACTIONS = ("task.instructed", "task.urged", "task.closure_approved", "task.closure_returned",
            "task.recheck_consolidated", "task.recheck_rebound")


@dataclass
class Record:
    """What the loop says about one task, beyond its own fields."""

    instructions: list[str] = field(default_factory=list)
    urges: int = 0
    review: str = ""
    recheck: str = ""
    latest: ProgressReport | None = None
    evidence: list[str] = field(default_factory=list)
    score: int = 0  # the points this task has cost or earned its lead unit (考评得分)


def ledger_tasks(user: User, *, programme=None, unit=None, state=None, light=None, today=None):
    """(task, light) pairs in 编号 order, as the office files them."""
    pairs = tasks_of(user, programme=programme, unit=unit, state=state, light=light, today=today)
    return sorted(pairs, key=lambda p: (p[0].code or "", p[0].pk))


def ledger_rows(pairs: list) -> Iterator[tuple]:
    """Yields (task, light, Record), reading the loop's records a chunk of tasks at a time."""
    for start in range(0, len(pairs), CHUNK):
        chunk = pairs[start:start + CHUNK]
        records = _records([t.pk for t, _ in chunk])
        targets = defaultdict(list)
        for target in Target.objects.filter(task_id__in=records).order_by("pk"):
            targets[target.task_id].append(target)
        for task, light in chunk:
            task.ledger_targets = targets[task.pk]
            yield task, light, records[task.pk]


def _records(ids: list[int]) -> dict[int, Record]:
    records = {pk: Record() for pk in ids}
    names = dict(User.objects.values_list("username", "display_name"))
    for event in Event.objects.filter(task_id__in=ids, action__in=_ACTIONS).order_by("id"):
        _apply(records[event.task_id], event, names.get(event.actor) or event.actor)
    for report in (ProgressReport.objects.filter(task_id__in=ids).order_by("task_id", "-reported_on", "-pk")
                   .only("task_id", "text", "reported_on")):
        if records[report.task_id].latest is None:
            records[report.task_id].latest = report
    for task_id, name in Evidence.objects.filter(task_id__in=ids).order_by("pk").values_list("task_id", "name"):
        records[task_id].evidence.append(name)
    for task_id, score in task_costs(ids).items():
        records[task_id].score = score
    return records


def _apply(record: Record, event: Event, who: str) -> None:
    payload = event.payload or {}
    if event.action == "task.instructed":
        record.instructions.append(f"{who}：{payload.get('text', '')}")
    elif event.action == "task.urged":
        record.urges += 1
    elif event.action == "task.closure_approved":
        record.review = _joined("同意", payload.get("comment"))
    elif event.action == "task.closure_returned":
        record.review = _joined("退回", payload.get("reason"))
    elif event.action == "task.recheck_consolidated":
        record.recheck = _joined("已巩固", payload.get("comment"))
    elif event.action == "task.recheck_rebound":
        record.recheck = _joined("反弹", payload.get("comment"))


def _joined(verdict: str, text) -> str:
    return f"{verdict}：{text}" if text else verdict


def local_date(value: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(value) if value else None

