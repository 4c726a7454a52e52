"""Deny by default: every URL declares who may use it, and each role gets exactly what the
permission matrix (iro/accounts/roles.py) says — proved by calling every view in the URL
configuration as every role, so a new view is checked the moment it lands."""

from __future__ import annotations

import uuid
from functools import partial
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter, PathConverter, SlugConverter, UUIDConverter
from django.urls.resolvers import RegexPattern, RoutePattern
from django_otp.middleware import is_verified

from iro.accounts.access import PUBLIC, ActionDenied, declared_access, user_can
from iro.accounts.roles import ACTIONS, Role, roles_for


def _walk(patterns: list[Any], prefix: str = "") -> list[tuple[str, Any, Any]]:
    found = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":  # Django's admin guards itself (staff only)
                continue
            found += _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            found.append((prefix + str(entry.pattern), entry.callback, entry.pattern))
    return found


PRODUCT_URLS = _walk(get_resolver().url_patterns)
ROUTE_IDS = [route or "/" for route, _v, _p in PRODUCT_URLS]


def _dummy_kwargs(pattern: Any) -> dict[str, Any]:
    """Values for URL arguments the test cannot know: a record that does not exist."""
    kwargs: dict[str, Any] = {}
    if isinstance(pattern, RoutePattern):
        for name, converter in pattern.converters.items():
            if isinstance(converter, IntConverter):
                kwargs[name] = 999_999
            elif isinstance(converter, UUIDConverter):
                kwargs[name] = uuid.UUID(int=999_999)
            elif isinstance(converter, SlugConverter | PathConverter):
                kwargs[name] = "no-such-thing"
            else:  # a custom converter: its own idea of a value, or a plain string
                kwargs[name] = converter.to_python("999999")
    elif isinstance(pattern, RegexPattern):
        for name in pattern.regex.groupindex:
            kwargs[name] = "999999"
    return kwargs


def _refused_by_matrix(refusal: PermissionDenied) -> bool:
    """The matrix refuses with the action's name ("a" or "a or b"); a view's own record-level
    refusal (not this IRO's child, a restricted record) says something else, and counts as
    allowed here: the matrix let the user in."""
    if isinstance(refusal, ActionDenied):
        return True
    names = str(refusal).split(" or ")
    return all(name in ACTIONS for name in names)


def _declared_actions(view: Any) -> frozenset[str]:
    """The actions a view accepts: its declared one, or several when a decorator accepts any of
    a tuple of actions (`iro_access_any`, or the tuple its decorator closed over)."""
    explicit = getattr(view, "iro_access_any", None)
    if explicit:
        return frozenset(explicit)
    found = {declared_access(view)}
    for cell in getattr(view, "__closure__", None) or ():
        value = cell.cell_contents
        if (
            isinstance(value, tuple)
            and value
            and all(isinstance(v, str) and v in ACTIONS for v in value)
        ):
            found |= set(value)
    return frozenset(a for a in found if a)


class _RollBack(Exception):
    pass


def _outcome(view: Any, pattern: Any, user: Any) -> str:
    """GET, or POST when the view only takes POST (405 for GET, before its access check)."""
    outcome = _outcome_for(view, pattern, user, "get")
    if outcome == "method_not_allowed":
        outcome = _outcome_for(view, pattern, user, "post")
    return "allowed" if outcome == "method_not_allowed" else outcome


def _outcome_for(view: Any, pattern: Any, user: Any, method: str) -> str:
    """'denied' (by the matrix), 'sign_in' or 'allowed' for one GET of the view as this user.
    A view's own record-level refusal (PermissionDenied other than the matrix's ActionDenied)
    counts as allowed: the matrix let the user in."""
    request = getattr(RequestFactory(), method)("/matrix-probe/")
    request.user = user
    if getattr(user, "is_authenticated", False):
        user.is_verified = partial(is_verified, user)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    outcome = "allowed"
    try:
        with transaction.atomic():  # whatever the view writes is undone
            try:
                response = view(request, **_dummy_kwargs(pattern))
            except PermissionDenied as refusal:
                outcome = "denied" if _refused_by_matrix(refusal) else "allowed"
            except Exception:  # past the matrix: a bogus id, a missing row
                outcome = "allowed"
            else:
                if response.status_code == 302 and response["Location"].startswith(
                    "/sign-in?next="
                ):
                    outcome = "sign_in"
                elif response.status_code == 405:
                    outcome = "method_not_allowed"
            raise _RollBack
    except _RollBack:
        pass
    return outcome


