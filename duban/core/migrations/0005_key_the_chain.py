"""Re-hash an existing chain under the installation's log key (the chain used to be plain SHA-256).

Only a chain that verifies under the old scheme is re-keyed: one already broken stays as it is, so
verify-log goes on naming it instead of this migration laundering the edit.
"""
import hashlib
import json

from django.db import migrations

GENESIS = "0" * 64


def _legacy_canonical(event) -> bytes:
    import datetime as dt

    content = {"seq": event.seq, "at": event.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
               "actor": event.actor, "action": event.action, "task_id": event.task_id,
               "payload": event.payload, "state_after": event.state_after,
               "deadline_after": event.deadline_after.isoformat() if event.deadline_after else None}
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _legacy_intact(Event) -> bool:
    prev = GENESIS
    for event in Event.objects.order_by("seq").iterator(chunk_size=2000):
        if event.prev_hash != prev or hashlib.sha256(prev.encode() + b"\n" + _legacy_canonical(event)).hexdigest() != event.hash:
            return False
        prev = event.hash
    return True


def rekey(apps, schema_editor):
    from duban.core.eventlog import compute_hash

    Event, ChainHead = apps.get_model("core", "Event"), apps.get_model("core", "ChainHead")
    if not Event.objects.exists() or not _legacy_intact(Event):
        return
    prev, batch = GENESIS, []
    for event in Event.objects.order_by("seq").iterator(chunk_size=2000):
        event.prev_hash = prev
        event.hash = prev = compute_hash(prev, event)
        batch.append(event)
        if len(batch) == 1000:
            Event.objects.bulk_update(batch, ["prev_hash", "hash"])
            batch = []
    Event.objects.bulk_update(batch, ["prev_hash", "hash"])
    ChainHead.objects.filter(pk=1).update(hash=prev)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_event_attested")]
    operations = [migrations.RunPython(rekey, migrations.RunPython.noop)]
