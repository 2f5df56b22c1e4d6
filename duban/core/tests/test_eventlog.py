"""verify-log catches what was changed behind the system's back (edits made in the database)."""
import datetime as dt

import pytest
from django.db import connection, transaction

from duban.cli.main import main
from duban.core import clock
from duban.core.eventlog import append_event, append_events, verify_log
from duban.core.models import ChainHead, Event
from duban.tasks import services as svc
from duban.tasks.models import Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy(world):
    task = world.task(state="in_progress")
    svc.task_report(actor=world.liaison, task_id=task.pk, text="完成摸排", percent=30)
    return task


def run_verify(capsys):
    code = main(["verify-log"])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_it_accepts_an_untouched_log(busy, capsys):
    code, text = run_verify(capsys)
    assert code == 0 and "事件日志完好" in text


def test_it_names_the_event_whose_payload_was_edited(busy, capsys):
    event = Event.objects.get(task_id=busy.pk, action="task.reported")
    with connection.cursor() as cur:  # raw SQL, as someone with database access would
        cur.execute("UPDATE core_event SET payload = %s WHERE id = %s", ['{"text": "改过的", "percent": 90}', event.pk])
    code, text = run_verify(capsys)
    assert code == 2 and f"事件 #{event.seq}" in text


def test_it_notices_a_state_changed_behind_its_back(busy, capsys):
    Task.objects.filter(pk=busy.pk).update(state="closed")
    code, text = run_verify(capsys)
    assert code == 2 and f"事项 {busy.pk} 的当前状态" in text


def test_it_notices_a_moved_deadline(busy):
    Task.objects.filter(pk=busy.pk).update(deadline="2030-01-01")
    result = verify_log()
    assert not result.ok and "不一致" in result.problem


def test_it_notices_a_deleted_event(busy):
    middle = Event.objects.filter(task_id=busy.pk).order_by("seq")[1]
    Event.objects.filter(pk=middle.pk).delete()
    result = verify_log()
    assert not result.ok and f"事件 #{middle.seq} 缺失" in result.problem


def test_it_notices_the_last_event_deleted(busy):
    Event.objects.order_by("-id").first().delete()
    result = verify_log()
    assert not result.ok and "事件被删除" in result.problem


def test_it_notices_a_task_inserted_without_events(busy):
    clone = Task.objects.get(pk=busy.pk)
    clone.pk, clone.code = None, "X-1"
    clone.save()
    result = verify_log()
    assert not result.ok and "没有任何事件记录" in result.problem


def test_it_chains_each_hash_to_the_previous_one(busy):
    assert set(Event.objects.values_list("chain", flat=True)) == {"global", str(busy.lead_unit.parent_id)}
    for chain in ("global", str(busy.lead_unit.parent_id)):
        events = list(Event.objects.filter(chain=chain).order_by("seq"))
        assert [e.seq for e in events] == list(range(1, len(events) + 1))
        assert all(b.prev_hash == a.hash for a, b in zip(events, events[1:], strict=False))
    assert len({e.hash for e in Event.objects.all()}) == Event.objects.count()


def _entries(task):
    return [{"actor": "supervisor", "action": "task.urged", "task": task, "payload": {"times": n, "on": task.deadline}}
            for n in range(1, 4)] + [{"actor": "admin", "action": "holiday.added", "payload": {"date": "2026-10-01"}}]


def _hashes_written_by(append):
    class Undo(Exception):
        pass

    try:
        with transaction.atomic():
            append()
            hashes = list(Event.objects.order_by("chain", "seq").values_list("chain", "seq", "hash"))
            head = list(ChainHead.objects.order_by("chain").values_list("chain", "seq", "hash"))
            assert verify_log().ok
            raise Undo
    except Undo:
        return hashes, head


def test_it_chains_a_batch_exactly_as_one_event_at_a_time(busy):
    with clock.travel(dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)):
        one_by_one = _hashes_written_by(lambda: [append_event(**e) for e in _entries(busy)])
        batch = _hashes_written_by(lambda: append_events(_entries(busy)))
        with transaction.atomic():
            append_events(_entries(busy))
    assert batch == one_by_one and len(batch[0]) == Event.objects.count()
    assert verify_log().ok


def test_it_leaves_the_chain_untouched_for_an_empty_batch(busy):
    before = list(Event.objects.values_list("seq", "hash"))
    with transaction.atomic():
        assert append_events([]) == []
    assert list(Event.objects.values_list("seq", "hash")) == before and verify_log().ok

