"""One chain per district: writes in two districts lock and advance different head rows, and
verify-log names the district whose chain was edited or cut, while the other's chain verifies."""
import datetime as dt
import os
import re
import threading

import pytest
from django.db import OperationalError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from duban.cli.main import main
from duban.core import clock
from duban.core.checkpoint import checkpoint_parse
from duban.core.eventlog import verify_log
from duban.core.models import ChainHead, Event
from duban.org.models import Unit, User
from duban.tasks import services as svc
from duban.tasks.selectors import task_history

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(world):
    """A task in 钱塘区 and one in 上城区, a second district with its own office."""
    from duban.org.services import unit_create, user_create
    from duban.tasks.services import programme_create

    unit_create(actor=None, name="上城区", kind="region")
    unit_create(actor=None, name="上城区审计局", parent="上城区")
    for username, role in [("sc_supervisor", "supervisor"), ("sc_leader", "leader")]:
        user_create(actor=None, username=username, password="duban-test-pw", unit="上城区", role=role)
    sc = User.objects.get(username="sc_supervisor")
    programme_create(actor=sc, name="2026年上城区审计项目计划", year=2026, owner_unit="上城区", kind="audit")
    qiantang = world.task(state="in_progress")
    shangcheng = svc.task_create(actor=sc, title="上城区审计整改", programme="2026年上城区审计项目计划",
                                 lead_unit="上城区审计局", co_units=[], responsible_leader="sc_leader",
                                 deadline=clock.today() + dt.timedelta(days=60))
    svc.task_assign(actor=sc, task_id=shangcheng.pk)
    return {"钱塘区": (qiantang, world.supervisor), "上城区": (shangcheng, sc)}


def chain_of(district: str) -> str:
    return str(Unit.objects.get(name=district).pk)


def head(district: str) -> ChainHead:
    return ChainHead.objects.get(chain=chain_of(district))


def urge(two, district: str, times: int = 1) -> list[int]:
    """Urge the district's task; returns the ids of the head rows each UPDATE of a head wrote."""
    task, actor = two[district]
    with CaptureQueriesContext(connection) as queries:
        for n in range(times):
            svc.task_urge(actor=actor, task_id=task.pk, text=f"第{n + 1}次催办")
    return [int(re.search(r'"id" = (\d+)', q["sql"]).group(1)) for q in queries
            if q["sql"].startswith("UPDATE") and "core_chainhead" in q["sql"]]


