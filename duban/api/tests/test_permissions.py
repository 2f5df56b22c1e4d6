"""Every operation of the OpenAPI document × every persona: who gets an answer, who a refusal, who
is told the thing does not exist. A new operation without a row here fails the first test."""
import datetime as dt

import pytest

from duban.api.models import ApiToken
from duban.core import clock

pytestmark = pytest.mark.django_db
PERSONAS = ["anonymous", "supervisor", "liaison", "outsider", "leader", "admin"]
LATER = (clock.today() + dt.timedelta(days=90)).isoformat()

# operation → (payload, {persona: status}); anonymous is 401 everywhere and is not repeated.
# 404 is the answer for what lies outside the persona's reach, exactly as for what does not exist.
OPS = {
    ("get", "/api/tasks"): (None, dict(supervisor=200, liaison=200, outsider=200, leader=200, admin=200)),
    ("post", "/api/tasks"): ("new_task", dict(supervisor=201, liaison=400, outsider=400, leader=400, admin=400)),
    ("get", "/api/tasks/{task_id}"): (None, dict(supervisor=200, liaison=200, outsider=404, leader=200, admin=200)),
    ("post", "/api/tasks/{task_id}/assign"): (None, dict(supervisor=400, liaison=400, outsider=404, leader=400, admin=400)),
    ("post", "/api/tasks/{task_id}/review"): ({"approve": True}, dict(supervisor=400, liaison=400, outsider=404, leader=400, admin=400)),
    ("post", "/api/tasks/{task_id}/sign"): (None, dict(supervisor=400, liaison=400, outsider=404, leader=400, admin=400)),
    ("post", "/api/tasks/{task_id}/report"): ({"text": "进展", "percent": 30}, dict(supervisor=400, liaison=200, outsider=404, leader=400, admin=400)),
    ("post", "/api/tasks/{task_id}/request-closure"): ({"text": "已完成"}, dict(supervisor=400, liaison=200, outsider=404, leader=400, admin=400)),
    ("post", "/api/tasks/{task_id}/approve"): ({"text": ""}, dict(supervisor=400, liaison=400, outsider=404, leader=400, admin=400)),
    ("post", "/api/tasks/{task_id}/reject"): ({"reason": "不足"}, dict(supervisor=400, liaison=400, outsider=404, leader=400, admin=400)),
    ("post", "/api/tasks/{task_id}/extension"): ({"new_deadline": LATER, "reason": "汛期"}, dict(supervisor=400, liaison=200, outsider=404, leader=400, admin=400)),
    ("post", "/api/tasks/{task_id}/extension/decision"): ({"approve": True}, dict(supervisor=400, liaison=400, outsider=404, leader=400, admin=400)),
    ("post", "/api/tasks/{task_id}/recheck"): ({"consolidated": True}, dict(supervisor=400, liaison=400, outsider=404, leader=400, admin=400)),
    ("post", "/api/tasks/{task_id}/cancel"): ({"reason": "重复"}, dict(supervisor=200, liaison=400, outsider=404, leader=400, admin=400)),
    ("post", "/api/tasks/{task_id}/urge"): ({"text": "请加快"}, dict(supervisor=200, liaison=400, outsider=404, leader=400, admin=400)),
    ("post", "/api/tasks/{task_id}/instruct"): ({"text": "抓紧"}, dict(supervisor=400, liaison=400, outsider=404, leader=200, admin=400)),
    ("get", "/api/search/tasks"): (None, dict(supervisor=200, liaison=200, outsider=200, leader=200, admin=200)),
    ("get", "/api/tasks/{task_id}/plan"): (None, dict(supervisor=200, liaison=200, outsider=404, leader=200, admin=200)),
    ("patch", "/api/tasks/{task_id}/plan"): ("plan", dict(supervisor=200, liaison=400, outsider=404, leader=400, admin=400)),
    ("get", "/api/tasks/{task_id}/events"): (None, dict(supervisor=200, liaison=200, outsider=404, leader=200, admin=200)),
    ("get", "/api/tasks/{task_id}/reports"): (None, dict(supervisor=200, liaison=200, outsider=404, leader=200, admin=200)),
    ("post", "/api/tasks/{task_id}/reports"): ("multipart", dict(supervisor=400, liaison=201, outsider=404, leader=400, admin=400)),
    ("get", "/api/tasks/{task_id}/evidence/{evidence_id}"): (None, dict(supervisor=200, liaison=200, outsider=404, leader=200, admin=200)),
    ("get", "/api/units"): (None, dict(supervisor=200, liaison=200, outsider=200, leader=200, admin=200)),
    ("post", "/api/units"): ({"name": "区新设局", "parent": "钱塘区"}, dict(supervisor=400, liaison=400, outsider=400, leader=400, admin=201)),
    ("get", "/api/units/{unit_id}"): (None, dict(supervisor=200, liaison=200, outsider=404, leader=200, admin=200)),
    ("get", "/api/users"): (None, dict(supervisor=200, liaison=200, outsider=200, leader=200, admin=200)),
    ("post", "/api/users"): ({"username": "newbie", "unit": "区审计局", "role": "liaison", "email": "n@example.cn"},
                             dict(supervisor=400, liaison=400, outsider=400, leader=400, admin=201)),
    ("get", "/api/users/{username}"): (None, dict(supervisor=200, liaison=200, outsider=404, leader=200, admin=200)),
    ("patch", "/api/users/{username}"): ({"title": "科长"}, dict(supervisor=400, liaison=400, outsider=404, leader=400, admin=200)),
    ("get", "/api/programmes"): (None, dict(supervisor=200, liaison=200, outsider=200, leader=200, admin=200)),
    ("get", "/api/programmes/{programme_id}"): (None, dict(supervisor=200, liaison=200, outsider=404, leader=200, admin=200)),
    ("get", "/api/battlemap"): (None, dict(supervisor=200, liaison=200, outsider=200, leader=200, admin=200)),
    ("get", "/api/ledger.xlsx"): (None, dict(supervisor=200, liaison=200, outsider=200, leader=200, admin=200)),
    ("get", "/api/calendar"): (None, dict(supervisor=200, liaison=200, outsider=200, leader=200, admin=200)),
}


