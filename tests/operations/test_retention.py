"""Retention: the IRO manager sees the records past retention and deletes a child's records;
other children's records stay, group disputes keep their other children, the audit chain holds."""

from __future__ import annotations

from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from iro.accounts.roles import Role
from iro.audit.models import AuditEntry
from iro.children.models import Child, PeriodOfCare
from iro.disputes.models import Dispute, DisputeEvent
from iro.reviews.models import Review
from iro.seeding.demo import load_demo

pytestmark = pytest.mark.django_db(transaction=True)

AS_OF = date(2026, 11, 2)


def test_manager_deletes_a_childs_records_and_only_theirs(client_for: Any) -> None:
    load_demo(as_of=AS_OF, children=40, seed=5)
    disputed = Dispute.objects.exclude(child=None).values_list("child", flat=True)
    child = Child.objects.filter(pk__in=disputed, periods__reviews__isnull=False).distinct().first()
    assert child is not None
    # Another child's dispute that names ours among others: it stays, without ours.
    shared = Dispute.objects.exclude(child=child).exclude(child=None).first()
    assert shared is not None
    shared.other_children.add(child)
    other = shared.child
    Child.objects.filter(pk=child.pk).update(date_of_birth=date(1950, 6, 1))
    reviews_elsewhere = Review.objects.exclude(period__child=child).count()
    client = client_for(Role.IRO_MANAGER)

    listing = client.get("/retention/").content.decode()
    assert child.la_child_id in listing
    confirm = client.get(f"/retention/{child.pk}/delete").content.decode()
    assert "You cannot undo this." in confirm
    assert "Reviews" in confirm

    # Nothing happens without a reason and the confirmation.
    refused = client.post(f"/retention/{child.pk}/delete", {"reason": ""})
    assert "Enter why these records can be deleted now" in refused.content.decode()
    assert Child.objects.filter(pk=child.pk).exists()

    response = client.post(
        f"/retention/{child.pk}/delete",
        {"reason": "Past retention; no legal hold", "confirm": "on"},
    )
    assert response.status_code == 302
    assert not Child.objects.filter(pk=child.pk).exists()
    assert not PeriodOfCare.objects.filter(child_id=child.pk).exists()
    assert not Dispute.objects.filter(child_id=child.pk).exists()
    assert not DisputeEvent.objects.filter(dispute__child_id=child.pk).exists()
    # What belongs to other children stays: their reviews, and the dispute that named ours too.
    assert Review.objects.count() == reviews_elsewhere
    shared.refresh_from_db()
    assert child.pk not in set(shared.other_children.values_list("pk", flat=True))
    assert Child.objects.filter(pk=other.pk).exists()

    entry = AuditEntry.objects.filter(action="delete", object_type="child").get()
    assert entry.child_id == child.pk
    assert entry.changes["reason"] == "Past retention; no legal hold"
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "The audit trail is intact" in out.getvalue()


@pytest.mark.parametrize("role", [Role.IRO, Role.HEAD_OF_SERVICE, Role.AUDITOR])
def test_only_the_iro_manager_reviews_and_deletes(
    client_for: Any, make_child: Any, role: Role
) -> None:
    child = make_child(date_of_birth=date(1940, 1, 1), start_date=date(1950, 1, 1))
    client = client_for(role)
    assert client.get("/retention/").status_code == 403
    assert (
        client.post(f"/retention/{child.pk}/delete", {"reason": "x", "confirm": "on"}).status_code
        == 403
    )
    assert Child.objects.filter(pk=child.pk).exists()


def test_a_record_not_yet_past_retention_cannot_be_deleted(
    client_for: Any, make_child: Any
) -> None:
    child = make_child(date_of_birth=date(2010, 1, 1))
    client = client_for(Role.IRO_MANAGER)
    response = client.post(f"/retention/{child.pk}/delete", {"reason": "x", "confirm": "on"})
    assert response.status_code == 404
    assert Child.objects.filter(pk=child.pk).exists()
