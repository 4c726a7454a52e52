"""The benchmark's floor page: the base template with nothing in it, for every signed-in role."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iro.accounts.roles import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.IRO, Role.IRO_MANAGER, Role.AUDITOR])
def test_floor_page_renders_the_base_template_for_every_role(
    client_for: Callable[..., Any], role: Role
) -> None:
    client = client_for(role)
    response = client.get(reverse("web:bench_floor"))
    assert response.status_code == 200
    assert b"govuk-template" in response.content


def test_floor_page_needs_sign_in(client: Any) -> None:
    response = client.get(reverse("web:bench_floor"))
    assert response.status_code == 302


def test_floor_page_costs_only_what_every_page_costs(client_for: Callable[..., Any]) -> None:
    client = client_for(Role.IRO)
    url = reverse("web:bench_floor")
    client.get(url)
    with CaptureQueriesContext(connection) as floor:
        client.get(url)
    # Session, user, roles and permissions, council settings; nothing of its own.
    assert len(floor.captured_queries) <= 8


def test_the_load_tests_sessions_are_signed_in(make_user: Any, client: Any) -> None:
    # The load test writes sessions straight into the store: the session lifetime check must
    # accept them, or every request of the load test is a redirect to the sign-in page.
    from bench.run import signed_in_cookie

    user = make_user(Role.IRO)
    name, key = signed_in_cookie(user).split("=", 1)
    client.cookies[name] = key
    response = client.get(reverse("web:bench_floor"))
    assert response.status_code == 200, response.get("Location")
