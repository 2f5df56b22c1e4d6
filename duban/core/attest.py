"""What the event log vouches for beyond its own entries: the rows each domain app owns.

Every event about a task carries a keyed digest of each attested part of that task as it stands
after the event (title, units, leader, progress, targets, reports, evidence...); an event about the
directory carries digests of the unit tree, the roles and the accounts. verify-log recomputes them
from the tables and names the first part that no longer matches. The apps register their parts at
start-up, so the log (in core) knows nothing of tasks or units.
"""
import functools
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from duban.core.logkey import keyed, log_key

DIGEST_CHARS = 16  # 64 bits of an HMAC: without the key, a matching edit cannot even be tried offline


@dataclass(frozen=True)
class Scope:
    """A set of rows attested together: per task (keyed by task id) or once for the installation."""

    name: str
    labels: dict[str, str]          # part → the words verify-log uses to name it
    parts: Callable                 # per task: (ids) → {id: {part: value}}; global: () → {part: value}
    actions: tuple[str, ...] = ()   # global scopes: the action prefixes whose events attest them
    # per task, optional: (the task objects) → `parts` of tasks inserted in this transaction, at
    # their first event (eventlog.mark_inserted), reading only the tables their inserter wrote to
    inserted_parts: Callable | None = None


TASKS: list[Scope] = []
GLOBAL: list[Scope] = []


def register_task_scope(scope: Scope) -> None:
    if all(s.name != scope.name for s in TASKS):
        TASKS.append(scope)


def register_global_scope(scope: Scope) -> None:
    if all(s.name != scope.name for s in GLOBAL):
        GLOBAL.append(scope)


def digest(parts: dict) -> dict[str, str]:
    """Each part's `mac(b"attest", name, canonical value)`, cut to DIGEST_CHARS."""
    key = keyed()
    known = _known_digests(log_key())
    found = {}
    for name, value in sorted(parts.items()):
        text = b"attest\n" + name.encode() + b"\n" + _canonical(value)
        if (mac := known.get(text)) is None:
            one = key.copy()
            one.update(text)
            mac = one.hexdigest()[:DIGEST_CHARS]
            if len(text) <= KNOWN_TEXT:
                if len(known) >= KNOWN_MOST:  # full of one-off values (codes, names): start again
                    known.clear()
                known[text] = mac
        found[name] = mac
    return found


# Most parts of most tasks hold the same few short values (no leader, no reports yet, a draft's
# state, the district's programme): their digests are remembered per log key, not recomputed.
KNOWN_TEXT = 96
KNOWN_MOST = 4096


@functools.lru_cache(maxsize=2)
def _known_digests(key: bytes) -> dict[bytes, str]:
    return {}


# json.dumps with these options would build this encoder for every value.
_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def _canonical(value) -> bytes:
    return _ENCODER.encode(value).encode()


def tasks_attested(task_ids: Iterable[int], *, inserted: Iterable = ()) -> dict[int, dict[str, str]]:
    """The digests of every attested part of each task, as the tables hold them now (`inserted`:
    objects of tasks at their first event, see `Scope.inserted_parts`; their digests are the same)."""
    ids = sorted(set(task_ids))
    merged: dict[int, dict] = {pk: {} for pk in ids}
    fresh = {task.pk: task for task in inserted if task.pk in merged}
    for scope in TASKS:
        new = list(fresh.values()) if scope.inserted_parts else []
        rest = [pk for pk in ids if pk not in fresh] if new else ids
        for read, chunk in ((scope.parts, rest), (scope.inserted_parts, new)):
            for pk, parts in (read(chunk).items() if chunk else ()):
                merged[pk].update(parts)
    return {pk: digest(parts) for pk, parts in merged.items()}


def global_scope_for(action: str) -> Scope | None:
    return next((s for s in GLOBAL if action.startswith(s.actions)), None)


def global_attested(scope: Scope) -> dict[str, str]:
    return {"scope": scope.name, **digest(scope.parts())}


def label(part: str) -> str:
    for scope in (*TASKS, *GLOBAL):
        if part in scope.labels:
            return scope.labels[part]
    return part


def first_difference(recorded: dict[str, str], current: dict[str, str]) -> str | None:
    """The first attested part whose digest changed, or None when all match."""
    # In the order the scopes list their parts (title before evidence), not the database's key order.
    order = [part for scope in (*TASKS, *GLOBAL) for part in scope.labels]
    order += sorted(set(recorded) - set(order) - {"scope"})
    return next((part for part in order if part in recorded and recorded[part] != current.get(part)), None)
