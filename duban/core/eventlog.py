"""The append-only, keyed hash chain of events, and its verification.

Each entry's hash is an HMAC (key under DUBAN_HOME, never in the database) over the previous
entry's hash and a canonical form of the entry, including the digests of what it attests (see
attest.py). Without the key, an edited entry cannot be given a valid hash again.

There is one chain per jurisdiction (chains.py says which chain an event joins), each with its own
head row, so writers in different districts never wait on each other.
"""
import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction

from duban.core import attest, clock
from duban.core.bulkinsert import insert_rows, reserve_ids
from duban.core.chains import GLOBAL, chains_of, lock_heads
from duban.core.logkey import mac
from duban.core.models import Event

GENESIS = "0" * 64
BATCH = 1000

# (tasks) → None: what an app derives from a task's rows and keeps on it (the tasks app's next
# node), put right after every event about those tasks; registered at start-up.
_derived: list[Callable[[list], None]] = []


def register_derived(refresh: Callable[[list], None]) -> None:
    if refresh not in _derived:
        _derived.append(refresh)


# A row the service inserted in this transaction, whose first event is yet to be appended: it has no
# earlier events and nothing written after it (for a task: no reports, evidence or extension
# requests), and its inserter set what is derived from its rows. The chain resolver, the attested
# scopes and the derived hooks may then skip reading what cannot be there. `append_events` clears
# the mark once the event is appended, so a later event about the same object reads everything.
_INSERTED = "_inserted_awaiting_first_event"


def mark_inserted(objs: Iterable) -> None:
    """Say these just-inserted objects' next event is their first (call it right before appending)."""
    for obj in objs:
        setattr(obj, _INSERTED, True)


def inserted_ids(objs: Iterable) -> set[int]:
    """The primary keys of the objects that are all marked by `mark_inserted` (an unmarked object of
    the same row among them, as a caller that loaded it again holds, counts as not new)."""
    marked: dict[int, bool] = {}
    for obj in objs:
        marked[obj.pk] = marked.get(obj.pk, True) and getattr(obj, _INSERTED, False)
    return {pk for pk, new in marked.items() if new}


def _unmark(objs: Iterable) -> None:
    for obj in objs:
        obj.__dict__.pop(_INSERTED, None)


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
    chain = getattr(event, "chain", GLOBAL)  # the model as migrations before the chains knew it has none
    if chain != GLOBAL:  # the one chain of older versions is the global chain: its hashes stand
        content["chain"] = chain
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def compute_hash(prev_hash: str, event: Event) -> str:
    return mac(prev_hash.encode(), _canonical(event))


def append_event(*, actor: str, action: str, task=None, payload: dict | None = None) -> Event:
    """Append one event; must run inside the caller's transaction so state and log commit together.

    Call it after the change is written: the event attests the rows as they stand."""
    return append_events([{"actor": actor, "action": action, "task": task, "payload": payload}])[0]


def append_events(entries: Iterable[dict]) -> list[Event]:
    """Append many events in one go, chained exactly as repeated `append_event` calls would chain them.

    Each entry holds `append_event`'s arguments (actor, action, task, payload), and may say
    `"task_unchanged": True` when the event records something about its task without changing the
    task's rows (a reminder, a notice): the derived hooks then leave that task alone. Each chain's head is
    locked once and written once, so a large import costs a few queries per batch instead of three
    per event, and locks only the heads of the districts it writes to.
    """
    entries = list(entries)
    tasks = [e["task"] for e in entries if e.get("task") is not None]
    try:
        _require_transaction("append_events")
        return _append(entries, tasks) if entries else []
    finally:
        _unmark(tasks)


def _append(entries: list[dict], tasks: list) -> list[Event]:
    changed = [e["task"] for e in entries if e.get("task") is not None and not e.get("task_unchanged")]
    for refresh in _derived:
        if changed:
            refresh(changed)
    chains = chains_of(entries)
    heads = lock_heads(set(chains))
    new = inserted_ids(tasks)
    attested = _attested(entries, [task for task in tasks if task.pk in new])
    events = []
    for entry, chain in zip(entries, chains, strict=True):
        head = heads[chain]
        event = _chained(chain, head.seq + 1, head.hash, attested,
                         **{k: v for k, v in entry.items() if k != "task_unchanged"})
        events.append(event)
        head.seq, head.hash = event.seq, event.hash
    _store(events)
    for head in heads.values():
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


def _attested(entries: list[dict], inserted: list) -> dict:
    """Digests for each task named in the batch, and for each global scope an action touches."""
    found: dict = attest.tasks_attested((e["task"].pk for e in entries if e.get("task") is not None),
                                        inserted=inserted)
    for entry in entries:
        scope = attest.global_scope_for(entry["action"]) if entry.get("task") is None else None
        if scope is not None and scope.name not in found:
            found[scope.name] = attest.global_attested(scope)
    return found


def _require_transaction(name: str) -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(f"{name} must run inside a transaction")


def _chained(chain: str, seq: int, prev_hash: str, attested: dict, *, actor: str, action: str, task=None,
             payload: dict | None = None) -> Event:
    scope = attest.global_scope_for(action) if task is None else None
    event = Event(
        chain=chain,
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
    chains: int = 0


def verify_log(checkpoints=()) -> VerifyResult:
    """See verify.py; kept here so callers find the log's two halves in one place."""
    from duban.core.verify import verify_log as verify

    return verify(checkpoints)
