"""Odd input is refused with 400/422 and a Chinese message naming the field, never a 500, never
silently kept: NaN and Infinity, numbers past any column, lone surrogates, NUL bytes, titles past
their limit, offsets of 2**63."""
import datetime as dt
import json

import pytest

from duban.api.models import ApiToken
from duban.cli.main import main
from duban.core import clock
from duban.core.models import Event
from duban.tasks.models import Target, Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def send(world, client):
    def call(url, body: str, username="supervisor", method="post"):
        headers = {"Authorization": f"Bearer {ApiToken.issue(world.users[username])}"}
        return getattr(client, method)(f"/api{url}", body, content_type="application/json", headers=headers)
    return call


def _task(world, **extra) -> str:
    fields = {"title": "追回违规资金", "programme": world.programme.name, "lead_unit": "区审计局",
              "deadline": (clock.today() + dt.timedelta(days=60)).isoformat(), **extra}
    return json.dumps(fields, ensure_ascii=True)


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1e999999", "sNaN"])
def test_it_refuses_a_target_that_is_no_finite_number(world, send, value):
    response = send("/tasks", _task(world, targets=[{"metric": "追回资金", "target": value}]))
    assert response.status_code == 400
    assert "「指标「追回资金」的目标值」" in response.json()["detail"]
    assert not Task.objects.exists()


@pytest.mark.parametrize("body, field", [
    ('{"text": "已完成", "percent": NaN}', "percent"),
    ('{"text": "已完成", "percent": Infinity}', "percent"),
    ('{"text": "已完成", "percent": 1e999999}', "percent"),
    ('{"text": "已完成", "percent": 9223372036854775808}', "percent"),
    ('{"text": "\\u0000", "percent": 10}', "text"),
    ('{"text": "\\ud800", "percent": 10}', "text"),
])
def test_it_answers_422_naming_the_field_of_a_malformed_report(world, send, body, field):
    task = world.task(state="in_progress")
    events = Event.objects.count()
    response = send(f"/tasks/{task.pk}/report", body, "liaison")
    assert response.status_code == 422, response.content
    messages = [d["msg"] for d in response.json()["errors"]]
    assert any(m.startswith(f"「{field}」") for m in messages), messages
    assert all(not m.isascii() for m in messages)  # in Chinese
    assert Event.objects.count() == events


def test_it_refuses_an_actual_value_of_nan(world, send):
    task = world.task(state="in_progress", targets=[{"metric": "追回资金", "target": "1200"}])
    response = send(f"/tasks/{task.pk}/report", json.dumps({"text": "进展", "percent": 10,
                                                            "target_actuals": {"追回资金": "NaN"}}), "liaison")
    assert response.status_code == 400 and "「指标「追回资金」的实际值」" in response.json()["detail"]
    assert Target.objects.get().actual_value is None


@pytest.mark.parametrize("extra, field", [
    ({"title": "\u0000追回"}, "title"),
    ({"title": "\ud800追回"}, "title"),
    ({"lead_unit": "区审计局\u0000"}, "lead_unit"),
    ({"milestones": [{"name": "方案\ud83d", "due_on": None}]}, "milestones[0].name"),
])
def test_it_refuses_nul_bytes_and_lone_surrogates_naming_the_field(world, send, extra, field):
    response = send("/tasks", _task(world, **extra))
    assert response.status_code == 422
    assert any(d["msg"].startswith(f"「{field}」") for d in response.json()["errors"]), response.json()
    assert not Task.objects.exists()


def test_it_refuses_a_title_past_its_limit_naming_it(world, send):
    response = send("/tasks", _task(world, title="长" * 100_000))
    assert response.status_code == 400
    assert response.json()["detail"] == "「事项名称」过长：100000 字，最多 300 字"
    assert not Task.objects.exists()


def test_it_refuses_offsets_of_two_to_the_63(world, send):
    response = send(f"/tasks?offset={2**63}", None, method="get")
    assert response.status_code == 422 and response.json()["errors"][0]["msg"].startswith("「offset」应不大于")
    response = send("/tasks", _task(world, milestones=[{"name": "完成方案", "workdays_before": 2**63}]))
    assert response.status_code == 400 and "「节点「完成方案」提前的工作日数」" in response.json()["detail"]
    assert not Task.objects.exists()


def test_the_command_line_refuses_the_same_with_exit_2(world, capsys):
    base = ["task", "create", "--as", "supervisor", "--programme", world.programme.name, "--lead-unit", "区审计局",
            "--deadline", (clock.today() + dt.timedelta(days=60)).isoformat()]
    assert main([*base, "--title", "长" * 100_000]) == 2
    assert "「事项名称」过长" in capsys.readouterr().err
    assert main([*base, "--title", "追回\udce9"]) == 2  # an undecodable byte on the command line
    assert "「事项名称」含有无法识别的字符" in capsys.readouterr().err
    assert main([*base, "--title", "追回", "--milestone", f"完成方案@-{2**63}"]) == 2
    assert "「节点「完成方案」提前的工作日数」" in capsys.readouterr().err
    assert not Task.objects.exists()
