"""Restricted records: only the named people open them; others see that they exist, not what is
in them; every attempt is recorded."""

from __future__ import annotations

from typing import Any

import pytest

from iro.accounts.access import child_visible_to, visible_children, with_record_hidden
from iro.accounts.roles import Role
from iro.accounts.services import child_restriction_set
from iro.audit.models import AuditEntry
from iro.children.models import Child

pytestmark = pytest.mark.django_db


@pytest.fixture
def restricted(make_child: Any, make_user: Any) -> tuple[Child, Any]:
    named = make_user(Role.IRO_MANAGER, username="named", first_name="Nadia", last_name="Named")
    child = make_child(first_name="Hidden", last_name="Highprofile", la_child_id="R0001")
    child_restriction_set(acting_user=named, child=child, restricted=True, users=[named])
    return child, named


def test_a_named_person_opens_a_restricted_record_and_it_is_logged(
    client_for: Any, restricted: tuple[Child, Any]
) -> None:
    child, named = restricted
    response = client_for(named).get(f"/children/{child.pk}/")
    assert response.status_code == 200
    assert "Highprofile" in response.content.decode()
    entry = AuditEntry.objects.filter(child_id=child.pk, action="view").latest("id")
    assert entry.actor == named
    assert entry.summary.startswith("Restricted record opened")


@pytest.mark.parametrize("role", [Role.IRO_MANAGER, Role.IRO, Role.AUDITOR, Role.OPERATIONAL])
def test_anyone_not_named_is_refused_even_a_manager_and_the_attempt_is_logged(
    client_for: Any, make_user: Any, restricted: tuple[Child, Any], role: Role
) -> None:
    child, _named = restricted
    other = make_user(role)
    response = client_for(other).get(f"/children/{child.pk}/")
    body = response.content.decode()
    assert response.status_code == 403
    assert "This record is restricted" in body
    assert "Highprofile" not in body and "Hidden" not in body
    assert "R0001" in body
    assert "Nadia Named" in body  # whom to ask: the people who can restrict records
    refused = AuditEntry.objects.filter(child_id=child.pk, action="denied", actor=other)
    assert refused.count() == 1
    assert not AuditEntry.objects.filter(child_id=child.pk, action="view", actor=other).exists()


def test_other_pages_about_the_child_are_refused_too(
    client_for: Any, make_user: Any, restricted: tuple[Child, Any]
) -> None:
    child, _named = restricted
    manager = make_user(Role.IRO_MANAGER)
    client = client_for(manager)
    assert client.get(f"/children/{child.pk}/allocate-iro").status_code == 403
    assert client.get(f"/children/{child.pk}/subject-access-export").status_code == 403


def test_the_register_shows_the_record_exists_but_not_its_content(
    client_for: Any, make_user: Any, make_child: Any, restricted: tuple[Child, Any]
) -> None:
    make_child(first_name="Open", last_name="Ordinary")
    client = client_for(make_user(Role.IRO_MANAGER))
    body = client.get("/children/").content.decode()
    assert "Restricted record" in body
    assert "R0001" in body
    assert "Highprofile" not in body
    assert "Ordinary" in body
    # Found by its exact child ID, never by name.
    assert "R0001" not in client.get("/children/?q=Highprofile").content.decode()
    assert "Restricted record" in client.get("/children/?q=R0001").content.decode()


def test_the_named_person_sees_the_name_in_the_register(
    client_for: Any, restricted: tuple[Child, Any]
) -> None:
    _child, named = restricted
    body = client_for(named).get("/children/?q=Highprofile").content.decode()
    assert "Highprofile" in body


def test_helpers_for_other_apps(
    make_user: Any, make_child: Any, restricted: tuple[Child, Any]
) -> None:
    child, named = restricted
    open_child = make_child(first_name="Open")
    other = make_user(Role.IRO_MANAGER)
    assert child_visible_to(named, child)
    assert not child_visible_to(other, child)
    assert child_visible_to(other, open_child)
    assert set(visible_children(Child.objects.all(), other)) == {open_child}
    assert set(visible_children(Child.objects.all(), named)) == {child, open_child}
    hidden = dict(with_record_hidden(Child.objects.all(), other).values_list("pk", "record_hidden"))
    assert hidden == {child.pk: True, open_child.pk: False}


def test_a_manager_restricts_a_record_and_names_people(
    client_for: Any, make_user: Any, make_child: Any
) -> None:
    child = make_child(la_child_id="R0002")
    manager = make_user(Role.IRO_MANAGER)
    iro = make_user(Role.IRO)
    client = client_for(manager)
    page = client.get(f"/children/{child.pk}/restriction")
    assert page.status_code == 200
    assert "Who can open this record" in page.content.decode()
    response = client.post(
        f"/children/{child.pk}/restriction", {"restricted": "on", "users": [iro.pk]}
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.restricted
    assert list(child.restricted_to.all()) == [iro]
    entry = AuditEntry.objects.filter(child_id=child.pk, action="update").latest("id")
    assert entry.changes["restricted"] == [False, True]
    assert entry.changes["restricted_to"] == [[], [iro.username]]
    # The manager did not name themselves, so cannot open it now.
    assert client.get(f"/children/{child.pk}/").status_code == 403


def test_restricting_without_naming_anyone_shows_an_error_and_changes_nothing(
    client_for: Any, make_user: Any, make_child: Any
) -> None:
    child = make_child()
    client = client_for(make_user(Role.ADMINISTRATOR))
    response = client.post(f"/children/{child.pk}/restriction", {"restricted": "on"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Select at least one person who can open the record" in body
    assert "govuk-error-summary" in body
    child.refresh_from_db()
    assert not child.restricted


def test_lifting_a_restriction_clears_the_named_people(
    client_for: Any, restricted: tuple[Child, Any]
) -> None:
    child, named = restricted
    client = client_for(named)
    # Lifting asks first, saying what will happen, and changes nothing yet.
    check = client.post(f"/children/{child.pk}/restriction", {})
    assert check.status_code == 200
    assert "Lift the restriction" in check.content.decode()
    child.refresh_from_db()
    assert child.restricted
    response = client.post(f"/children/{child.pk}/restriction", {"confirmed": "yes"})
    assert response.status_code == 302
    child.refresh_from_db()
    assert not child.restricted
    assert not child.restricted_to.exists()


def test_people_without_the_action_cannot_restrict(
    client_for: Any, make_user: Any, make_child: Any
) -> None:
    child = make_child()
    assert (
        client_for(make_user(Role.IRO)).get(f"/children/{child.pk}/restriction").status_code == 403
    )
