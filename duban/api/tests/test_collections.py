"""The collections beyond the loop: locked updates, evidence in and out, pages, languages, reach."""
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from duban.api.models import ApiToken
from duban.core.models import Event
from duban.tasks.models import Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def bearer(world):
    return lambda name: {"Authorization": f"Bearer {ApiToken.issue(world.users[name])}"}


def test_two_clients_editing_one_task_one_gets_409_and_nothing_is_lost(world, client, bearer):
    task = world.task(state="in_progress")
    first, second = bearer("supervisor"), bearer("supervisor")
    seen_by_both = client.get(f"/api/tasks/{task.pk}/plan", headers=first).json()["version"]
    one = client.patch(f"/api/tasks/{task.pk}/plan", {"version": seen_by_both, "title": "甲改的名称"},
                       content_type="application/json", headers=first)
    events = Event.objects.count()
    two = client.patch(f"/api/tasks/{task.pk}/plan", {"version": seen_by_both, "content": "乙改的内容"},
                       content_type="application/json", headers=second)
    assert one.status_code == 200 and two.status_code == 409
    assert "已被他人修改" in two.json()["detail"] and Event.objects.count() == events
    task.refresh_from_db()
    assert task.title == "甲改的名称" and task.content != "乙改的内容"
    again = client.patch(f"/api/tasks/{task.pk}/plan", {"version": one.json()["version"], "content": "乙改的内容"},
                         content_type="application/json", headers=second)
    assert again.status_code == 200 and Task.objects.get(pk=task.pk).content == "乙改的内容"


def test_evidence_uploaded_through_the_api_downloads_identical(world, client, bearer):
    task = world.task(state="in_progress")
    blob = bytes(range(256)) * 4096 + "整改照片".encode()
    answer = client.post(f"/api/tasks/{task.pk}/reports", {
        "text": "已整改到位", "percent": "80", "files": [SimpleUploadedFile("现场照片.jpg", blob, "image/jpeg")]},
        headers=bearer("liaison"))
    assert answer.status_code == 201, answer.content
    evidence = answer.json()["evidence"][0]
    assert evidence["sha256"] == hashlib.sha256(blob).hexdigest()
    download = client.get(f"/api/tasks/{task.pk}/evidence/{evidence['id']}", headers=bearer("supervisor"))
    assert download.status_code == 200
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == hashlib.sha256(blob).hexdigest()
    reports = client.get(f"/api/tasks/{task.pk}/reports", headers=bearer("leader")).json()
    assert [r["percent"] for r in reports] == [80]
    assert client.get(f"/api/tasks/{task.pk}/evidence/{evidence['id']}", headers=bearer("outsider")).status_code == 404


def test_errors_answer_in_chinese_or_in_english(world, client, bearer):
    task = world.task(state="in_progress")
    zh = client.post(f"/api/tasks/{task.pk}/report", {"text": "x", "percent": 300},
                     content_type="application/json", headers=bearer("liaison"))
    en = client.post(f"/api/tasks/{task.pk}/report", {"text": "x", "percent": 300},
                     content_type="application/json", headers={**bearer("liaison"), "Accept-Language": "en-US,en"})
    assert zh.status_code == en.status_code == 422
    assert zh.json()["detail"] == "请求有误：「percent」应不大于 100"
    assert en.json()["detail"] == "Invalid request: field “percent” is above the maximum"
    missing = client.get("/api/tasks/99999", headers={**bearer("liaison"), "Accept-Language": "en"})
    assert missing.json() == {"detail": "Task 99999 does not exist"}
    assert client.get("/api/units", headers={"Accept-Language": "en"}).json()["detail"].startswith("Not signed in")
    refused = client.post(f"/api/tasks/{task.pk}/urge", {"text": ""}, content_type="application/json",
                          headers={**bearer("liaison"), "Accept-Language": "en"})
    assert refused.status_code == 400 and refused.json()["detail"] == "Only a supervisor may urge a task"


