"""Deny by default: every URL declares who may use it, and roles get exactly the matrix."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from iro.accounts.access import PUBLIC, declared_access, user_can
from iro.accounts.roles import ACTIONS, Role, roles_for


def _walk(patterns: list[Any], prefix: str = "") -> list[tuple[str, Any]]:
    found = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            found += _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            found.append((prefix + str(entry.pattern), entry.callback))
    return found


PRODUCT_URLS = _walk(get_resolver().url_patterns)


@pytest.mark.parametrize(("route", "view"), PRODUCT_URLS, ids=[r for r, _ in PRODUCT_URLS])
def test_every_view_declares_an_action_in_the_matrix(route: str, view: Any) -> None:
    action = declared_access(view)
    assert action is not None, f"{route} does not declare who may use it"
    assert action == PUBLIC or action in ACTIONS, f"{route} needs {action!r} in roles.ACTIONS"


@pytest.mark.django_db
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_each_role_has_exactly_the_actions_the_matrix_gives(action: str, make_user: Any) -> None:
    for role in Role:
        user = make_user(role)
        assert user_can(user, action) == (role in roles_for(action)), (role, action)


def test_an_action_missing_from_the_matrix_is_allowed_to_nobody() -> None:
    assert roles_for("children.delete_everything") == frozenset()


@pytest.mark.django_db
def test_signed_out_visitor_is_sent_to_sign_in(client: Any) -> None:
    response = client.get("/children/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in?next=/children/")


@pytest.mark.django_db
def test_role_without_the_action_gets_the_403_page(client_for: Any) -> None:
    response = client_for(Role.OPERATIONAL).get("/reviews/due/")
    assert response.status_code == 403
    assert "You cannot use this page" in response.content.decode()


@pytest.mark.django_db
def test_sign_in_with_wrong_password_shows_govuk_error(client: Any, make_user: Any) -> None:
    make_user(Role.IRO, username="priya")
    response = client.post("/sign-in", {"username": "priya", "password": "wrong"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert "Enter a correct username and password" in body
    assert "<title>Error: Sign in" in body


@pytest.mark.django_db
def test_sign_in_sends_an_iro_to_my_children(client: Any, make_iro: Any) -> None:
    iro = make_iro()
    response = client.post(
        "/sign-in",
        {"username": iro.user.username, "password": "correct-horse-battery-staple"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/my-children/"
    assert "My children" in response.content.decode()
