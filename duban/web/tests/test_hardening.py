"""The smaller findings: a liaison's sub-task stays inside its task, `parent` reveals nothing,
DUBAN_HOME is private, HTTPS switches on HSTS and Secure cookies, signed-in pages are not cached,
`testserver` is no host of a real installation, and a too-large upload is refused in Chinese."""
import datetime as dt
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from duban.api.models import ApiToken
from duban.core import clock
from duban.core.errors import DomainError
from duban.tasks import services as svc
from duban.tasks.models import Task

pytestmark = pytest.mark.django_db
ROOT = Path(django_settings.BASE_DIR)


def _sub(world, parent, **extra):
    fields = {"title": "分解：制定整改方案", "programme": None, "lead_unit": "区审计局", "parent": parent.pk,
              "deadline": clock.today() + dt.timedelta(days=30), **extra}
    return svc.task_create(actor=world.liaison, **fields)


@pytest.mark.parametrize("extra, words", [
    ({"programme": "2026年共同富裕30项重点任务"}, "应属于上级事项的督办项目"),
    ({"co_units": ["前进街道"]}, "不能指定本单位以外的配合单位「前进街道」"),
    ({"responsible_leader": "other_leader"}, "只能由上级事项的责任领导负责"),
])
def test_a_liaisons_sub_task_stays_inside_its_task(world, extra, words):
    parent = world.task(state="in_progress")
    with pytest.raises(DomainError, match=words):
        _sub(world, parent, **extra)
    sub = _sub(world, parent, responsible_leader="leader")
    assert sub.programme == parent.programme and sub.parent == parent


def test_the_parent_field_answers_alike_for_a_task_out_of_reach_and_a_missing_one(world, client):
    hidden = world.task(state="assigned", lead_unit="区住房和城乡建设局", co_units=())
    headers = {"Authorization": f"Bearer {ApiToken.issue(world.liaison)}"}

    def create(parent):
        body = {"title": "分解", "programme": world.programme.name, "lead_unit": "区审计局", "parent": parent,
                "deadline": (clock.today() + dt.timedelta(days=30)).isoformat()}
        response = client.post("/api/tasks", body, content_type="application/json", headers=headers)
        return response.status_code, response.json()["detail"].replace(str(parent), "N")

    missing = hidden.pk + 1000
    assert create(hidden.pk) == create(missing) == (400, "上级事项 N 不存在")
    assert create(2**63) == (400, "上级事项 N 不存在")
    assert Task.objects.count() == 1


def _run(code: str, home: Path, **env) -> str:
    environ = {**os.environ, "DUBAN_HOME": str(home), "PYTHONPATH": str(ROOT), **env}
    environ.pop("DATABASE_URL", None)  # each run gets its own SQLite file under its own home
    return subprocess.run([sys.executable, "-c", code], env=environ, cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout


SETUP = "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings'; django.setup()\n"


def test_duban_home_is_private_to_the_systems_account(tmp_path):
    home = tmp_path / "home"
    home.mkdir(mode=0o755)
    _run(SETUP + "from duban.cli.main import main; main(['init'])", home)
    mode = lambda p: stat.S_IMODE(p.stat().st_mode)  # noqa: E731
    assert mode(home) == 0o700
    assert mode(home / "duban.sqlite3") == 0o600 and mode(home / "secret_key") == 0o600


def test_testserver_is_no_host_of_a_real_installation(tmp_path):
    hosts = _run(SETUP + "from django.conf import settings; print(','.join(settings.ALLOWED_HOSTS))", tmp_path)
    assert "testserver" not in hosts.strip().split(",")


HTTPS_CHECK = SETUP + """
import json
from django.core.management import call_command
from django.test import Client
call_command("migrate", verbosity=0)
response = Client(SERVER_NAME="localhost").get("/login/", secure=True)
plain = Client(SERVER_NAME="localhost").get("/login/")
print(json.dumps({"hsts": response.headers.get("Strict-Transport-Security", ""),
                  "cookie": str(response.cookies.get("csrftoken", "")),
                  "plain": [plain.status_code, plain.headers.get("Location", "")]}))
"""


def test_duban_https_switches_on_hsts_and_secure_cookies(tmp_path):
    seen = json.loads(_run(HTTPS_CHECK, tmp_path, DUBAN_HTTPS="1").strip().splitlines()[-1])
    assert seen["hsts"].startswith("max-age=31536000")
    assert "Secure" in seen["cookie"]
    assert seen["plain"] == [301, "https://localhost/login/"]


def test_signed_in_pages_are_kept_out_of_caches(world, client):
    assert "no-store" not in client.get("/login/").headers.get("Cache-Control", "")
    client.force_login(world.supervisor)
    for path in ("/", "/tasks/", "/api/tasks"):
        cache = client.get(path).headers["Cache-Control"]
        assert "private" in cache and "no-store" in cache, path


def test_a_too_large_upload_is_refused_in_chinese(world, client, settings):
    settings.DUBAN_MAX_UPLOAD_BYTES = 1024 * 1024
    client.force_login(world.supervisor)
    response = client.post("/intake/", {"text": "长" * 600_000})
    assert response.status_code == 413
    assert "提交的内容超过 1 MB 的上限，未接收" in response.content.decode()
    api = client.post("/api/tasks", json.dumps({"title": "长" * 600_000}), content_type="application/json")
    assert api.status_code == 413 and api.json()["detail"].startswith("提交的内容超过")
