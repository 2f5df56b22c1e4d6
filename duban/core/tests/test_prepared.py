"""PostgreSQL binds values on the server and prepares what a connection runs again and again
(config.settings._prepared); an installation behind a pooler can turn it off."""
import os

import pytest
from django.db import connection

from config import settings as project

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")


def test_postgres_gets_server_binding_and_sqlite_keeps_its_options(monkeypatch):
    monkeypatch.delenv("DUBAN_PG_PREPARE", raising=False)
    postgres = {"ENGINE": "django.db.backends.postgresql", "OPTIONS": {"connect_timeout": 2}}
    assert project._prepared(postgres) == {"server_side_binding": True, "prepare_threshold": 5,
                                           "connect_timeout": 2}
    sqlite = {"ENGINE": "django.db.backends.sqlite3", "OPTIONS": {"timeout": 20}}
    assert project._prepared(sqlite) == {"timeout": 20}
    monkeypatch.setenv("DUBAN_PG_PREPARE", "0")
    assert project._prepared(postgres) == {"connect_timeout": 2}


@pytest.mark.skipif(not ON_POSTGRES, reason="prepared statements are PostgreSQL's")
@pytest.mark.django_db
def test_a_list_asked_again_runs_prepared_statements(world, client):
    world.task(state="assigned", title="整治老旧小区消防通道")
    client.force_login(world.supervisor)

    def prepared() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements")
            return cursor.fetchone()[0]

    before = prepared()
    for _ in range(6):
        response = client.get("/tasks/")
        assert response.status_code == 200 and "整治老旧小区消防通道" in response.content.decode()
    assert prepared() > before