def test_the_search_pages_by_cursor_with_the_lists_filters(world, client, bearer):
    for i in range(5):
        world.task(state="assigned", title=f"事项{i}")
    world.task(state="assigned", title="别的", lead_unit="区城市管理局", co_units=())
    seen, after = [], 0
    while after is not None:
        page = client.get(f"/api/search/tasks?q=事项&limit=2&after={after}", headers=bearer("supervisor")).json()
        seen += [t["title"] for t in page["items"]]
        after = page["next"]
    assert sorted(seen) == [f"事项{i}" for i in range(5)]
    assert client.get("/api/search/tasks?light=purple", headers=bearer("supervisor")).status_code == 422


def test_the_search_by_light_finds_the_tasks_of_that_light(world, client, bearer):
    import datetime as dt

    from duban.core import clock

    soon = world.task(state="in_progress", title="临近时限", deadline=clock.today() + dt.timedelta(days=3))
    world.task(state="in_progress", title="时间充裕", deadline=clock.today() + dt.timedelta(days=200))
    world.task(state="closed", title="已办结")
    found = {}
    for light in ("red", "yellow", "green"):
        page = client.get(f"/api/search/tasks?light={light}", headers=bearer("supervisor")).json()
        found[light] = {t["title"]: t["light"]["color"] for t in page["items"]}
    assert found["yellow"] == {soon.title: "yellow"} and not found["red"]
    assert found["green"] == {"时间充裕": "green", "已办结": "green"}


def test_units_and_users_stay_within_reach(world, client, bearer):
    names = {u["name"] for u in client.get("/api/units", headers=bearer("outsider")).json()}
    assert names == {"钱塘区", "前进街道"}
    people = {u["username"] for u in client.get("/api/users", headers=bearer("outsider")).json()}
    assert "outsider" in people and "liaison" not in people
    created = client.post("/api/users", {"username": "newbie", "unit": "区审计局", "role": "liaison",
                                         "email": "newbie@example.cn"}, content_type="application/json",
                          headers=bearer("admin"))
    assert created.status_code == 201 and created.json()["invited"] is True


def test_the_document_declares_every_answer(client):
    schema = client.get("/api/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, op in operations.items():
            assert {"401", "422"} <= set(op["responses"]), (method, path)
    assert "409" in schema["paths"]["/api/tasks/{task_id}/plan"]["patch"]["responses"]
    for path in ["/api/units", "/api/programmes", "/api/tasks/{task_id}/reports", "/api/tasks/{task_id}/events",
                 "/api/battlemap"]:
        assert path in schema["paths"]


def test_the_battle_map_figures_match_what_the_user_sees(world, client, bearer):
    world.task(state="assigned")
    figures = client.get("/api/battlemap", headers=bearer("supervisor")).json()
    assert figures["all"]["total"] == 1 and figures["units"][0]["name"]
    assert client.get("/api/battlemap", headers=bearer("outsider")).json()["all"]["total"] == 0
    feed = client.get("/api/calendar", headers=bearer("liaison")).json()["url"]
    assert client.get(feed.replace("http://testserver", "")).status_code == 200
    ledger = client.get("/api/ledger.xlsx", headers=bearer("supervisor"))
    assert ledger.status_code == 200 and ledger.content[:2] == b"PK"


def test_a_programme_counts_only_the_tasks_its_reader_sees(world, client, bearer):
    world.task(state="in_progress", title="审计局的事项")
    world.task(state="assigned", lead_unit="区城市管理局", co_units=[], title="城管局的事项")
    counts = {p["name"]: p["tasks"] for p in client.get("/api/programmes", headers=bearer("supervisor")).json()}
    assert counts["2026年度审计项目计划"] == 2
    counts = {p["name"]: p["tasks"] for p in client.get("/api/programmes", headers=bearer("liaison")).json()}
    assert counts == {"2026年度审计项目计划": 1}  # the other unit's task is not even counted
    assert client.get(f"/api/programmes/{2**63 - 1}", headers=bearer("supervisor")).status_code == 404

