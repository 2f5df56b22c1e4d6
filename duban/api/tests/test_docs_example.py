"""The client example in docs/api.md runs as written against a live server and prints the figures."""
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections

from duban.api.models import ApiToken


def _example() -> str:
    text = (Path(settings.BASE_DIR) / "docs" / "api.md").read_text(encoding="utf-8")
    return re.search(r"```python\n(.*?)```", text, re.S)[1]


@pytest.fixture
def served(live_server):
    yield live_server
    connections.close_all()


def test_the_provinces_script_pulls_the_figures(transactional_db, world, served):
    world.task(state="assigned", deadline=None)
    token = ApiToken.issue(world.supervisor)
    code = _example().replace("https://duban.qiantang.example.gov.cn/api", f"{served.url}/api").replace("dbn_…", token)
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "tasks: 1" in run.stdout and "区审计局" in run.stdout and "red tasks:" in run.stdout
