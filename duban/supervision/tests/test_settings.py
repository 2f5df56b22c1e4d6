"""Assessment rules and chat robots as an office edits them: by whom, logged once, test message queued."""
import pytest

from duban.core.errors import DomainError, NotFound
from duban.core.models import Event
from duban.org.models import Unit
from duban.supervision.models import AssessmentRule, OutboxMessage, Webhook
from duban.supervision.outbox import deliver
from duban.supervision.settings import (
    masked_url,
    rule_update,
    webhook_save,
    webhook_test,
    webhooks_visible_to,
)

URL = "https://oapi.dingtalk.com/robot/send?access_token=TOKEN"


def test_it_changes_a_rule_and_logs_old_and_new_points(world):
    rule_update(actor=world.admin, code="overdue_lead", points=-8, active=True)
    assert AssessmentRule.objects.get(code="overdue_lead").points == -8
    assert Event.objects.order_by("-id").first().payload["changed"] == {"points": [-5, -8]}


@pytest.mark.parametrize("persona", ["supervisor", "liaison"])
def test_it_lets_only_an_admin_change_rules(world, persona):
    with pytest.raises(DomainError, match="只有管理员"):
        rule_update(actor=world.users[persona], code="base", points=0)
    assert AssessmentRule.objects.get(code="base").points == 100


def test_it_lets_a_supervisor_keep_robots_of_their_jurisdiction_only(world):
    with pytest.raises(DomainError, match="只有管理员可以设置机器人地址"):
        webhook_save(actor=world.street_supervisor, kind="dingtalk", url=URL, unit="白杨街道", secret="S")
    hook = webhook_save(actor=world.admin, kind="dingtalk", url=URL, unit="白杨街道", secret="S")
    hook = webhook_save(actor=world.street_supervisor, kind="dingtalk", url=URL, unit="白杨街道", active=False,
                        webhook_id=hook.pk)  # its keeper may switch it off, keeping the admin's address
    assert not hook.active
    with pytest.raises(DomainError, match="无权"):
        webhook_save(actor=world.street_supervisor, kind="dingtalk", url=URL, unit="区审计局")
    assert list(webhooks_visible_to(world.supervisor)) == [hook]
    assert list(webhooks_visible_to(world.liaison)) == []
    with pytest.raises(NotFound):
        webhook_test(actor=world.liaison, webhook_id=hook.pk)


def test_it_sets_a_robot_for_a_programme(world):
    hook = webhook_save(actor=world.admin, kind="wecom", url=URL, programme=world.programme.name)
    assert hook.programme == world.programme and hook.unit is None


def test_it_never_writes_the_token_or_the_secret_into_the_log(world):
    webhook_save(actor=world.admin, kind="dingtalk", url=URL, unit="钱塘区", secret="SEC-secret")
    payload = str(Event.objects.order_by("-id").first().payload)
    assert "TOKEN" not in payload and "SEC-secret" not in payload
    assert masked_url(URL) == "https://oapi.dingtalk.com/robot/send?…"


def test_it_delivers_the_test_message_to_the_robot(world, monkeypatch):
    sent = []
    monkeypatch.setattr("duban.supervision.channels._post", lambda url, payload: sent.append((url, payload)))
    hook = Webhook.objects.create(kind="wecom", url=URL, unit=Unit.objects.get(name="钱塘区"))
    webhook_test(actor=world.admin, webhook_id=hook.pk)
    assert deliver() == {"sent": 1, "failed": 0}
    assert sent[0][0] == URL and "测试" in sent[0][1]["markdown"]["content"]
    assert OutboxMessage.objects.get().state == "sent"
