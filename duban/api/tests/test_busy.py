"""A write that meets the database held by a long import gets 503 with Retry-After, never a 500,
and nothing of it is written."""
import os
import threading

import pytest
from django.db import connection, transaction

from duban.api.models import ApiToken
from duban.core.models import Event

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # SQLite's single writer is where "database is locked" comes from.
    pytest.mark.skipif("postgres" in os.environ.get("DATABASE_URL", ""), reason="SQLite's writer lock"),
]


@pytest.fixture
def importing():
    """Another thread holds an open write transaction, as a 100,000-row import does."""
    holding, release = threading.Event(), threading.Event()

    def hold():
        with transaction.atomic():
            Event.objects.filter(pk=0).update(actor="x")  # takes the write lock
            with connection.cursor() as cur:
                cur.execute("UPDATE core_chainhead SET seq = seq WHERE id = 1")
            holding.set()
            release.wait(30)
        connection.close()

    worker = threading.Thread(target=hold)
    worker.start()
    assert holding.wait(10)

    def done():
        release.set()
        worker.join()

    yield done
    done()


@pytest.fixture
def ready(world):
    return world.task(state="in_progress"), ApiToken.issue(world.supervisor), Event.objects.count()


def test_it_answers_503_with_retry_after_while_an_import_writes(ready, client, importing):
    task, token, before = ready
    response = client.post(f"/api/tasks/{task.pk}/urge", {"text": "请加快"}, content_type="application/json",
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 503, response.content
    assert int(response["Retry-After"]) > 0 and "稍后重试" in response.json()["detail"]
    importing()
    assert Event.objects.count() == before
