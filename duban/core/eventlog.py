"""The append-only, keyed hash chain of events, and its verification.

Each entry's hash is an HMAC (key under DUBAN_HOME, never in the database) over the previous
entry's hash and a canonical form of the entry, including the digests of what it attests (see
attest.py). Without the key, an edited entry cannot be given a valid hash again.
"""
import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from duban.core import attest, clock
from duban.core.bulkinsert import insert_rows, reserve_ids
from duban.core.logkey import mac
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
        "attested": event.attested,
    }
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def compute_hash(prev_hash: str, event: Event) -> str:
    return mac(prev_hash.encode(), _canonical(event))


def append_event(*, actor: str, action: str, task=None, payload: dict | None = None) -> Event:
    """Append one event; must run inside the caller's transaction so state and log commit together.

    Call it after the change is written: the event attests the rows as they stand."""
    return append_events([{"actor": actor, "action": action, "task": task, "payload": payload}])[0]


def append_events(entries: Iterable[dict]) -> list[Event]:
    """Append many events in one go, chained exactly as repeated `append_event` calls would chain them.

    Each entry holds `append_event`'s arguments (actor, action, task, payload). The head is locked
    once and written once, so a large import costs a few queries per batch instead of three per event.
    """
    _require_transaction("append_events")
    entries = list(entries)
    head, _ = ChainHead.objects.select_for_update().get_or_create(pk=1)
    attested = _attested(entries)
    events, seq, prev = [], head.seq, head.hash
    for entry in entries:
        seq += 1
        event = _chained(seq, prev, attested, **entry)
        events.append(event)
        prev = event.hash
    if not events:
        return events
    _store(events)
    head.seq, head.hash = seq, prev
    head.save(update_fields=["seq", "hash"])
    return events


def _store(events: list[Event]) -> None:
    """One event as one INSERT; a run of them (an import) with reserved ids, streamed to the database."""
    if len(events) < BATCH:
        Event.objects.bulk_create(events, batch_size=BATCH)
        return
    for event, pk in zip(events, reserve_ids(Event, len(events)), strict=True):
        event.pk = pk
    insert_rows(Event, events)


def _attested(entries: list[dict]) -> dict:
    """Digests for each task named in the batch, and for each global scope an action touches."""
    found: dict = attest.tasks_attested(e["task"].pk for e in entries if e.get("task") is not None)
    for entry in entries:
        scope = attest.global_scope_for(entry["action"]) if entry.get("task") is None else None
        if scope is not None and scope.name not in found:
            found[scope.name] = attest.global_attested(scope)
    return found


def _require_transaction(name: str) -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(f"{name} must run inside a transaction")


def _chained(seq: int, prev_hash: str, attested: dict, *, actor: str, action: str, task=None,
             payload: dict | None = None) -> Event:
    scope = attest.global_scope_for(action) if task is None else None
    event = Event(
        seq=seq,
        at=clock.now(),
        actor=actor,
        action=action,
        task_id=task.pk if task is not None else None,
        payload=json.loads(json.dumps(payload or {}, ensure_ascii=False, default=str)),
        state_after=task.state if task is not None else "",
        deadline_after=task.deadline if task is not None else None,
        attested=attested.get(task.pk if task is not None else scope.name if scope else None, {}),
        prev_hash=prev_hash,
    )
    event.hash = compute_hash(prev_hash, event)
    return event


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    problem: str = ""


def verify_log(checkpoints=()) -> VerifyResult:
    """See verify.py; kept here so callers find the log's two halves in one place."""
    from duban.core.verify import verify_log as verify

    return verify(checkpoints)
