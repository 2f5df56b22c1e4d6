"""Who supervises what, with the programme's kind in view, and four eyes on every decision.

Each test here failed before the rule lived in one place: an auditor keeping non-audit programmes,
drafting tasks it could then not see, and one person asking for a closure and granting it.
"""
import datetime as dt

import pytest

from duban.core import clock
from duban.core.errors import DomainError
from duban.org.services import membership_add
from duban.tasks import services as svc
from duban.tasks.access import access_task
from duban.tasks.models import Programme, Task
from duban.tasks.services.evidence import MemoryFile

pytestmark = pytest.mark.django_db


@pytest.fixture
def login_page(client):
    """Sign a persona in through the login page."""
    def _login(username):
        client.logout()
        assert client.post("/login/", {"username": username, "password": "duban-test-pw"}).status_code == 302
        return client
    return _login


def test_an_auditor_cannot_make_itself_supervisor_by_turning_a_programme_into_audit(world, login_page):
    client = login_page("auditor")
    plan = world.reviewed  # kind "plan", owned by the district the auditor belongs to
    response = client.post(f"/settings/programmes/{plan.pk}/", {
        "name": plan.name, "year": 2026, "kind": "audit", "warning_workdays": 5, "report_cycle_workdays": 10,
        "recheck_after_days": 90})
    assert response.status_code == 404
    assert Programme.objects.get(pk=plan.pk).kind == "plan"
    with pytest.raises(DomainError, match="无权"):
        svc.programme_update(actor=world.auditor, name=plan.name, kind="audit")
    assert Programme.objects.get(pk=plan.pk).kind == "plan"


def test_an_auditor_cannot_turn_its_audit_programme_into_another_kind(world):
    with pytest.raises(DomainError, match="无权"):
        svc.programme_update(actor=world.auditor, name=world.programme.name, kind="general")


def test_an_auditor_sets_up_audit_programmes_only(world):
    with pytest.raises(DomainError, match="无权"):
        svc.programme_create(actor=world.auditor, name="区政府2026年综合督办", year=2026, owner_unit="钱塘区")
    assert not Programme.objects.filter(name="区政府2026年综合督办").exists()
    made = svc.programme_create(actor=world.auditor, name="2026年经济责任审计", year=2026, owner_unit="钱塘区",
                                kind="audit")
    assert made.kind == "audit"


def test_an_auditor_cannot_draft_a_task_it_would_not_see(world):
    """Before: the draft was written, then "事项 N 不存在" to its own author."""
    before = Task.objects.count()
    with pytest.raises(DomainError, match="无权"):
        svc.task_create(actor=world.auditor, title="审计项目计划外的事项", programme=world.reviewed.name,
                        lead_unit="区审计局", deadline=clock.today() + dt.timedelta(days=30))
    assert Task.objects.count() == before
    task = svc.task_create(actor=world.auditor, title="审计查出问题整改", programme=world.programme.name,
                           lead_unit="区审计局", deadline=clock.today() + dt.timedelta(days=30))
    assert access_task(world.auditor, task.pk)[1].supervise


@pytest.fixture
def two_hats(world):
    """The liaison of the lead unit who is also a supervisor of the district."""
    membership_add(actor=None, username="liaison", unit="钱塘区", role="supervisor")
    from duban.org.models import User

    return User.objects.get(username="liaison")


def test_the_requester_of_a_closure_never_decides_it(world, two_hats):
    task = world.task(state="in_progress")
    svc.task_request_closure(actor=two_hats, task_id=task.pk, evidence=[MemoryFile("报告.pdf", b"%PDF-1.4 x")])
    for call, extra in ((svc.closure_approve, {}), (svc.closure_reject, {"reason": "不足"})):
        with pytest.raises(DomainError, match="不能审核自己的申请"):
            call(actor=two_hats, task_id=task.pk, **extra)
    assert Task.objects.get(pk=task.pk).state == "closure_requested"
    svc.closure_approve(actor=world.supervisor, task_id=task.pk)
    with pytest.raises(DomainError, match="回头看"):
        svc.task_recheck(actor=two_hats, task_id=task.pk, consolidated=True)
    svc.task_recheck(actor=world.supervisor, task_id=task.pk, consolidated=True)


def test_the_requester_of_an_extension_never_decides_it(world, two_hats):
    task = world.task(state="in_progress")
    later = task.deadline + dt.timedelta(days=30)
    svc.extension_request(actor=two_hats, task_id=task.pk, new_deadline=later, reason="汛期施工")
    with pytest.raises(DomainError, match="不能审批自己的申请"):
        svc.extension_decide(actor=two_hats, task_id=task.pk, approve=True)
    assert Task.objects.get(pk=task.pk).deadline != later
    svc.extension_decide(actor=world.supervisor, task_id=task.pk, approve=True)
    assert Task.objects.get(pk=task.pk).deadline == later


def test_the_page_does_not_offer_a_decision_to_its_requester(world, two_hats, login_page):
    task = world.task(state="in_progress")
    svc.task_request_closure(actor=two_hats, task_id=task.pk, evidence=[MemoryFile("报告.pdf", b"%PDF-1.4 x")])
    offered = [a.name for a in login_page("liaison").get(f"/tasks/{task.pk}/").context["actions"]]
    assert "approve" not in offered and "return" not in offered


def test_the_inbox_asks_a_supervisor_only_about_what_it_supervises(world):
    """The lead unit's liaison who also supervises a street does not find its own closure request
    among the reviews waiting for it (it cannot decide it anyway)."""
    from duban.web.inbox import inbox_for

    membership_add(actor=None, username="liaison", unit="白杨街道", role="supervisor")
    from duban.org.models import User

    liaison = User.objects.get(username="liaison")
    task = world.task(state="closure_requested")
    boxes = inbox_for(liaison, today=clock.today())
    assert task.pk not in [t.pk for t, _ in boxes["closure_review"][0]]
    assert task.pk in [t.pk for t, _ in inbox_for(world.supervisor, today=clock.today())["closure_review"][0]]


def test_the_inboxs_supervised_tasks_are_exactly_those_supervises_allows(world):
    """The inbox asks the database for a supervisor's tasks (`supervised_tasks_q`); it must pick the
    tasks `supervises` says yes to, kind by kind: the auditor only audit programmes' tasks."""
    from duban.org.models import User
    from duban.tasks.access import supervised_tasks_q, supervises

    world.task(state="assigned")  # an audit programme's task
    world.task(state="assigned", programme=world.reviewed.name, lead_unit="前进街道", co_units=())
    world.task(state="assigned", programme=world.reviewed.name, lead_unit="白杨街道", co_units=())
    membership_add(actor=None, username="liaison", unit="白杨街道", role="supervisor")
    tasks = list(Task.objects.select_related("lead_unit", "programme"))
    for user in User.objects.all():
        picked = set(Task.objects.filter(supervised_tasks_q(user)).values_list("pk", flat=True))
        assert picked == {t.pk for t in tasks if supervises(user, unit=t.lead_unit, programme=t.programme)}, \
            user.username
    auditor = set(Task.objects.filter(supervised_tasks_q(User.objects.get(username="auditor"))).values_list(
        "programme__kind", flat=True))
    assert auditor == {"audit"}
