"""The permission ladder for two more personas: an administrator of a sub-unit (白杨街道), and a user
holding two roles (liaison of 前进街道 and auditor of the district) — each reaches exactly what one
of its roles reaches, through pages, actions and the API alike."""
import pytest

from duban.api.models import ApiToken
from duban.org.services import membership_add, user_create

PLAN = "2026年共同富裕30项重点任务"


@pytest.fixture
def people(world):
    user_create(actor=world.admin, username="street_admin", password="duban-test-pw", unit="白杨街道", role="admin")
    user_create(actor=world.admin, username="two_roles", password="duban-test-pw", unit="前进街道", role="liaison")
    membership_add(actor=world.admin, username="two_roles", unit="钱塘区", role="auditor")
    audit = world.task(state="closure_requested", title="审计整改事项")
    plan = world.task(state="draft", title="共同富裕事项", programme=PLAN)
    street = world.task(state="draft", title="白杨街道事项", programme=PLAN, lead_unit="白杨街道", co_units=())
    return {"audit": audit, "plan": plan, "street": street}


# persona → the tasks it may open
REACH = {"street_admin": {"street"}, "two_roles": {"audit"}}


@pytest.mark.parametrize("persona", list(REACH))
@pytest.mark.parametrize("which", ["audit", "plan", "street"])
def test_it_opens_a_task_page_only_within_reach(login, people, persona, which):
    response = login(persona).get(f"/tasks/{people[which].pk}/")
    assert response.status_code == (200 if which in REACH[persona] else 404)


@pytest.mark.parametrize("persona", list(REACH))
@pytest.mark.parametrize("which", ["audit", "plan", "street"])
def test_it_answers_the_api_only_within_reach(client, world, people, persona, which):
    token = ApiToken.issue(_user(persona))
    response = client.get(f"/api/tasks/{people[which].pk}", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == (200 if which in REACH[persona] else 404)
    titles = [t["title"] for t in client.get("/api/tasks", headers={"Authorization": f"Bearer {token}"}).json()]
    assert (people[which].title in titles) == (which in REACH[persona])


def _user(username):
    from duban.org.models import User

    return User.objects.get(username=username)


@pytest.mark.parametrize("path", ["/", "/tasks/", "/inbox/", "/account/", "/settings/"])
@pytest.mark.parametrize("persona", list(REACH))
def test_it_opens_every_page_for_both(login, people, persona, path):
    assert login(persona).get(path).status_code == 200


@pytest.mark.parametrize("path, admin, two", [("/settings/org/", 200, 403), ("/settings/holidays/", 403, 403),
                                              ("/settings/rules/", 403, 403), ("/settings/programmes/", 200, 200)])
def test_it_opens_the_settings_each_role_keeps(login, people, path, admin, two):
    assert login("street_admin").get(path).status_code == admin
    assert login("two_roles").get(path).status_code == two


def test_it_lets_the_auditor_role_approve_but_not_the_admin_of_another_unit(login, people):
    audit = people["audit"]
    assert login("street_admin").post(f"/tasks/{audit.pk}/do/approve/").status_code == 404
    login("two_roles").post(f"/tasks/{audit.pk}/do/approve/")
    audit.refresh_from_db()
    assert audit.state == "closed"


def test_it_lets_the_street_admin_read_but_not_act_on_its_streets_task(world, login, people):
    from duban.core.models import Event
    from duban.tasks.services import task_assign, task_review, task_urge

    task_assign(actor=world.supervisor, task_id=people["street"].pk)
    street = task_review(actor=world.leader, task_id=people["street"].pk, approve=True)  # assigned: urging is open
    response = login("street_admin").post(f"/tasks/{street.pk}/do/urge/", {"text": "请加快"})
    assert response.status_code in (400, 403)
    assert not Event.objects.filter(task_id=street.pk, action="task.urged").exists()
    task_urge(actor=world.supervisor, task_id=street.pk, text="请加快")  # the state allows it; the admin did not
    assert Event.objects.filter(task_id=street.pk, action="task.urged").count() == 1
