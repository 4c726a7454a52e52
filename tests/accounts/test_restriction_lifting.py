"""Lifting (or changing) a restriction needs the person to be named on it: otherwise anyone who
may restrict records could lift one and open it."""

from __future__ import annotations

from typing import Any

import pytest

from iro.accounts.access import ObjectDenied
from iro.accounts.roles import Role
from iro.accounts.services import child_restriction_set
from iro.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def restricted(make_child: Any, make_user: Any) -> tuple[Any, Any]:
    named = make_user(Role.IRO_MANAGER)
    child = make_child(first_name="Hidden", last_name="Highprofile", la_child_id="R0001")
    child_restriction_set(acting_user=named, child=child, restricted=True, users=[named])
    return child, named


@pytest.mark.parametrize("role", [Role.IRO_MANAGER, Role.ADMINISTRATOR])
def test_someone_not_named_cannot_lift_or_change_it_and_is_audited(
    client_for: Any, make_user: Any, restricted: tuple[Any, Any], role: Role
) -> None:
    child, named = restricted
    other = make_user(role)
    client = client_for(other)
    page = client.get(f"/children/{child.pk}/restriction")
    assert page.status_code == 403
    assert "Highprofile" not in page.content.decode()
    response = client.post(f"/children/{child.pk}/restriction", {"confirmed": "yes"})
    assert response.status_code == 403
    child.refresh_from_db()
    assert child.restricted and list(child.restricted_to.all()) == [named]
    assert AuditEntry.objects.filter(actor=other, action="denied", child_id=child.pk).count() == 2


def test_the_service_refuses_too(make_user: Any, restricted: tuple[Any, Any]) -> None:
    child, _named = restricted
    other = make_user(Role.IRO_MANAGER)
    with pytest.raises(ObjectDenied):
        child_restriction_set(acting_user=other, child=child, restricted=True, users=[other])
    assert not child.restricted_to.filter(pk=other.pk).exists()


def test_a_named_person_lifts_it_and_it_is_audited(
    client_for: Any, restricted: tuple[Any, Any]
) -> None:
    child, named = restricted
    assert (
        client_for(named)
        .post(f"/children/{child.pk}/restriction", {"confirmed": "yes"})
        .status_code
        == 302
    )
    child.refresh_from_db()
    assert not child.restricted
    entry = AuditEntry.objects.filter(child_id=child.pk, action="update").latest("id")
    assert entry.actor == named and entry.summary == "Restriction lifted"


def test_someone_not_named_asks_and_a_named_person_approves(
    client_for: Any, make_user: Any, restricted: tuple[Any, Any]
) -> None:
    child, named = restricted
    asker = make_user(Role.IRO_MANAGER)
    client = client_for(asker)
    refused = client.get(f"/children/{child.pk}/").content.decode()
    assert "Ask a person named on the record to lift the restriction" in refused
    empty = client.post(f"/children/{child.pk}/restriction/ask-to-lift", {"reason": ""})
    assert "There is a problem" in empty.content.decode()
    response = client.post(
        f"/children/{child.pk}/restriction/ask-to-lift", {"reason": "No longer high-profile"}
    )
    assert response.status_code == 302
    lift = child.lift_requests.get()
    child.refresh_from_db()
    assert child.restricted  # asking lifts nothing
    # Nobody not named decides it: neither the asker nor another manager.
    assert (
        client.post(f"/restriction-requests/{lift.pk}/decide", {"decision": "approve"}).status_code
        == 403
    )
    other = make_user(Role.ADMINISTRATOR)
    assert (
        client_for(other)
        .post(f"/restriction-requests/{lift.pk}/decide", {"decision": "approve"})
        .status_code
        == 403
    )
    child.refresh_from_db()
    assert child.restricted
    named_client = client_for(named)
    page = named_client.get(f"/children/{child.pk}/restriction").content.decode()
    assert "asked on" in page and "No longer high-profile" in page
    named_client.post(f"/restriction-requests/{lift.pk}/decide", {"decision": "approve"})
    child.refresh_from_db()
    lift.refresh_from_db()
    assert not child.restricted
    assert lift.approved is True and lift.decided_by == named
    summaries = list(
        AuditEntry.objects.filter(child_id=child.pk, object_type="restriction_lift_request")
        .order_by("id")
        .values_list("summary", flat=True)
    )
    assert summaries[0].startswith("Asked for the restriction to be lifted")
    assert summaries[-1].startswith("Approved")


def test_a_named_person_refuses_a_request(
    client_for: Any, make_user: Any, restricted: tuple[Any, Any]
) -> None:
    child, named = restricted
    client_for(make_user(Role.IRO_MANAGER)).post(
        f"/children/{child.pk}/restriction/ask-to-lift", {"reason": "Please"}
    )
    lift = child.lift_requests.get()
    client_for(named).post(f"/restriction-requests/{lift.pk}/decide", {"decision": "refuse"})
    child.refresh_from_db()
    lift.refresh_from_db()
    assert child.restricted and lift.approved is False
