"""Each human action tells exactly the people it concerns, once, by mail, robot and in-app, delivered to
a loopback SMTP server and an HTTP receiver."""
import datetime as dt

import pytest

from duban.core import clock
from duban.org.models import Unit
from duban.preferences.services import preference_set
from duban.supervision.models import InAppNotice, OutboxMessage, Webhook
from duban.supervision.outbox import deliver
from duban.supervision.sweep import sweep
from duban.supervision.tests.servers import HookReceiver, SMTPServer
from duban.tasks import services as svc
from duban.tasks.services.evidence import MemoryFile

D = dt.date
PEOPLE = ("supervisor", "liaison", "co_liaison", "leader", "outsider", "street_supervisor")


@pytest.fixture
def office(world, settings):
    settings.DUBAN_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]  # the test's robots listen on loopback
    smtp, robots = SMTPServer(), HookReceiver()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.port
    for name in PEOPLE:
        user = world.users[name]
        user.email = f"{name}@qiantang.gov.cn"
        user.save(update_fields=["email"])
    Webhook.objects.create(kind="dingtalk", url=f"{robots.url}/robot/send?access_token=t",
                           unit=Unit.objects.get(name="区审计局"))
    yield world, smtp, robots
    smtp.close()
    robots.close()


def told(office, action) -> dict:
    """Do `action` with an empty outbox, deliver everything, and say who heard what."""
    world, smtp, robots = office
    OutboxMessage.objects.all().delete()
    smtp.messages.clear()
    robots.received.clear()
    action()
    first = deliver()
    assert deliver() == {"sent": 0, "failed": 0} and first["failed"] == 0  # nothing is sent twice
    mail = sorted((m["to"][0].split("@")[0], m["subject"].split("】")[0] + "】") for m in smtp.messages)
    inapp = sorted(n.user.username for n in InAppNotice.objects.select_related("user"))
    return {"mail": mail, "inapp": inapp, "robots": [r["json"]["markdown"]["title"].split("】")[0] + "】"
                                                     for r in robots.received], "bodies": [m["body"] for m in smtp.messages]}


def _each(names, tag):
    return sorted((n, tag) for n in names)


def test_assignment_tells_the_lead_and_co_operating_units(office):
    world = office[0]
    task = world.task(state="draft")
    heard = told(office, lambda: svc.task_assign(actor=world.supervisor, task_id=task.pk))
    assert heard["mail"] == _each(["liaison", "co_liaison"], "【交办】")
    assert heard["inapp"] == ["co_liaison", "liaison"] and heard["robots"] == ["【交办】"]


def test_a_return_tells_the_lead_unit_with_the_reason(office):
    world = office[0]
    task = world.task(state="closure_requested")
    heard = told(office, lambda: svc.closure_reject(actor=world.supervisor, task_id=task.pk, reason="缺少整改前后对比照片"))
    assert heard["mail"] == [("liaison", "【退回】")] and heard["inapp"] == ["liaison"]
    assert "缺少整改前后对比照片" in heard["bodies"][0] and heard["robots"] == ["【退回】"]


def test_a_closure_request_tells_the_nearest_supervisors_only(office):
    world = office[0]
    task = world.task(state="in_progress")
    heard = told(office, lambda: svc.task_request_closure(actor=world.liaison, task_id=task.pk, evidence=[
        MemoryFile("整改报告.pdf", b"%PDF-1.4 done")], target_reasons={}))
    assert heard["mail"] == [("supervisor", "【销号申请】")] and heard["inapp"] == ["supervisor"]
    assert heard["robots"] == []  # the office's business, not the unit's chat group


def test_closure_tells_the_units_and_the_responsible_leader(office):
    world = office[0]
    task = world.task(state="closure_requested")
    heard = told(office, lambda: svc.closure_approve(actor=world.supervisor, task_id=task.pk))
    assert heard["mail"] == _each(["liaison", "co_liaison", "leader"], "【销号】")


