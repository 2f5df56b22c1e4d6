"""The chain's key lives outside the database; checkpoints kept elsewhere name a truncated or
re-hashed chain that the chain alone cannot."""
import pytest
from django.db import transaction

from duban.cli.main import main
from duban.core.eventlog import compute_hash
from duban.core.models import ChainHead, Event
from duban.tasks import services as svc

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy(world):
    task = world.task(state="in_progress")
    svc.task_report(actor=world.liaison, task_id=task.pk, text="完成摸排", percent=30)
    return task


def run(capsys, *argv) -> tuple[int, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out + out.err


def checkpoint(tmp_path, capsys, name="checkpoint.json"):
    path = tmp_path / name
    assert run(capsys, "log", "checkpoint", "--out", str(path))[0] == 0
    return path


def urge(world, task, times: int) -> None:
    for n in range(times):
        svc.task_urge(actor=world.supervisor, task_id=task.pk, text=f"第{n + 1}次催办")


def test_it_accepts_the_chain_against_its_own_checkpoint(busy, world, tmp_path, capsys):
    point = checkpoint(tmp_path, capsys)
    urge(world, busy, 2)
    code, text = run(capsys, "verify-log", "--checkpoint", str(point))
    assert code == 0 and "事件日志完好" in text


def test_it_names_events_dropped_with_the_head_rewound(busy, world, tmp_path, capsys):
    urge(world, busy, 3)
    point = checkpoint(tmp_path, capsys)
    district = Event.objects.filter(task_id=busy.pk).values_list("chain", flat=True).first()
    last_kept = Event.objects.filter(chain=district).order_by("-seq")[3]
    Event.objects.filter(chain=district, seq__gt=last_kept.seq).delete()
    ChainHead.objects.filter(chain=district).update(seq=last_kept.seq, hash=last_kept.hash)
    assert run(capsys, "verify-log")[0] == 0  # the chain alone cannot tell
    code, text = run(capsys, "verify-log", "--checkpoint", str(point))
    assert code == 2 and "「钱塘区」链：日志被截断" in text and f"只到 #{last_kept.seq}" in text


def test_it_names_a_chain_rehashed_by_someone_holding_the_key(busy, world, tmp_path, capsys):
    point = checkpoint(tmp_path, capsys)
    reported = Event.objects.get(task_id=busy.pk, action="task.reported")
    with transaction.atomic():  # rewrite one report's text and re-chain everything after it
        prev = reported.prev_hash
        for event in Event.objects.filter(chain=reported.chain, seq__gte=reported.seq).order_by("seq"):
            if event.pk == reported.pk:
                event.payload = {**event.payload, "text": "全部完成"}
            event.prev_hash, event.hash = prev, compute_hash(prev, event)
            prev = event.hash
            event.save()
        ChainHead.objects.filter(chain=reported.chain).update(hash=prev)
    assert run(capsys, "verify-log")[0] == 0
    code, text = run(capsys, "verify-log", "--checkpoint", str(point))
    assert code == 2 and "检查点" in text and "重新计算了哈希" in text


def test_it_refuses_a_file_that_is_not_a_checkpoint(busy, tmp_path, capsys):
    bogus = tmp_path / "x.json"
    bogus.write_text("{}", encoding="utf-8")
    code, text = run(capsys, "verify-log", "--checkpoint", str(bogus))
    assert code == 2 and "不是督办日志检查点" in text


def test_it_names_an_edit_rehashed_without_the_key(busy, capsys):
    """Plain SHA-256, as the chain used to be, no longer makes an edited entry verify."""
    import hashlib

    from duban.core.eventlog import _canonical

    reported = Event.objects.get(task_id=busy.pk, action="task.reported")
    reported.payload = {**reported.payload, "text": "全部完成"}
    reported.hash = hashlib.sha256(reported.prev_hash.encode() + b"\n" + _canonical(reported)).hexdigest()
    reported.save()
    code, text = run(capsys, "verify-log")
    assert code == 2 and f"事件 #{reported.seq}" in text
