"""The permission ladder over every page: anonymous → sign-in, wrong persona → 404, right persona → 200."""
import pytest

from duban.tasks.services.evidence import MemoryFile


@pytest.fixture
def task(world):
    task = world.task(state="closure_requested", title="审计整改专项任务甲")
    return task


def _pages(task):
    evidence = task.evidence.first()
    return {
        "task": f"/tasks/{task.pk}/",
        "evidence": f"/tasks/{task.pk}/evidence/{evidence.pk}/",
    }


@pytest.mark.parametrize("path", ["/inbox/", "/tasks/", "/account/", "/tasks/1/", "/tasks/1/evidence/1/"])
def test_it_sends_anonymous_visitors_to_the_sign_in_page(client, world, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


def test_it_shows_the_sign_in_form_instead_of_the_battle_map_to_anonymous(client, world):
    assert "登录督办系统" in client.get("/").content.decode()


@pytest.mark.parametrize("persona", ["outsider", "street_supervisor", "other_leader"])
@pytest.mark.parametrize("page", ["task", "evidence"])
def test_it_answers_404_to_a_persona_outside_the_task(login, task, persona, page):
    response = login(persona).get(_pages(task)[page])
    assert response.status_code == 404
    assert "审计整改专项任务甲" not in response.content.decode()


@pytest.mark.parametrize("persona", ["supervisor", "liaison", "co_liaison", "leader", "auditor", "admin"])
@pytest.mark.parametrize("page", ["task", "evidence"])
def test_it_opens_the_task_for_the_right_personas(login, task, persona, page):
    assert login(persona).get(_pages(task)[page]).status_code == 200


def test_it_answers_404_for_a_missing_task_the_same_way(login, task):
    client = login("supervisor")
    assert client.get("/tasks/999999/").status_code == 404
    assert client.get(f"/tasks/{task.pk}/evidence/999999/").status_code == 404


@pytest.mark.parametrize("persona", ["outsider", "street_supervisor"])
def test_it_refuses_an_action_posted_by_a_persona_outside_the_task(login, task, persona):
    response = login(persona).post(f"/tasks/{task.pk}/do/approve/")
    assert response.status_code == 404
    task.refresh_from_db()
    assert task.state == "closure_requested"


def test_it_refuses_in_the_page_an_action_the_persona_may_not_take(login, task):
    response = login("liaison").post(f"/tasks/{task.pk}/do/approve/")
    assert response.status_code == 400
    assert "只有督查员可以审核销号" in response.content.decode()


@pytest.mark.parametrize("persona", ["supervisor", "liaison", "leader", "outsider", "auditor", "admin"])
@pytest.mark.parametrize("path", ["/", "/tasks/", "/inbox/", "/account/"])
def test_it_opens_every_page_for_every_persona_with_only_their_tasks(login, task, persona, path):
    response = login(persona).get(path)
    assert response.status_code == 200
    sees = persona not in ("outsider",)
    if path == "/tasks/":
        assert ("审计整改专项任务甲" in response.content.decode()) == sees


def test_it_never_shows_a_stack_trace(login, world, settings):
    settings.DEBUG = False
    response = login("supervisor").get("/tasks/not-a-number/")
    assert response.status_code == 404
    assert "Traceback" not in response.content.decode()
    assert "找不到这个页面或事项" in response.content.decode()


def test_it_keeps_files_of_other_tasks_out_of_reach(login, world, task):
    from duban.tasks import services as svc

    other = world.task(state="assigned", lead_unit="前进街道", co_units=())
    svc.task_sign(actor=world.outsider, task_id=other.pk)
    svc.task_request_closure(actor=world.outsider, task_id=other.pk, evidence=[MemoryFile("x.pdf", b"%PDF")])
    foreign = other.evidence.first()
    response = login("liaison").get(f"/tasks/{task.pk}/evidence/{foreign.pk}/")
    assert response.status_code == 404