@pytest.mark.parametrize(("route", "view", "pattern"), PRODUCT_URLS, ids=ROUTE_IDS)
def test_every_view_declares_an_action_in_the_matrix(route: str, view: Any, pattern: Any) -> None:
    action = declared_access(view)
    assert action is not None, f"{route} does not declare who may use it"
    assert action == PUBLIC or action in ACTIONS, f"{route} needs {action!r} in roles.ACTIONS"


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "view", "pattern"), PRODUCT_URLS, ids=ROUTE_IDS)
def test_each_role_gets_exactly_what_the_matrix_says_for_every_url(
    route: str, view: Any, pattern: Any, make_user: Any
) -> None:
    action = declared_access(view)
    assert action is not None, f"{route} does not declare who may use it"
    allowed_roles = set().union(*(roles_for(a) for a in _declared_actions(view)))
    problems = []
    for role in Role:
        expected = "allowed" if action == PUBLIC or role in allowed_roles else "denied"
        got = _outcome(view, pattern, make_user(role))
        if got != expected:
            problems.append(f"{role.value}: expected {expected}, got {got}")
    anonymous = _outcome(view, pattern, AnonymousUser())
    expected_anonymous = "allowed" if action == PUBLIC else "sign_in"
    if anonymous != expected_anonymous:
        problems.append(f"signed out: expected {expected_anonymous}, got {anonymous}")
    assert problems == [], f"/{route} ({action}): " + "; ".join(problems)


def test_the_matrix_test_covers_the_pages_of_this_issue() -> None:
    routes = {route for route, _v, _p in PRODUCT_URLS}
    for expected in (
        "audit/",
        "audit/export.csv",
        "two-factor/",
        "two-factor/verify",
        "children/<int:pk>/restriction",
        "children/<int:pk>/subject-access-export",
    ):
        assert expected in routes


@pytest.mark.django_db
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_each_role_has_exactly_the_actions_the_matrix_gives(action: str, make_user: Any) -> None:
    for role in Role:
        user = make_user(role)
        assert user_can(user, action) == (role in roles_for(action)), (role, action)


def test_an_action_missing_from_the_matrix_is_allowed_to_nobody() -> None:
    assert roles_for("children.delete_everything") == frozenset()


def test_a_view_cannot_declare_an_action_missing_from_the_matrix() -> None:
    from iro.accounts.access import requires

    with pytest.raises(ValueError, match="not in the permission matrix"):
        requires("children.delete_everything")


@pytest.mark.django_db
def test_an_undeclared_view_is_refused_by_the_middleware(rf: Any, make_user: Any) -> None:
    from iro.accounts.access import AccessMiddleware

    def undeclared(request: Any) -> Any:
        raise AssertionError("must not run")

    request = rf.get("/")
    request.user = make_user(Role.ADMINISTRATOR)
    middleware = AccessMiddleware(lambda r: None)  # type: ignore[arg-type,return-value]
    with pytest.raises(PermissionDenied):
        middleware.process_view(request, undeclared, (), {})


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


@pytest.mark.django_db
def test_every_refusal_by_the_matrix_is_written_to_the_audit_trail(client_for: Any) -> None:
    from iro.audit.models import AuditEntry

    client_for(Role.OPERATIONAL).get("/reviews/due/")
    entry = AuditEntry.objects.get(action="denied")
    assert entry.changes["actions"] == ["reviews.view_due"]
    assert "/reviews/due/" in entry.changes["request"]
    assert entry.summary == "Refused: seeing reviews due across the service"
