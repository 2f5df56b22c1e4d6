"""Reads on a streaming replica: a real hot standby of the test server, started here on loopback."""
import datetime as dt
import os
import time

import pytest
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from duban.core import clock
from duban.replica.router import REPLICA, health
from duban.replica.tests.standby import Standby, wait_replayed

pytestmark = [
    pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                       reason="a streaming replica needs PostgreSQL"),
    # committed writes, so the standby can replay them; the standby mirrors the test database
    pytest.mark.django_db(transaction=True, databases=["default", REPLICA]),
]
TITLE = "做实审计整改“下半篇文章”"


@pytest.fixture(scope="module")
def standby(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        node = Standby()
        try:
            node.start()
            connections.settings[REPLICA] = node.settings_dict()
            health.forget()
            yield node
        finally:
            if REPLICA in connections.settings:
                connections[REPLICA].close()
                del connections[REPLICA]
                del connections.settings[REPLICA]
            health.forget()
            node.remove()


def _signed_in(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


def _selects(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]


def _replay(paused: bool) -> None:
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()" if paused else "SELECT pg_wal_replay_resume()")
        if paused:  # the pause takes effect at the next record: wait until it has
            for _ in range(200):
                cursor.execute("SELECT pg_get_wal_replay_pause_state()")
                if cursor.fetchone()[0] == "paused":
                    return
                time.sleep(0.05)
            raise AssertionError("the standby did not pause")


def test_pages_are_read_on_the_standby(standby, world):
    world.task(state="assigned")
    browser = _signed_in(world.supervisor)
    wait_replayed()
    with CaptureQueriesContext(connections[REPLICA]) as on_replica, \
            CaptureQueriesContext(connections["default"]) as on_primary:
        page = browser.get("/tasks/")
        listed = browser.get("/api/tasks")
    assert page.status_code == 200 and TITLE in page.content.decode()
    assert [t["title"] for t in listed.json()] == [TITLE]
    assert _selects(on_replica) and not _selects(on_primary)
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone()[0] is True  # what answered was the standby, not the primary


def test_a_user_reads_their_own_write_at_once(standby, world):
    from duban.org.services import user_create

    colleague = user_create(actor=None, username="supervisor2", password="duban-test-pw", unit="钱塘区",
                            role="supervisor", display_name="另一位督查员")
    writer, other = _signed_in(world.supervisor), _signed_in(colleague)
    wait_replayed()
    _replay(paused=True)  # the standby falls behind on purpose: nothing written now reaches it
    try:
        created = writer.post("/api/tasks", {
            "title": "追回违规资金", "programme": world.programme.name, "lead_unit": "区审计局",
            "deadline": (clock.today() + dt.timedelta(days=40)).isoformat()}, content_type="application/json")
        assert created.status_code == 201, created.content
        url = f"/api/tasks/{created.json()['id']}"
        assert writer.get(url).json()["title"] == "追回违规资金"  # the writer reads the primary
        assert other.get(url).status_code == 404  # a colleague reads the standby, still behind
    finally:
        _replay(paused=False)
    wait_replayed()
    assert other.get(url).json()["title"] == "追回违规资金"


def test_reads_are_served_when_the_standby_stops(standby, world):
    world.task(state="assigned")
    browser = _signed_in(world.supervisor)
    wait_replayed()
    assert TITLE in browser.get("/tasks/").content.decode()  # read on the standby, connection kept
    standby.stop()
    page = browser.get("/tasks/")  # the standby's connection is dead and its health not yet rechecked
    assert page.status_code == 200 and TITLE in page.content.decode()
    with CaptureQueriesContext(connections["default"]) as on_primary:
        again = browser.get("/api/tasks")
    assert [t["title"] for t in again.json()] == [TITLE] and _selects(on_primary)
    assert not health.up()
