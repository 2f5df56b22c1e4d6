"""Two clients read one task, then send their changes at the same moment to a live server: one is
written, the other answers 409, and the one written is not lost."""
import json
import os
import threading
import urllib.error
import urllib.request

import pytest
from django.db import connections

from duban.api.models import ApiToken
from duban.tasks.models import Task

# The SQLite test database lives in memory and Django's live server shares its one connection
# between threads, so two requests at once cannot be two transactions there; the sequential
# conflict test covers SQLite, this one runs where requests truly overlap.
pytestmark = pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                                reason="needs a database with a connection per thread (PostgreSQL)")


def _send(url, token, method="GET", body=None):
    request = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body else None,
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.load(answer)
    except urllib.error.HTTPError as exc:
        return exc.code, json.load(exc)


def test_two_clients_at_once_one_conflict_nothing_lost(transactional_db, world, live_server):
    task = world.task(state="in_progress")
    url = f"{live_server.url}/api/tasks/{task.pk}/plan"
    tokens = [ApiToken.issue(world.supervisor), ApiToken.issue(world.supervisor)]
    versions = [_send(url, t)[1]["version"] for t in tokens]
    start, answers = threading.Barrier(2), {}

    def edit(i):
        start.wait()
        answers[i] = _send(url, tokens[i], "PATCH", {"version": versions[i], "title": f"客户端{i}的名称"})
        connections.close_all()

    threads = [threading.Thread(target=edit, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    codes = sorted(status for status, _ in answers.values())
    assert codes == [200, 409], answers
    winner = next(i for i, (status, _) in answers.items() if status == 200)
    assert Task.objects.get(pk=task.pk).title == f"客户端{winner}的名称"
    connections.close_all()
