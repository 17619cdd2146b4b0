"""Fuzz every operation against the API's own OpenAPI description: no request makes a server
error, and every answer has a status and a body the description allows.

Schemathesis generates the requests from the description (through Hypothesis), with a fixed
seed and a bounded number of examples so a CI run is repeatable and quick.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


@pytest.fixture(autouse=True)
def connection_kept_between_requests():
    """Django's test client keeps the test's database connection open between requests; the
    WSGI client schemathesis uses does not, and on PostgreSQL closing it mid-transaction would
    lose the test's data. So, as Django's client does, connections are not closed per request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(world, statistics):
    """The description as the running app serves it, over a database with data in it."""
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_answer_matches_the_description(case):
    response = case.call()
    case.validate_response(response, checks=CHECKS)
