"""Disputes have references of their own form (DR-2026-0042): stored, unique, numbered within
the year raised, never mistaken for a child's ID."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import IntegrityError

from iro.disputes.models import Dispute
from iro.disputes.rules import REFERENCE_PATTERN, dispute_reference, next_reference


def test_references_are_numbered_within_their_year() -> None:
    assert dispute_reference(2026, 42) == "DR-2026-0042"
    assert next_reference(2026, []) == "DR-2026-0001"
    assert next_reference(2026, ["DR-2026-0001", "DR-2026-0009", "DR-2025-0100"]) == "DR-2026-0010"
    assert next_reference(2027, ["DR-2026-0009"]) == "DR-2027-0001"
    assert next_reference(2026, ["DR-2026-9999"]) == "DR-2026-10000"
    assert not REFERENCE_PATTERN.match("D00140")


@pytest.mark.django_db
def test_raised_disputes_are_stored_with_unique_references(raise_dispute: Any) -> None:
    first = raise_dispute(raised_on=date(2026, 11, 2))
    second = raise_dispute(raised_on=date(2026, 11, 3))
    next_year = raise_dispute(raised_on=date(2027, 1, 5))
    assert [first.reference, second.reference, next_year.reference] == [
        "DR-2026-0001",
        "DR-2026-0002",
        "DR-2027-0001",
    ]
    stored = Dispute.objects.get(pk=second.pk)
    assert stored.reference == "DR-2026-0002"
    assert str(stored).startswith("DR-2026-0002: ")
    with pytest.raises(IntegrityError):
        Dispute.objects.filter(pk=second.pk).update(reference=first.reference)


@pytest.mark.django_db
def test_the_dispute_page_and_list_show_the_reference(raise_dispute: Any, client_for: Any) -> None:
    from iro.accounts.roles import Role

    dispute = raise_dispute()
    client = client_for(Role.IRO_MANAGER)
    assert "Dispute DR-2026-0001" in client.get(f"/disputes/{dispute.pk}/").content.decode()
    assert "DR-2026-0001" in client.get("/disputes/").content.decode()