@pytest.mark.parametrize("approve, tag", [(True, "【同意延期】"), (False, "【不同意延期】")])
def test_an_extension_decision_tells_the_lead_unit(office, approve, tag):
    world = office[0]
    task = world.task(state="in_progress")
    asked = told(office, lambda: svc.extension_request(actor=world.liaison, task_id=task.pk, reason="汛期停工",
                                                        new_deadline=task.deadline + dt.timedelta(days=30)))
    assert asked["mail"] == [("supervisor", "【延期申请】")]
    heard = told(office, lambda: svc.extension_decide(actor=world.supervisor, task_id=task.pk, approve=approve,
                                                       reason="" if approve else "不符合延期条件"))
    assert heard["mail"] == [("liaison", tag)] and heard["robots"] == [tag]


def test_an_urge_tells_the_lead_and_co_operating_units(office):
    world = office[0]
    task = world.task(state="in_progress")
    heard = told(office, lambda: svc.task_urge(actor=world.supervisor, task_id=task.pk, text="请本周内报送"))
    assert heard["mail"] == _each(["liaison", "co_liaison"], "【催办】")
    assert "请本周内报送" in heard["bodies"][0]


def test_an_instruction_tells_the_units_and_the_supervisors(office):
    world = office[0]
    task = world.task(state="in_progress")
    heard = told(office, lambda: svc.task_instruct(actor=world.leader, task_id=task.pk, text="务必按期完成"))
    assert heard["mail"] == _each(["liaison", "co_liaison", "supervisor"], "【领导批示】")


def test_a_rebound_tells_the_units_and_the_leader(office):
    world = office[0]
    task = world.task(state="closed")
    heard = told(office, lambda: svc.task_recheck(actor=world.supervisor, task_id=task.pk, consolidated=False,
                                                   comment="问题再次出现", new_deadline=clock.today() + dt.timedelta(days=30)))
    assert heard["mail"] == _each(["liaison", "co_liaison", "leader"], "【问题反弹】")


def test_a_recheck_coming_due_tells_the_supervisors(office):
    world = office[0]
    with clock.travel(D(2026, 1, 5)):
        task = world.task(state="closed", deadline=D(2026, 2, 26))
    due = task.recheck_due_on
    while not svc_is_workday(due):
        due += dt.timedelta(days=1)
    with clock.travel(due):
        heard = told(office, lambda: sweep(today=due))
    # the office organises the re-check; the unit prepares for it
    assert heard["mail"] == _each(["liaison", "supervisor"], "【回头看到期】")


def svc_is_workday(day):
    from duban.core.workdays import is_workday

    return is_workday(day)


def test_a_person_who_turned_mail_off_gets_only_the_in_app_notice(office):
    world = office[0]
    preference_set(actor=world.co_liaison, channels=["inapp"])
    task = world.task(state="draft")
    heard = told(office, lambda: svc.task_assign(actor=world.supervisor, task_id=task.pk))
    assert heard["mail"] == [("liaison", "【交办】")]
    assert heard["inapp"] == ["co_liaison", "liaison"]


def test_no_one_is_told_of_their_own_action_or_of_a_drafts_edits(office):
    world = office[0]
    task = world.task(state="draft")
    heard = told(office, lambda: svc.task_update(actor=world.supervisor, task_id=task.pk, title="改名"))
    assert heard == {"mail": [], "inapp": [], "robots": [], "bodies": []}


def test_a_leaders_review_asks_the_leader_and_a_return_tells_the_supervisors(office):
    world = office[0]
    task = world.task(state="draft", programme=world.reviewed.name)
    asked = told(office, lambda: svc.task_assign(actor=world.supervisor, task_id=task.pk))
    assert asked["mail"] == [("leader", "【待领导审核】")] and asked["robots"] == []
    heard = told(office, lambda: svc.task_review(actor=world.leader, task_id=task.pk, approve=False, reason="目标不清"))
    assert heard["mail"] == [("supervisor", "【领导审核退回】")] and "目标不清" in heard["bodies"][0]
