"""An installation upgraded from the unkeyed chain: an intact chain is re-keyed, a broken one stays broken."""
import hashlib
import importlib

import pytest
from django.apps import apps
from django.db.models import F

from duban.core.eventlog import GENESIS, verify_log
from duban.core.models import ChainHead, Event

pytestmark = pytest.mark.django_db
migration = importlib.import_module("duban.core.migrations.0005_key_the_chain")


def _as_before_the_key(edit_seq: int | None = None) -> None:
    """Rewrite the log as one chain with plain SHA-256 and no attestations, as older versions wrote it."""
    Event.objects.update(chain="global", seq=-F("id"))  # older versions had one chain, numbered in order
    ChainHead.objects.exclude(chain="global").delete()
    prev = GENESIS
    for seq, event in enumerate(Event.objects.order_by("id"), start=1):
        event.seq, event.attested = seq, {}
        event.prev_hash, event.hash = prev, hashlib.sha256(
            prev.encode() + b"\n" + migration._legacy_canonical(event)).hexdigest()
        if event.seq == edit_seq:
            event.actor = "someone-else"  # edited after hashing, as a raw edit would be
        event.save()
        prev = event.hash
    ChainHead.objects.update_or_create(chain="global", defaults={"seq": Event.objects.count(), "hash": prev})


def test_it_rekeys_an_intact_unkeyed_chain(world):
    world.task(state="in_progress")
    _as_before_the_key()
    assert not verify_log().ok
    migration.rekey(apps, None)
    assert verify_log().ok


def test_it_leaves_a_broken_unkeyed_chain_broken(world):
    world.task(state="in_progress")
    _as_before_the_key(edit_seq=3)
    migration.rekey(apps, None)
    result = verify_log()
    assert not result.ok and "事件 #1" in result.problem
