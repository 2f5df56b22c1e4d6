"""Firing ladder steps: one transaction per chunk of candidates, one event per step, and the
notifications in the same transaction, so a step is never logged without being told or told twice."""
import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F

from duban.core import clock
from duban.core.chains import lock_task_chains
from duban.core.eventlog import append_events
from duban.supervision.models import LadderStep, Notice, NoticeColor, NoticeCounter, OutboxMessage, Rung
from duban.supervision.notify import Directory, md, messages_for
from duban.tasks.models import Milestone, Task, TaskState

SWEEP_ACTOR = "duban-sweep"
# The urge keeps the closed loop's action name, so urge counts include the automatic ones.
ACTIONS = {
    Rung.REMINDER: "supervision.reminded", Rung.URGE: "task.urged", Rung.PACE: "supervision.notice_issued",
    Rung.NOTICE: "supervision.notice_issued", Rung.ESCALATION: "supervision.escalated",
    Rung.RECHECK: "supervision.recheck_due", Rung.STALE: "supervision.report_overdue",
}
ACTIVE = (TaskState.ASSIGNED, TaskState.IN_PROGRESS)


@dataclass(frozen=True)
class Candidate:
    task_id: int
    rung: str
    node: str  # "deadline", "milestone:<id>", "report", "recheck"
    due_on: dt.date
    detail: str = ""  # e.g. "落后序时进度35个百分点"


def notice_number(prefix: str, year: int) -> int:
    """The next number of the year for this prefix; the row lock makes two sweeps take different ones."""
    try:
        with transaction.atomic():
            NoticeCounter.objects.get_or_create(prefix=prefix, year=year)
    except IntegrityError:
        pass  # another sweep created the counter first
    counter = NoticeCounter.objects.select_for_update().get(prefix=prefix, year=year)
    NoticeCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    return counter.last + 1


class NoticeNumbers:
    """Numbers for the notices of one chunk: each counter is locked and read once, handed out in
    order, and written back once before the chunk commits (what `notice_number` does per notice,
    at five statements each)."""

    def __init__(self):
        self._last: dict[tuple[str, int], int] = {}
        self._start: dict[tuple[str, int], int] = {}

    def take(self, prefix: str, year: int) -> int:
        key = (prefix, year)
        if key not in self._last:
            self._last[key] = self._start[key] = notice_number(prefix, year)
            return self._last[key]
        self._last[key] += 1
        return self._last[key]

    def save(self) -> None:
        for (prefix, year), last in self._last.items():
            if last != self._start[(prefix, year)]:
                NoticeCounter.objects.filter(prefix=prefix, year=year).update(last=last)


def fire_chunk(candidates: list[Candidate], *, today: dt.date, ladders: dict) -> list[str]:
    """Fire what is still due among `candidates`; returns the rungs that fired."""
    if not candidates:
        return []
    with transaction.atomic():
        # Take the event log's locks first (the heads of these tasks' chains, in one order): every
        # writer takes them, so sweeps never deadlock each other, and the tasks read below are current.
        lock_task_chains(Task.objects.filter(pk__in={c.task_id for c in candidates}).only("pk", "district_id"))
        tasks = {t.pk: t for t in Task.objects.filter(pk__in={c.task_id for c in candidates})
                 .select_related("programme", "lead_unit", "responsible_leader").prefetch_related("co_units")}
        directory, numbers = Directory(list(tasks.values())), NoticeNumbers()
        fired, outbox, events = [], [], []
        for c in candidates:
            task = tasks.get(c.task_id)
            if task is None or not _still_due(task, c):
                continue
            if _fire(task, c, today=today, ladder=ladders[task.programme_id], directory=directory, outbox=outbox,
                     events=events, numbers=numbers):
                fired.append(c.rung)
        numbers.save()
        append_events(events)  # one chained batch per chunk, in the order the steps fired
        OutboxMessage.objects.bulk_create(outbox, ignore_conflicts=True)
    return fired


def _still_due(task: Task, c: Candidate) -> bool:
    """Re-read under the lock: the task may have been closed or extended since it was selected."""
    if c.rung == Rung.RECHECK:
        return task.state == TaskState.CLOSED and task.recheck_due_on == c.due_on
    if task.state not in ACTIVE:
        return False
    if c.node == "deadline" or c.rung == Rung.PACE:
        return task.deadline == c.due_on
    if c.node.startswith("milestone:"):
        return Milestone.objects.filter(pk=int(c.node.split(":")[1]), due_on=c.due_on, done_on__isnull=True).exists()
    return True


def _fire(task, c: Candidate, *, today, ladder, directory, outbox, events, numbers: NoticeNumbers) -> bool:
    try:
        with transaction.atomic():
            step = LadderStep.objects.create(task=task, rung=c.rung, node=c.node, due_on=c.due_on,
                                             fired_on=today, created_at=clock.now())
    except IntegrityError:
        return False  # already fired, by an earlier run or a concurrent sweep
    title, text, payload = _wording(task, c, today)
    color = _notice_color(c, ladder)
    if color:
        seq = numbers.take(ladder.prefix, today.year)
        notice = Notice.objects.create(step=step, task=task, prefix=ladder.prefix, year=today.year, seq=seq,
                                       color=color, reason=text[:300], issued_on=today)
        title = f"【{notice.get_color_display()}督办单 {notice.number}】{task.title}"[:200]
        payload.update(notice=notice.number, color=color)
    # A step changes none of the task's rows: what is derived from them (next node, kept counts) stands.
    events.append({"actor": SWEEP_ACTOR, "action": ACTIONS[c.rung], "task": task, "payload": payload,
                   "task_unchanged": True})
    outbox += messages_for(cause=f"step:{step.pk}", task=task, rung=c.rung, title=title, text=text,
                           directory=directory)
    return True


def _notice_color(c: Candidate, ladder) -> str:
    if c.rung == Rung.NOTICE:
        return NoticeColor.RED
    if c.rung == Rung.PACE:
        return NoticeColor.YELLOW
    if c.rung == Rung.REMINDER and ladder.blue_notice:
        return NoticeColor.BLUE
    return ""


def _node_label(task: Task, c: Candidate) -> str:
    if c.node.startswith("milestone:"):
        name = Milestone.objects.filter(pk=int(c.node.split(":")[1])).values_list("name", flat=True).first()
        return f"节点「{name}」"
    return "完成时限"


def _wording(task: Task, c: Candidate, today: dt.date) -> tuple[str, str, dict]:
    label = Rung(c.rung).label
    what = _node_label(task, c) if c.node not in ("report", "recheck") else ""
    texts = {
        Rung.REMINDER: f"{what}为{md(c.due_on)}，请按时完成。",
        Rung.URGE: f"{what}{md(c.due_on)}已到，请抓紧办理并报送进展。",
        Rung.NOTICE: f"{what}{md(c.due_on)}已过，事项逾期未完成，请立即整改并书面报告。",
        Rung.ESCALATION: f"{what}{md(c.due_on)}已过，逾期较长，报请责任领导约谈督导。",
        Rung.PACE: f"事项落后序时进度：{c.detail}，完成时限{md(c.due_on)}。",
        Rung.RECHECK: f"已销号事项的回头看于{md(c.due_on)}到期，请组织复查。",
        Rung.STALE: f"进展报送应于{md(c.due_on)}前完成，至今未报送。",
    }
    text = f"「{task.title}」（{task.lead_unit.name}牵头）：{texts[Rung(c.rung)]}"
    payload = {"rung": c.rung, "node": c.node, "due_on": c.due_on.isoformat(), "text": text}
    return f"【{label}】{task.title}"[:200], text, payload
