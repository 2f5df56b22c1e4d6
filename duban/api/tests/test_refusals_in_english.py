"""Every kind of refusal reads in English to a client that asks for it, and in the same Chinese as
ever to one that does not: the services word their messages through the catalogue, so nothing
Chinese is left in an English answer but what people typed."""
import datetime as dt
import re

import pytest
from django.utils import translation

from duban.api.i18n import translated
from duban.api.models import ApiToken
from duban.core import clock
from duban.core.errors import DomainError
from duban.tasks import services as svc

pytestmark = pytest.mark.django_db
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


@pytest.fixture
def ask(world, client):
    """POSTs (or GETs) once in English and once without a language; returns both answers."""
    def both(method, path, who, body=None):
        headers = {"Authorization": f"Bearer {ApiToken.issue(world.users[who])}"}
        send = getattr(client, method)
        kwargs = {"content_type": "application/json"} if body is not None else {}
        en = send(path, body, headers={**headers, "Accept-Language": "en"}, **kwargs)
        zh = send(path, body, headers=headers, **kwargs)
        assert en.status_code == zh.status_code
        return en.status_code, en.json()["detail"], zh.json()["detail"]
    return both


def english(detail: str) -> bool:
    return not HAN.search(detail) and not detail.startswith("Refused")


def test_a_deadline_out_of_bounds(world, ask):
    task = world.task(state="in_progress")
    status, en, zh = ask("post", f"/api/tasks/{task.pk}/extension", "liaison",
                         {"new_deadline": "2999-01-01", "reason": "工程量增加"})
    assert status == 400 and english(en)
    assert en.startswith("“Requested deadline”: 2999-01-01 is outside the allowed dates")
    assert zh.startswith("「申请的完成时限」2999-01-01超出允许的日期范围（")


def test_a_missing_reason(world, ask):
    task = world.task(state="in_progress")
    status, en, zh = ask("post", f"/api/tasks/{task.pk}/cancel", "supervisor", {"reason": "   "})
    assert status == 400
    assert en == "Please fill in “Reason for cancelling”"
    assert zh == "请填写「撤销理由」"


def test_a_state_that_does_not_allow_the_action(world, ask):
    task = world.task(state="in_progress")
    status, en, zh = ask("post", f"/api/tasks/{task.pk}/sign", "liaison", {})
    assert status == 400
    assert en == "The task is “In progress”: “Sign for” is not possible now"
    assert zh == "事项当前为「办理中」，不能签收"


def test_a_role_that_may_not_act(world, ask):
    task = world.task(state="in_progress")
    status, en, zh = ask("post", f"/api/tasks/{task.pk}/urge", "liaison", {"text": ""})
    assert (status, en, zh) == (400, "Only a supervisor may urge a task", "只有督查员可以催办")


def test_a_task_out_of_reach_is_missing_in_either_language(world, ask):
    task = world.task(state="in_progress")
    status, en, zh = ask("get", f"/api/tasks/{task.pk}", "outsider")
    assert (status, en, zh) == (404, f"Task {task.pk} does not exist", f"事项 {task.pk} 不存在")


def test_a_field_that_fails_validation(world, ask):
    task = world.task(state="in_progress")
    status, en, zh = ask("post", f"/api/tasks/{task.pk}/report", "liaison", {"text": "x", "percent": 300})
    assert status == 422 and english(en) and "“percent”" in en
    assert zh == "请求有误：「percent」应不大于 100"


def test_a_filter_outside_its_vocabulary(world, ask):
    status, en, zh = ask("get", "/api/tasks?light=purple", "supervisor")
    assert status == 400
    assert en == "Light “purple” is not valid; choose from: red, yellow, green"
    assert zh == "灯色「purple」无效，可选：red、yellow、green"


def test_a_unit_that_is_not_there(world, ask):
    status, en, zh = ask("post", "/api/units", "admin", {"name": "Harbour Office", "parent": "Nowhere",
                                                            "kind": "department"})
    assert status == 404
    assert en == "No unit named “Nowhere”"
    assert zh == "没有名为「Nowhere」的单位"


def test_typed_values_stay_as_typed(world, ask):
    status, en, zh = ask("post", "/api/units", "admin", {"name": "区审计局", "parent": "钱塘区",
                                                            "kind": "department"})
    assert status == 400
    assert en == "Unit “区审计局” already exists" and translated(en)
    assert zh == "单位「区审计局」已存在"


def test_a_bad_percent_and_the_command_line_stays_chinese(world):
    """The services answer in the active language; with none asked for (the command line) Chinese."""
    task = world.task(state="closure_requested")
    with translation.override("en"), pytest.raises(DomainError) as en:
        svc.closure_approve(actor=world.supervisor, task_id=task.pk, percent=150)
    with pytest.raises(DomainError) as zh:
        svc.closure_approve(actor=world.supervisor, task_id=task.pk, percent=150)
    assert str(en.value) == "Percent done must be a whole number from 0 to 100; got “150”"
    assert str(zh.value) == "完成进度应为0到100之间的整数，收到「150」"
    past = clock.today() - dt.timedelta(days=3)
    with translation.override("en"), pytest.raises(DomainError) as late:
        svc.task_create(actor=world.supervisor, title="x", programme=world.programme.name, lead_unit="区审计局",
                        deadline=past)
    assert late.value.message == f"“Deadline”: {past.isoformat()} has already passed; enter today or a later date"


def test_an_untranslated_refusal_keeps_its_english_lead_in():
    assert not translated("某个尚未翻译的拒绝「x」")
    assert translated("Unit “区审计局” already exists")
