"""Chat robots post only where the administrator pointed them, and never to this machine or the
office's private network unless the operator listed the address."""
import pytest

from duban.core.errors import DomainError
from duban.core.models import Event
from duban.org.models import Unit
from duban.supervision.models import OutboxMessage, Webhook
from duban.supervision.outbox import deliver
from duban.supervision.settings import webhook_save, webhook_test
from duban.supervision.tests.test_outbox import hooks  # noqa: F401  (a robot listening on loopback)

pytestmark = pytest.mark.django_db
PUBLIC = "https://oapi.dingtalk.com/robot/send?access_token=T"


@pytest.mark.parametrize("persona", ["supervisor", "street_supervisor", "liaison"])
def test_only_an_admin_sets_a_robot_url(world, persona):
    with pytest.raises(DomainError, match="只有管理员可以设置机器人地址|无权"):
        webhook_save(actor=world.users[persona], kind="dingtalk", url=PUBLIC, unit="白杨街道")
    assert not Webhook.objects.exists()


def test_a_supervisor_posting_the_web_form_gets_the_refusal_in_the_page(world, client):
    client.force_login(world.supervisor)
    response = client.post("/settings/webhooks/", {"kind": "dingtalk", "unit": "区审计局", "active": "on",
                                                   "url": PUBLIC})
    assert "只有管理员可以设置机器人地址" in response.content.decode()
    assert not Webhook.objects.exists()


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8000/api/tasks", "http://localhost/", "http://[::1]/", "http://2130706433/",
    "http://169.254.169.254/latest/meta-data/", "http://10.0.0.5/robot", "http://192.168.1.1/",
    "http://172.16.0.1/", "http://0.0.0.0/", "http://[::ffff:127.0.0.1]/",
])
def test_an_internal_address_is_refused_even_for_the_admin(world, url):
    events = Event.objects.count()
    with pytest.raises(DomainError, match="指向内部地址"):
        webhook_save(actor=world.admin, kind="wecom", url=url, unit="钱塘区")
    assert not Webhook.objects.exists() and Event.objects.count() == events


def test_the_operator_may_list_an_intranet_gateway(world, settings):
    settings.DUBAN_WEBHOOK_ALLOWED_HOSTS = ["10.8.0.0/16", "robot.gov.internal"]
    webhook_save(actor=world.admin, kind="wecom", url="http://10.8.3.4/send", unit="钱塘区")
    with pytest.raises(DomainError, match="指向内部地址"):
        webhook_save(actor=world.admin, kind="wecom", url="http://10.9.0.1/send", unit="钱塘区")


def test_the_outbox_does_not_post_to_an_internal_address_saved_before(world, hooks):  # noqa: F811
    hook = Webhook.objects.create(kind="wecom", url=f"{hooks.url}/send", unit=Unit.objects.get(name="钱塘区"))
    webhook_test(actor=world.admin, webhook_id=hook.pk)
    assert deliver() == {"sent": 0, "failed": 1}
    assert hooks.received == []
    assert "指向内部地址" in OutboxMessage.objects.get().last_error
