"""schemathesis against the live OpenAPI document: generated calls (a fixed number of examples
per operation, so `make test` stays quick) never get a server error or a response that breaks
the schema."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from iro.api.clients import api_client_create

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def keep_the_test_connection() -> Any:
    # As Django's test client does: the WSGI app must not close the test's database connection
    # at the end of each call (PostgreSQL would then refuse the next one).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(db: Any) -> str:
    _client, token = api_client_create(
        acting_user=None,
        name="schemathesis",
        scopes=["care-events:write", "children:read", "reviews:read", "disputes:read"],
    )
    return token


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_answers_every_generated_call_within_its_schema(
    case: Any, token: str, settings: Any
) -> None:
    settings.API_RATE_LIMIT_PER_MINUTE = 100_000
    # Every check but the two about data acceptance: a schema-valid event can still break a
    # rule of the register (a start before the date of birth, a child not on it) and is then
    # refused with a 4xx problem, as it should be.
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"},
        excluded_checks=[positive_data_acceptance, negative_data_rejection],
    )
