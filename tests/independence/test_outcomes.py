"""Coded outcomes when a challenge closes and the follow-up (issue 21 item 2)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from iro.audit.models import AuditEntry
from iro.disputes import rules, services
from iro.disputes.models import Dispute

pytestmark = pytest.mark.django_db


def test_outcome_rules() -> None:
    on = date(2026, 11, 23)
    assert rules.outcome_problems(
        outcome_code="", reason="", follow_up_on=None, resolved_on=on
    ) == {
        "outcome_code": "Select what changed for the child",
        "follow_up_on": "Enter the date to follow up",
    }
    assert rules.outcome_problems(
        outcome_code="no_change", reason=" ", follow_up_on=on, resolved_on=on
    ) == {"outcome_reason": "Enter why nothing changed"}
    assert rules.outcome_problems(
        outcome_code="care_plan_changed", reason="", follow_up_on=date(2026, 11, 20), resolved_on=on
    ) == {"follow_up_on": "Follow up date must be the same as or after today"}
    assert (
        rules.outcome_problems(
            outcome_code="legal_action", reason="", follow_up_on=on, resolved_on=on
        )
        == {}
    )


def test_resolving_without_why_is_refused_and_nothing_is_written(service: Any) -> None:
    dispute = service.disputes["d3"]
    with pytest.raises(ValidationError) as error:
        services.dispute_resolve(
            acting_user=service.quinn.user,
            dispute=dispute,
            resolved_on=date(2026, 11, 23),
            outcome="Nothing",
            outcome_code="no_change",
            follow_up_on=date(2026, 12, 23),
        )
    assert "outcome_reason" in error.value.message_dict
    dispute.refresh_from_db()
    assert dispute.status == Dispute.Status.OPEN


def test_the_resolve_page_asks_what_changed_and_the_follow_up_list_shows_it(
    service: Any, client: Any
) -> None:
    dispute = service.disputes["d3"]
    client.force_login(service.quinn.user)
    url = f"/disputes/{dispute.pk}/resolve"
    page = client.post(url, {"outcome": "Plan written"}).content.decode()
    assert "Select what changed for the child" in page and "Enter the date to follow up" in page
    answers = {
        "outcome": "Plan written",
        "outcome_code": "care_plan_changed",
        "follow_up_on_day": "23",
        "follow_up_on_month": "11",
        "follow_up_on_year": "2026",
    }
    check = client.post(url, answers).content.decode()
    assert "Care plan changed" in check and "23 November 2026" in check  # the check step
    assert client.post(url, {**answers, "confirmed": "yes"}).status_code == 302
    dispute.refresh_from_db()
    assert (dispute.outcome_code, dispute.follow_up_on) == ("care_plan_changed", date(2026, 11, 23))
    listed = client.get("/disputes/follow-ups").content.decode()
    assert dispute.reference in listed and "Follow-up due" in listed
    # d4's follow-up (1 December) is Quinn's too; d1's is Priya's, not listed here.
    assert service.disputes["d4"].reference in listed
    assert service.disputes["d1"].reference not in listed
    response = client.post(f"/disputes/{dispute.pk}/follow-up", {"note": "Plan in place"})
    assert response.status_code == 302
    dispute.refresh_from_db()
    assert dispute.followed_up_on == date(2026, 11, 23)
    assert (
        f"/disputes/{dispute.pk}/follow-up"
        not in client.get("/disputes/follow-ups").content.decode()
    )
    assert AuditEntry.objects.filter(
        actor=service.quinn.user, object_type="dispute", summary="Outcome followed up"
    ).exists()


def test_another_iro_cannot_follow_up(service: Any, client: Any) -> None:
    client.force_login(service.priya.user)
    assert (
        client.post(f"/disputes/{service.disputes['d4'].pk}/follow-up", {"note": "x"}).status_code
        == 403
    )
