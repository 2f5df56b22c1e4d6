"""The transitions table is the loop: each of its actions is reachable from the task page, the API
and the command line, each does what the table says, and no entry point offers anything else."""
import datetime as dt

import pytest

from duban.api.models import ApiToken
from duban.cli.main import build_parser, main
from duban.core import clock
from duban.core.models import Event
from duban.tasks import services as svc
from duban.tasks.models import Task
from duban.tasks.services.evidence import MemoryFile
from duban.tasks.transitions import BY_NAME, TRANSITIONS

pytestmark = pytest.mark.django_db
LATER = (clock.today() + dt.timedelta(days=200)).isoformat()


def _pending_extension(world, task):
    svc.extension_request(actor=world.liaison, task_id=task.pk, new_deadline=dt.date.fromisoformat(LATER),
                          reason="汛期施工受限")


def _evidence(world, task):
    svc.task_report(actor=world.liaison, task_id=task.pk, text="整改完成", percent=100,
                    evidence=[MemoryFile("整改报告.pdf", b"%PDF-1.4 evidence")])


# Per action: the state it starts from, who takes it, anything else it needs first, and what the
# page posts, the API sends and the command line is given.
SCENES = {
    "assign": ("draft", "supervisor", None, {}, None, []),
    "review": ("review", "leader", None, {"decision": "yes"}, {"approve": True}, ["--approve"]),
    "sign": ("assigned", "liaison", None, {}, None, []),
    "report": ("in_progress", "liaison", None, {"text": "完成方案", "percent": "40"}, {"text": "完成方案", "percent": 40},
               ["--text", "完成方案", "--percent", "40"]),
    "request_closure": ("in_progress", "liaison", _evidence, {"text": "已整改"}, {"text": "已整改"}, ["--text", "已整改"]),
    "approve": ("closure_requested", "supervisor", None, {}, {"text": "同意"}, ["--comment", "同意"]),
    "return": ("closure_requested", "supervisor", None, {"reason": "凭证不全"}, {"reason": "凭证不全"},
               ["--reason", "凭证不全"]),
    "extend": ("in_progress", "liaison", None, {"date": LATER, "reason": "汛期"}, {"new_deadline": LATER, "reason": "汛期"},
               ["--to", LATER, "--reason", "汛期"]),
    "decide_extension": ("in_progress", "supervisor", _pending_extension, {"decision": "yes"}, {"approve": True},
                         ["--approve"]),
    "urge": ("in_progress", "supervisor", None, {}, {"text": ""}, []),
    "instruct": ("in_progress", "leader", None, {"text": "抓紧"}, {"text": "抓紧"}, ["--text", "抓紧"]),
    "recheck": ("closed", "supervisor", None, {"decision": "yes"}, {"consolidated": True}, ["--consolidated"]),
    "cancel": ("in_progress", "supervisor", None, {"reason": "并入其他事项"}, {"reason": "并入其他事项"},
               ["--reason", "并入其他事项"]),
}


def test_every_action_of_the_table_has_a_scene_here():
    assert set(SCENES) == set(BY_NAME)


def _ready(world, name):
    state, who, prepare = SCENES[name][:3]
    if state == "review":  # assigning in a programme with leader review sends the task to the leader
        task = world.task(state="assigned", programme=world.reviewed.name)
    else:
        task = world.task(state=state)
    assert task.state == state
    if prepare:
        prepare(world, task)
    return task, who


def _by_page(world, login, name, task, who):
    client = login(who)
    page = client.get(f"/tasks/{task.pk}/")
    assert name in [a.name for a in page.context["actions"]]
    response = client.post(f"/tasks/{task.pk}/do/{name}/", SCENES[name][3])
    assert response.status_code == 302, response.content.decode()[:2000]


def _by_api(world, client, name, task, who):
    step, body = BY_NAME[name], SCENES[name][4]
    headers = {"Authorization": f"Bearer {ApiToken.issue(world.users[who])}"}
    url = f"/api/tasks/{task.pk}/{step.route}"
    response = (client.post(url, body, content_type="application/json", headers=headers) if body is not None
                else client.post(url, headers=headers))
    assert response.status_code == 200, response.content.decode()


def _by_command(world, capsys, name, task, who):
    code = main(["task", BY_NAME[name].command, str(task.pk), "--as", who, *SCENES[name][5]])
    assert code == 0, capsys.readouterr().err


@pytest.mark.parametrize("entry", ["page", "api", "command"])
@pytest.mark.parametrize("name", list(BY_NAME))
def test_each_action_is_reachable_from_each_entry_point(world, login, client, capsys, name, entry):
    task, who = _ready(world, name)
    before = set(Event.objects.filter(task_id=task.pk).values_list("pk", flat=True))
    if entry == "page":
        _by_page(world, login, name, task, who)
    elif entry == "api":
        _by_api(world, client, name, task, who)
    else:
        _by_command(world, capsys, name, task, who)
    written = list(Event.objects.filter(task_id=task.pk).exclude(pk__in=before).values_list("action", "state_after"))
    done = BY_NAME[name].outcome()
    assert written == [(done.event, done.to_state or Task.objects.get(pk=task.pk).state)]


def test_the_api_offers_the_tables_actions_and_nothing_else(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    prefix = "/api/tasks/{task_id}/"
    posted = {path[len(prefix):] for path, ops in paths.items() if path.startswith(prefix) and "post" in ops}
    # `reports` is the table's report action again, as multipart so that evidence files can come with it.
    assert posted == {t.route for t in TRANSITIONS} | {"reports"}


def test_the_command_line_offers_the_tables_actions_and_nothing_else():
    parser = build_parser()
    task_parser = next(a for a in parser._subparsers._group_actions[0].choices.items() if a[0] == "task")[1]
    commands = set(task_parser._subparsers._group_actions[0].choices)
    # Besides the loop: a task's plan (create, edit, decompose) and reading it (show, list).
    assert commands - {"create", "edit", "decompose", "show", "list"} == {t.command for t in TRANSITIONS}


def test_the_page_offers_only_the_tables_actions(world, login):
    task = world.task(state="in_progress")
    client = login("supervisor")
    assert client.post(f"/tasks/{task.pk}/do/delete/").status_code == 404
    offered = [a.name for a in client.get(f"/tasks/{task.pk}/").context["actions"]]
    assert offered and set(offered) <= set(BY_NAME)
