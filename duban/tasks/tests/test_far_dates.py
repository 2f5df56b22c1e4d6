"""Dates and working-day offsets inside the configured range, refused the same way at every entry
point, and nothing kept when the answer is a refusal; a far date already stored breaks no page."""
import datetime as dt
import json

import pytest

from duban.api.models import ApiToken
from duban.cli.main import main
from duban.core import clock
from duban.core.models import Event
from duban.intake.proposals import FORMAT
from duban.ledger.importer import ledger_import
from duban.ledger.tests.helpers import office_file
from duban.tasks.models import ExtensionRequest, Milestone, Task
from duban.tasks.nodes import refresh_next_due

pytestmark = pytest.mark.django_db
FAR = "9999-12-31"
RANGE = "超出允许的日期范围"


@pytest.fixture
def api(world, client):
    def call(method, url, payload=None, username="supervisor"):
        headers = {"Authorization": f"Bearer {ApiToken.issue(world.users[username])}"}
        return getattr(client, method)(f"/api{url}", payload, content_type="application/json", headers=headers)
    return call


def _new(world, **extra):
    return {"title": "追回违规资金", "programme": world.programme.name, "lead_unit": "区审计局",
            "deadline": (clock.today() + dt.timedelta(days=60)).isoformat(), **extra}


@pytest.mark.parametrize("extra, field", [
    ({"deadline": FAR}, "完成时限"),
    ({"milestones": [{"name": "完成方案", "due_on": "9999-12-30"}], "deadline": "9999-12-31"}, "完成时限"),
    ({"milestones": [{"name": "完成方案", "due_on": "9999-12-30"}]}, "节点「完成方案」日期"),
    ({"milestones": [{"name": "完成方案", "workdays_before": 10**6}]}, "节点「完成方案」提前的工作日数"),
    ({"milestones": [{"name": "完成方案", "workdays_before": -10**6}]}, "节点「完成方案」提前的工作日数"),
    ({"deadline": "1900-01-01"}, "完成时限"),
])
def test_the_api_refuses_a_date_or_offset_out_of_range_and_keeps_nothing(world, api, extra, field):
    events = Event.objects.count()
    response = api("post", "/tasks", _new(world, **extra))
    assert response.status_code == 400
    assert f"「{field}」" in response.json()["detail"]
    assert not Task.objects.exists() and Event.objects.count() == events
    assert api("get", "/tasks").status_code == 200


def test_the_api_refuses_an_extension_or_a_recheck_to_a_far_date(world, api):
    task = world.task(state="in_progress")
    response = api("post", f"/tasks/{task.pk}/extension", {"new_deadline": FAR, "reason": "会期在下月"}, "liaison")
    assert response.status_code == 400 and RANGE in response.json()["detail"]
    assert not ExtensionRequest.objects.exists()


def test_the_command_line_refuses_a_far_deadline_with_exit_2(world, capsys):
    code = main(["task", "create", "--as", "supervisor", "--title", "追回违规资金", "--programme", world.programme.name,
                 "--lead-unit", "区审计局", "--deadline", FAR])
    err = capsys.readouterr().err
    assert code == 2 and "「完成时限」9999-12-31" in err and RANGE in err
    assert not Task.objects.exists()


def test_the_ledger_names_the_row_of_a_far_deadline(world, tmp_path):
    rows = [["F-1", "好的事项", "区审计局", None, clock.today() + dt.timedelta(days=30), None],
            ["F-2", "千年大计", "区审计局", None, FAR, None]]
    result = ledger_import(actor=world.supervisor, path=office_file(tmp_path / "far.xlsx", rows),
                           programme=world.programme.name)
    assert any(e.startswith("第4行") and RANGE in e for e in result.errors), result.errors
    assert not Task.objects.exists()


def test_intake_refuses_to_confirm_a_far_deadline(world, capsys, tmp_path):
    proposal = {"format": FORMAT, "name": "会议纪要", "text": "……",
                "programme": world.programme.name,
                "tasks": [{"item": 1, "title": "建立整改台账", "lead_unit": "区审计局", "deadline": FAR, "keep": True}]}
    path = tmp_path / "far.proposal.json"
    path.write_text(json.dumps(proposal, ensure_ascii=False), encoding="utf-8")
    code = main(["intake", "confirm", str(path), "--as", "supervisor"])
    err = capsys.readouterr().err
    assert code == 2 and RANGE in err and "第1项" in err
    assert not Task.objects.exists()


def test_the_admin_cannot_set_a_holiday_out_of_range(world, capsys):
    code = main(["holiday", "set", FAR, "--off", "--name", "千年", "--as", "admin"])
    assert code == 2 and RANGE in capsys.readouterr().err


def test_the_range_is_the_administrators_to_change(world, api, settings):
    settings.DUBAN_DATE_YEARS_AHEAD = 40
    far = (clock.today() + dt.timedelta(days=30 * 366)).isoformat()
    assert api("post", "/tasks", _new(world, deadline=far)).status_code == 201


def test_a_far_date_already_stored_breaks_no_list_page_or_export(world, client, api, capsys):
    task = world.task(state="in_progress")
    Task.objects.filter(pk=task.pk).update(deadline=dt.date(9999, 12, 31))
    Milestone.objects.create(task=task, name="远期节点", due_on=dt.date(9999, 12, 30))
    refresh_next_due([task.pk])
    client.force_login(world.supervisor)
    for path in ("/", "/inbox/", "/tasks/", f"/tasks/{task.pk}/"):
        assert client.get(path).status_code == 200, path
    assert client.get("/ledger/export.xlsx").status_code == 200
    assert api("get", "/tasks").status_code == 200
    assert main(["task", "list", "--as", "supervisor", "--json"]) == 0
