"""The API: the same services, the same access rules, errors as {"detail": ...}."""
import datetime as dt

import pytest

from duban.api.models import ApiToken
from duban.core import clock
from duban.core.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_user(world, client):
    def call(username, method, url, payload=None):
        headers = {"Authorization": f"Bearer {ApiToken.issue(world.users[username])}"}
        send = getattr(client, method)
        if payload is None:
            return send(f"/api{url}", headers=headers)
        return send(f"/api{url}", payload, content_type="application/json", headers=headers)
    return call


def test_it_refuses_anonymous_calls(client):
    assert client.get("/api/tasks").status_code == 401


def test_a_token_serves_its_user_until_it_runs_out_is_revoked_or_its_user_is_stopped(world, client, settings):
    world.task(state="assigned")
    settings.DUBAN_API_TOKEN_DAYS = 30

    def tasks(token):
        answer = client.get("/api/tasks", headers={"Authorization": f"Bearer {token}"})
        return [t["title"] for t in answer.json()] if answer.status_code == 200 else answer.status_code

    liaison, outsider = ApiToken.issue(world.liaison), ApiToken.issue(world.users["outsider"])
    assert tasks(liaison) == ["做实审计整改“下半篇文章”"]  # the liaison's unit leads it
    assert tasks(outsider) == [] and tasks(liaison + "x") == 401
    with clock.travel(clock.now() + dt.timedelta(days=29, hours=23)):
        assert tasks(liaison) == ["做实审计整改“下半篇文章”"]
    with clock.travel(clock.now() + dt.timedelta(days=30, minutes=1)):
        assert tasks(liaison) == 401
    ApiToken.objects.filter(user=world.users["outsider"]).update(revoked_at=clock.now())
    assert tasks(outsider) == 401
    world.liaison.is_active = False
    world.liaison.save(update_fields=["is_active"])
    assert tasks(liaison) == 401


def test_it_accepts_a_signed_in_session(world, client):
    client.force_login(world.liaison)
    world.task(state="assigned")
    assert [t["title"] for t in client.get("/api/tasks").json()] == ["做实审计整改“下半篇文章”"]


def test_it_runs_the_loop(world, as_user):
    deadline = (clock.today() + dt.timedelta(days=40)).isoformat()
    created = as_user("supervisor", "post", "/tasks", {
        "title": "追回违规资金", "programme": world.programme.name, "lead_unit": "区审计局", "deadline": deadline,
        "milestones": [{"name": "完成方案", "workdays_before": 10}]})
    assert created.status_code == 201, created.json()
    tid = created.json()["id"]
    assert as_user("supervisor", "post", f"/tasks/{tid}/assign").json()["state"] == "assigned"
    assert as_user("liaison", "post", f"/tasks/{tid}/sign").json()["state"] == "in_progress"
    body = as_user("liaison", "post", f"/tasks/{tid}/report", {"text": "已追回", "percent": 50}).json()
    assert body["percent"] == 50 and body["light"]["label"] in {"红", "黄", "绿"}
    detail = as_user("liaison", "get", f"/tasks/{tid}").json()
    assert [e["action"] for e in detail["history"]][-1] == "task.reported"


@pytest.mark.parametrize("who, method, path, payload", [
    ("outsider", "get", "/tasks/{id}", None),
    ("outsider", "post", "/tasks/{id}/sign", None),
    ("outsider", "post", "/tasks/{id}/report", {"text": "x", "percent": 1}),
    ("outsider", "post", "/tasks/{id}/urge", {"text": "x"}),
    ("street_supervisor", "post", "/tasks/{id}/cancel", {"reason": "x"}),
    ("other_leader", "post", "/tasks/{id}/instruct", {"text": "x"}),
])
def test_it_hides_tasks_outside_the_users_reach(world, as_user, who, method, path, payload):
    task = world.task(state="assigned")
    before = Event.objects.count()
    response = as_user(who, method, path.replace("{id}", str(task.pk)), payload)
    assert response.status_code == 404 and response.json() == {"detail": f"事项 {task.pk} 不存在"}
    assert Event.objects.count() == before


def test_it_explains_a_refusal(world, as_user):
    task = world.task(state="assigned")
    response = as_user("liaison", "post", f"/tasks/{task.pk}/request-closure", {"text": ""})
    assert response.status_code == 400 and "不能申请销号" in response.json()["detail"]
    response = as_user("admin", "post", f"/tasks/{task.pk}/urge", {"text": ""})
    assert response.status_code == 400 and "只有督查员可以催办" in response.json()["detail"]


def test_it_describes_itself_in_openapi(client):
    schema = client.get("/api/openapi.json").json()
    assert "/api/tasks/{task_id}/request-closure" in schema["paths"]
    assert "404" in schema["paths"]["/api/tasks/{task_id}"]["get"]["responses"]


def test_it_builds_the_openapi_document_once(client):
    from duban.api.api import api

    first, second = client.get("/api/openapi.json"), client.get("/api/openapi.json")
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    # the same object both times: the routes were walked once, not per request
    assert api.get_openapi_schema(path_prefix="/api/") is api.get_openapi_schema(path_prefix="/api/")


def test_it_pages_the_task_list(world, as_user):
    for i in range(3):
        world.task(state="assigned", title=f"事项{i}")
    first = as_user("supervisor", "get", "/tasks?limit=2").json()
    rest = as_user("supervisor", "get", "/tasks?limit=2&offset=2").json()
    assert len(first) == 2 and len(rest) == 1
    assert {t["id"] for t in first}.isdisjoint({t["id"] for t in rest})
    assert as_user("supervisor", "get", "/tasks?limit=5000").status_code == 422


def test_the_task_list_is_utf8_json_of_the_declared_fields(world, as_user, client):
    world.task(state="assigned", title="整改<script>alert(1)</script>", deadline=clock.today() + dt.timedelta(days=40))
    response = as_user("supervisor", "get", "/tasks?limit=5")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "整改<script>".encode() in response.content  # UTF-8 text, not \u escapes
    row = next(t for t in response.json() if t["title"].startswith("整改"))
    assert row["title"] == "整改<script>alert(1)</script>"  # a value, for the client to escape where it shows it
    assert row["deadline"] == (clock.today() + dt.timedelta(days=40)).isoformat() and row["light"]["color"] in {"red", "yellow", "green"}
    schema = client.get("/api/openapi.json").json()["components"]["schemas"]["TaskOut"]
    assert set(row) == set(schema["properties"]) and set(row["light"]) == {"color", "label", "reason", "note"}
