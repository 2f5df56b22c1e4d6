"""Schemathesis over the OpenAPI document: a few hundred generated calls, signed in as the district's
supervisor, and not one answered with a 5xx. Run once, on SQLite: the property is the API's, not the database's."""
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from config.wsgi import application

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif("postgres" in os.environ.get("DATABASE_URL", ""), reason="database-agnostic: once"),
]
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture
def token(world):
    from duban.api.models import ApiToken

    world.task(state="in_progress")
    return ApiToken.issue(world.supervisor)


@schema.parametrize()
@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_it_never_answers_a_server_error(case, token):
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=[not_a_server_error])
