"""The append-only, hash-chained event log and its verification."""
import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from duban.core import clock
from duban.core.models import ChainHead, Event

GENESIS = "0" * 64
BATCH = 1000


def _canonical(event: Event) -> bytes:
    content = {
        "seq": event.seq,
        "at": event.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor": event.actor,
        "action": event.action,
        "task_id": event.task_id,
        "payload": event.payload,
        "state_after": event.state_after,
        "deadline_after": event.deadline_after.isoformat() if event.deadline_after else None,
    }
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def compute_hash(prev_hash: str, event: Event) -> str:
    return hashlib.sha256(prev_hash.encode() + b"\n" + _canonical(event)).hexdigest()


def append_event(*, actor: str, action: str, task=None, payload: dict | None = None) -> Event:
    """Append one event; must run inside the caller's transaction so state and log commit together."""
    _require_transaction("append_event")
    head, _ = ChainHead.objects.select_for_update().get_or_create(pk=1)
    event = _chained(head.seq + 1, head.hash, actor=actor, action=action, task=task, payload=payload)
    event.save()
    head.seq, head.hash = event.seq, event.hash
    head.save(update_fields=["seq", "hash"])
    return event


def append_events(entries: Iterable[dict]) -> list[Event]:
    """Append many events in one go, chained exactly as repeated `append_event` calls would chain them.

    Each entry holds `append_event`'s arguments (actor, action, task, payload). The head is locked
    once and written once, so a large import costs a few queries per batch instead of three per event.
    """
    _require_transaction("append_events")
    head, _ = ChainHead.objects.select_for_update().get_or_create(pk=1)
    events, seq, prev = [], head.seq, head.hash
    for entry in entries:
        seq += 1
        event = _chained(seq, prev, **entry)
        events.append(event)
        prev = event.hash
    if not events:
        return events
    Event.objects.bulk_create(events, batch_size=BATCH)
    head.seq, head.hash = seq, prev
    head.save(update_fields=["seq", "hash"])
    return events


def _require_transaction(name: str) -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(f"{name} must run inside a transaction")


def _chained(seq: int, prev_hash: str, *, actor: str, action: str, task=None, payload: dict | None = None) -> Event:
    event = Event(
        seq=seq,
        at=clock.now(),
        actor=actor,
        action=action,
        task_id=task.pk if task is not None else None,
        payload=json.loads(json.dumps(payload or {}, ensure_ascii=False, default=str)),
        state_after=task.state if task is not None else "",
        deadline_after=task.deadline if task is not None else None,
        prev_hash=prev_hash,
    )
    event.hash = compute_hash(prev_hash, event)
    return event


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    problem: str = ""


def verify_log() -> VerifyResult:
    """Walk the chain, then compare each task's state and deadline with its last event."""
    from django.apps import apps

    Task = apps.get_model("tasks", "Task")  # by name: core imports nothing of the layers above it

    prev, expected_seq, last_per_task = GENESIS, 1, {}
    for event in Event.objects.order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected_seq:
            return VerifyResult(False, expected_seq - 1, f"事件 #{expected_seq} 缺失（链在 #{event.seq} 处断开）")
        if event.prev_hash != prev or compute_hash(prev, event) != event.hash:
            return VerifyResult(False, expected_seq - 1, f"事件 #{event.seq}（{event.action}）的内容或哈希被改动")
        if event.task_id is not None:
            last_per_task[event.task_id] = (event.seq, event.state_after, event.deadline_after)
        prev, expected_seq = event.hash, expected_seq + 1
    head = ChainHead.objects.filter(pk=1).first()
    if head and (head.seq, head.hash) != (expected_seq - 1, prev):
        return VerifyResult(False, expected_seq - 1, f"链尾应为 #{head.seq}，实际只有 #{expected_seq - 1}：事件被删除")
    checked = expected_seq - 1
    for task_id, state, deadline in Task.objects.values_list("pk", "state", "deadline").iterator():
        last = last_per_task.get(task_id)
        if last is None:
            return VerifyResult(False, checked, f"事项 {task_id} 没有任何事件记录：绕过系统写入")
        seq, state_after, deadline_after = last
        if (state, deadline) != (state_after, deadline_after):
            return VerifyResult(
                False, checked,
                f"事项 {task_id} 的当前状态（{state}，{deadline}）与事件 #{seq} 记录的"
                f"（{state_after}，{deadline_after}）不一致：状态被绕过系统改动",
            )
    return VerifyResult(True, checked)