def run(capsys, *argv) -> tuple[int, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out + out.err


def test_writes_in_two_districts_update_different_head_rows(two):
    qiantang, shangcheng = head("钱塘区"), head("上城区")
    assert qiantang.pk != shangcheng.pk
    assert urge(two, "钱塘区", 2) == [qiantang.pk, qiantang.pk]
    assert (head("钱塘区").seq, head("上城区").seq) == (qiantang.seq + 2, shangcheng.seq)
    assert urge(two, "上城区") == [shangcheng.pk]
    assert (head("钱塘区").seq, head("上城区").seq) == (qiantang.seq + 2, shangcheng.seq + 1)
    for district, (task, _actor) in two.items():
        assert set(Event.objects.filter(task_id=task.pk).values_list("chain", flat=True)) == {chain_of(district)}
    # the directory's own changes are in neither district's chain
    assert not Event.objects.filter(task_id__isnull=True).exclude(chain="global").exists()
    assert verify_log().ok


def test_an_edit_in_one_districts_chain_names_that_district_only(two, capsys):
    urge(two, "上城区", 2)
    event = Event.objects.filter(task_id=two["上城区"][0].pk, action="task.urged").first()
    with connection.cursor() as cur:  # raw SQL, as someone with database access would
        cur.execute("UPDATE core_event SET payload = %s WHERE id = %s", ['{"text": "改过的"}', event.pk])
    code, text = run(capsys, "verify-log")
    assert code == 2 and f"「上城区」链：事件 #{event.seq}（task.urged）的内容或哈希被改动" in text
    assert "钱塘区" not in text  # every chain is walked: 钱塘区's verified


def test_a_truncated_district_chain_is_named_against_a_checkpoint(two, tmp_path, capsys):
    urge(two, "钱塘区", 3)
    point = tmp_path / "checkpoint.json"
    assert run(capsys, "log", "checkpoint", "--out", str(point))[0] == 0
    chain = chain_of("钱塘区")
    kept = Event.objects.filter(chain=chain).order_by("-seq")[2]
    Event.objects.filter(chain=chain, seq__gt=kept.seq).delete()
    ChainHead.objects.filter(chain=chain).update(seq=kept.seq, hash=kept.hash)
    assert run(capsys, "verify-log")[0] == 0  # the chain alone cannot tell
    code, text = run(capsys, "verify-log", "--checkpoint", str(point))
    assert code == 2 and "「钱塘区」链：日志被截断" in text and f"只到 #{kept.seq}" in text
    assert "上城区" not in text


def test_the_checkpoint_carries_every_chains_head(two, tmp_path, capsys):
    point = tmp_path / "checkpoint.json"
    run(capsys, "log", "checkpoint", "--out", str(point))
    heads = checkpoint_parse(point.read_text(encoding="utf-8")).heads
    assert heads == {h.chain: (h.seq, h.hash) for h in ChainHead.objects.all()}
    assert set(heads) == {"global", chain_of("钱塘区"), chain_of("上城区")}


def test_a_task_stays_in_the_chain_it_started_in(two):
    from duban.tasks.chains import task_chains

    task, _actor = two["钱塘区"]
    task.lead_unit = Unit.objects.get(name="上城区审计局")  # as if given to another district's bureau
    assert task_chains([task]) == {task.pk: chain_of("钱塘区")}


def test_an_older_single_chain_verifies_as_the_global_chain_and_its_tasks_move_on(two, tmp_path, capsys):
    """A database from before the chains: its one chain is the global chain, hashes untouched; a
    checkpoint taken then still checks it, and its tasks' next events go to their districts."""
    _as_one_chain()
    old = tmp_path / "old-checkpoint.json"
    last = Event.objects.order_by("-id").first()
    old.write_text(f'{{"duban-checkpoint": 1, "seq": {last.seq}, "hash": "{last.hash}", "at": "2026-03-01"}}',
                   encoding="utf-8")
    assert run(capsys, "verify-log", "--checkpoint", str(old))[0] == 0
    urge(two, "钱塘区")
    urge(two, "上城区")
    assert ChainHead.objects.get(chain=chain_of("钱塘区")).seq == 1
    code, text = run(capsys, "verify-log", "--checkpoint", str(old))
    assert code == 0 and "3 条链" in text
    history = task_history(two["钱塘区"][0])  # the older entries first, then the district's
    assert history[-1].chain == chain_of("钱塘区") and history[-1].action == "task.urged"
    assert {e.chain for e in history[:-1]} == {"global"}
    Event.objects.filter(chain="global", seq=last.seq).delete()
    ChainHead.objects.filter(chain="global").update(seq=last.seq - 1, hash=last.prev_hash)
    code, text = run(capsys, "verify-log", "--checkpoint", str(old))
    assert code == 2 and "全局链：日志被截断" in text


def _as_one_chain() -> None:
    """Renumber the log into one chain keyed as older versions keyed it (no chain in the hash)."""
    from django.db.models import F

    from duban.core.eventlog import GENESIS, compute_hash

    Event.objects.update(chain="global", seq=-F("id"))
    ChainHead.objects.exclude(chain="global").delete()
    prev = GENESIS
    for seq, event in enumerate(Event.objects.order_by("id"), start=1):
        event.seq, event.prev_hash = seq, prev
        event.hash = prev = compute_hash(prev, event)
        event.save()
    ChainHead.objects.filter(chain="global").update(seq=Event.objects.count(), hash=prev)


@pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                    reason="needs two connections writing at once (PostgreSQL)")
@pytest.mark.django_db(transaction=True)
def test_an_open_write_in_one_district_holds_up_only_that_district(two, world):
    """While a transaction in 钱塘区 holds its chain's head, 上城区 writes at once; another 钱塘区
    task waits for the head (here: gives up after a short lock timeout)."""
    other = world.task(state="in_progress", title="钱塘区的另一件事项")
    holding, release = threading.Event(), threading.Event()

    def hold():
        with transaction.atomic():
            urge(two, "钱塘区")
            holding.set()
            release.wait(30)
        connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert holding.wait(30)
        with transaction.atomic():
            connection.cursor().execute("SET LOCAL lock_timeout = '5s'")
            assert urge(two, "上城区") == [head("上城区").pk]
        with pytest.raises(OperationalError, match="lock"), transaction.atomic():
            connection.cursor().execute("SET LOCAL lock_timeout = '300ms'")
            svc.task_urge(actor=world.supervisor, task_id=other.pk, text="同一区的另一次催办")
    finally:
        release.set()
        holder.join(30)
    assert verify_log().ok
