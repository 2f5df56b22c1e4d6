"""Schemathesis over the whole OpenAPI document: generated requests, signed in as a supervisor,
never get a server error, and every answer matches what the document declares for it. (A valid
shape may still break a rule, e.g. an empty title: that 400 is declared, so the check that every
schema-valid request succeeds is left out; so is the one that every invalid request is refused, as
Django reads a repeated query parameter by its last value instead of refusing it.)"""
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from config.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
# Run once, on SQLite: the property is the API's, not the database's.
pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif("postgres" in os.environ.get("DATABASE_URL", ""), reason="database-agnostic: once")]


@pytest.fixture(autouse=True)
def _one_connection():
    """As Django's test client does: a request must not close the test's connection (PostgreSQL)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(world):
    from duban.api.models import ApiToken

    world.task(state="in_progress")
    return ApiToken.issue(world.supervisor)


@schema.parametrize()
@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_its_document(case, token):
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"},
                          excluded_checks=[positive_data_acceptance, negative_data_rejection])
