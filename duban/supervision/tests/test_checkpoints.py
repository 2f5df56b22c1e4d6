"""The worker mails the log's checkpoint once a day; the mailed line is what verify-log checks."""
import pytest

from duban.cli.main import main
from duban.core.models import ChainHead, Event
from duban.supervision.checkpoints import checkpoint_publish
from duban.supervision.models import Webhook
from duban.supervision.tests.servers import HookReceiver, SMTPServer
from duban.supervision.worker import run_worker
from duban.tasks import services as svc

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings):
    server = SMTPServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    yield server
    server.close()


@pytest.mark.django_db(transaction=True)  # the worker closes stale connections between rounds
def test_it_mails_a_checkpoint_once_a_day_that_names_a_truncated_log(world, smtp, settings, tmp_path, capsys):
    settings.DUBAN_CHECKPOINT_MAIL = ["archive@qiantang.gov.cn"]
    task = world.task(state="in_progress")
    for n in range(3):
        svc.task_urge(actor=world.supervisor, task_id=task.pk, text=f"第{n + 1}次催办")
    run_worker(once=True, do_sweep=False)
    run_worker(once=True, do_sweep=False)
    assert [(m["to"], m["subject"]) for m in smtp.messages] == [(["archive@qiantang.gov.cn"], "督办日志检查点")]
    saved = tmp_path / "mailed.txt"
    saved.write_text(smtp.messages[0]["body"], encoding="utf-8")
    assert main(["verify-log", "--checkpoint", str(saved)]) == 0
    chain = Event.objects.get(task_id=task.pk, action="task.created").chain
    kept = Event.objects.filter(chain=chain).order_by("-seq")[2]
    Event.objects.filter(chain=chain, seq__gt=kept.seq).delete()
    ChainHead.objects.filter(chain=chain).update(seq=kept.seq, hash=kept.hash)
    assert main(["verify-log", "--checkpoint", str(saved)]) == 2
    assert "「钱塘区」链：日志被截断" in capsys.readouterr().err


@pytest.mark.django_db(transaction=True)
def test_it_posts_the_checkpoint_to_a_configured_robot(world, settings):
    settings.DUBAN_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]  # the test's robot listens on loopback
    receiver = HookReceiver()
    try:
        hook = Webhook.objects.create(kind="dingtalk", url=receiver.url + "/robot/send?access_token=t")
        settings.DUBAN_CHECKPOINT_ROBOTS = [hook.pk]
        assert checkpoint_publish() == 1 and checkpoint_publish() == 0
        run_worker(once=True, do_sweep=False)
        [posted] = receiver.received
        text = posted["json"]["markdown"]["text"]
        heads = list(ChainHead.objects.all())
        assert heads and all(f'["{h.chain}", {h.seq}, "{h.hash}"]' in text for h in heads)
    finally:
        receiver.close()
