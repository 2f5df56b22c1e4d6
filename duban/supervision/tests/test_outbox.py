"""Notifications leave through the outbox: exactly the expected messages, at least once, never twice."""
import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

from duban.core import clock
from duban.org.models import Unit
from duban.supervision.models import InAppNotice, OutboxMessage, Webhook
from duban.supervision.outbox import deliver
from duban.supervision.sweep import sweep
from duban.supervision.tests.servers import HookReceiver, SMTPServer

D = dt.date
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def smtp(settings):
    server = SMTPServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    yield server
    server.close()


@pytest.fixture
def hooks():
    receiver = HookReceiver()
    yield receiver
    receiver.close()


def _urge_day(world, smtp_users=("liaison",)):
    from duban.tasks.models import Programme

    # Only the urge speaks in these tests: no stale-report flag, no pace notice.
    Programme.objects.filter(pk=world.programme.pk).update(report_cycle_workdays=200,
                                                           settings={"pace_tolerance_percent": 101})
    for name in smtp_users:
        user = world.users[name]
        user.email = f"{name}@qiantang.gov.cn"
        user.save(update_fields=["email"])
    with clock.travel(D(2026, 1, 5)):
        task = world.task(state="in_progress", deadline=D(2026, 2, 26))
    OutboxMessage.objects.all().delete()  # the assignment's own notices are counted in test_human
    with clock.travel(D(2026, 2, 26)):
        sweep(today=D(2026, 2, 26))
    return task


def test_it_mails_and_posts_exactly_the_urge(world, smtp, hooks, settings):
    settings.DUBAN_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]  # the test's robots listen on loopback
    unit = Unit.objects.get(name="区审计局")
    Webhook.objects.create(kind="dingtalk", url=f"{hooks.url}/robot/send?access_token=t", unit=unit)
    Webhook.objects.create(kind="wecom", url=f"{hooks.url}/cgi-bin/webhook/send?key=k", programme=world.programme)
    _urge_day(world)
    with clock.travel(D(2026, 2, 26)):
        # mail and in-app to the lead liaison, in-app to the co-operating unit's, DingTalk, WeCom
        assert deliver() == {"sent": 5, "failed": 0}
        assert deliver() == {"sent": 0, "failed": 0}
    assert [(m["to"], m["subject"][:4]) for m in smtp.messages] == [(["liaison@qiantang.gov.cn"], "【催办】")]
    by_path = {r["path"].split("?")[0]: r["json"] for r in hooks.received}
    assert by_path["/robot/send"]["msgtype"] == "markdown"
    assert "催办" in by_path["/robot/send"]["markdown"]["title"]
    assert "催办" in by_path["/cgi-bin/webhook/send"]["markdown"]["content"]
    assert len(hooks.received) == 2
    assert InAppNotice.objects.get(user=world.liaison).title.startswith("【催办】")


def test_it_does_not_send_again_after_a_second_sweep(world, smtp):
    _urge_day(world)
    with clock.travel(D(2026, 2, 26)):
        deliver()
        sweep(today=D(2026, 2, 26))
        deliver()
    assert len(smtp.messages) == 1


def test_it_retries_a_failed_delivery_with_backoff(world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1  # nobody listens there
    _urge_day(world)
    with clock.travel(D(2026, 2, 26)):
        assert deliver()["failed"] == 1
        mail = OutboxMessage.objects.get(channel="email")
        assert mail.state == "pending" and mail.attempts == 1 and mail.next_attempt_at > clock.now()
        assert deliver()["failed"] == 0  # not due again before the backoff


def _subprocess_env(tmp_path):
    env = {**os.environ, "DUBAN_HOME": str(tmp_path), "PYTHONPATH": str(ROOT),
           "DUBAN_WEBHOOK_ALLOWED_HOSTS": "127.0.0.1"}  # the test's robots listen on loopback
    db = connection.settings_dict
    if connection.vendor == "postgresql":  # the subprocess uses this test's database
        env["DATABASE_URL"] = (f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
                               f"{db['PORT'] or 5432}/{db['NAME']}")
    else:  # SQLite's test database is in memory: the subprocess gets its own file
        env.pop("DATABASE_URL", None)
    return env


SEED = """
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()
from duban.core import clock
from duban.supervision.models import OutboxMessage, Webhook
hook = Webhook.objects.create(kind="wecom", url="{url}/send")
OutboxMessage.objects.create(key="test:1", channel="wecom", recipient=str(hook.pk), title="督办单",
                             text="请整改", next_attempt_at=clock.now(), created_at=clock.now())
"""


@pytest.mark.django_db(transaction=True)
def test_it_resends_a_message_when_the_worker_is_killed_before_marking_it_sent(tmp_path, hooks):
    env, duban = _subprocess_env(tmp_path), [sys.executable, "-m", "duban.cli.main"]
    subprocess.run([*duban, "init"], env=env, check=True, capture_output=True)
    subprocess.run([sys.executable, "-c", SEED.format(url=hooks.url)], env=env, check=True, cwd=ROOT)
    hooks.gate.clear()  # the receiver takes the message but does not answer
    worker = [*duban, "worker", "--no-sweep", "--interval", "0.2", "--lease", "1"]
    first = subprocess.Popen(worker, env=env, cwd=ROOT)
    assert hooks.arrived.wait(60)
    first.send_signal(signal.SIGKILL)
    first.wait()
    hooks.gate.set()
    time.sleep(1.2)  # let the lease run out
    second = subprocess.Popen(worker, env=env, cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while len(hooks.received) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        second.send_signal(signal.SIGTERM)
        assert second.wait(30) == 0  # SIGTERM ends the loop cleanly
    state = subprocess.run([*duban, "outbox", "status", "--json"], env=env, cwd=ROOT, capture_output=True,
                           text=True, check=True).stdout
    assert [r["json"]["markdown"]["content"] for r in hooks.received] == ["**督办单**\n请整改"] * 2
    assert '"sent": 1' in state
    assert django_settings.ROOT_URLCONF  # the test process itself was left untouched