def test_every_operation_in_the_document_is_in_the_table(client):
    schema = client.get("/api/openapi.json").json()
    documented = {(method, path) for path, ops in schema["paths"].items() for method in ops}
    assert documented == set(OPS)


def _target(world):
    task = world.task(state="in_progress")
    return {"task_id": task.pk, "evidence_id": 0, "unit_id": task.lead_unit_id, "username": "liaison", "programme_id": task.programme_id}, task


def _payload(kind, world):
    if kind == "new_task":
        return {"title": "新事项", "programme": world.programme.name, "lead_unit": "区审计局", "deadline": LATER}
    if kind == "plan":
        return {"version": 0, "title": "改过的名称"}
    return kind


def _call(client, world, persona, method, path, kind, task):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from duban.tasks.services.versions import task_version

    headers = {} if persona == "anonymous" else {"Authorization": f"Bearer {ApiToken.issue(world.users[persona])}"}
    payload = _payload(kind, world)
    if kind == "plan":
        payload["version"] = task_version(task.pk)
    if kind == "multipart":
        return client.post(path, {"text": "进展", "percent": "40",
                                  "files": [SimpleUploadedFile("照片.png", b"\x89PNG evidence")]}, headers=headers)
    if payload is None:
        return getattr(client, method)(path, headers=headers)
    return getattr(client, method)(path, payload, content_type="application/json", headers=headers)


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_what_its_role_allows(world, client, persona):
    from duban.tasks import services as svc
    from duban.tasks.services.evidence import MemoryFile

    wrong = []
    for (method, template), (kind, expected) in OPS.items():
        ids, task = _target(world)
        svc.task_report(actor=world.liaison, task_id=task.pk, text="首报", percent=10,
                        evidence=[MemoryFile("方案.pdf", b"%PDF-1.4 plan")])
        ids["evidence_id"] = task.evidence.get().pk
        response = _call(client, world, persona, method, template.format(**ids), kind, task)
        want = 401 if persona == "anonymous" else expected[persona]
        if response.status_code != want:
            wrong.append(f"{method.upper()} {template}: {response.status_code} ≠ {want} {response.content[:120]!r}")
    assert not wrong, "\n".join(wrong)
