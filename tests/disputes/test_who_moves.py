"""Who may move a dispute (issue 21 item 5): the named responder, their team manager or their
delegate respond; the raising or holding IRO (or a manager) steers; the raising IRO or a manager
withdraws, with a reason. Forms that take a child ID resolve it for the person filling them in."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from iro.accounts.roles import Role
from iro.accounts.services import child_restriction_set
from iro.audit.models import AuditEntry
from iro.children.models import SocialWorker, Team
from iro.disputes import services
from iro.disputes.models import (
    CafcassReferral,
    Dispute,
    DisputeEvent,
    GoodPracticeAlert,
    LegalAdviceRecord,
)

pytestmark = pytest.mark.django_db


def test_a_social_worker_who_is_not_the_named_responder_is_refused_and_audited(
    client_for: Any, raise_dispute: Any, make_user: Any
) -> None:
    dispute = raise_dispute(raised_on=timezone.localdate())
    other = make_user(Role.OPERATIONAL)
    response = client_for(other).post(f"/disputes/{dispute.pk}/respond", {"response": "Done"})
    assert response.status_code == 403
    dispute.refresh_from_db()
    assert dispute.responded_on is None
    entry = AuditEntry.objects.get(actor=other, action="denied")
    assert entry.object_type == "dispute" and entry.child_id == dispute.child_id
    # The dispute page offers them nothing to do.
    assert "Respond" not in client_for(other).get(f"/disputes/{dispute.pk}/").content.decode()


def test_the_team_manager_of_the_childs_team_responds(
    client_for: Any, raise_dispute: Any, make_user: Any, child: Any
) -> None:
    manager = make_user(Role.OPERATIONAL, first_name="Tina", last_name="Manager")
    child.team = Team.objects.create(name="Children in care", manager=manager)
    child.save()
    dispute = raise_dispute(raised_on=timezone.localdate(), responder=None, responder_name="Jo")
    listed = client_for(manager).get("/disputes/raised-with-me").content.decode()
    assert dispute.reference in listed
    response = client_for(manager).post(f"/disputes/{dispute.pk}/respond", {"response": "Agreed"})
    assert response.status_code == 302
    dispute.refresh_from_db()
    assert dispute.responded_on == timezone.localdate()


def test_the_responder_delegates_and_the_delegate_responds(
    client_for: Any, raise_dispute: Any, responder: Any, make_user: Any
) -> None:
    SocialWorker.objects.create(
        name="Fatima Begum", user=responder, team=Team.objects.create(name="Leaving care")
    )
    colleague = make_user(Role.OPERATIONAL, first_name="Dee", last_name="Legate")
    dispute = raise_dispute(raised_on=timezone.localdate())
    client = client_for(responder)
    assert "Delegate the response" in client.get(f"/disputes/{dispute.pk}/").content.decode()
    assert client.post(f"/disputes/{dispute.pk}/delegate", {}).status_code == 200  # error shown
    response = client.post(f"/disputes/{dispute.pk}/delegate", {"delegate": colleague.pk})
    assert response.status_code == 302
    dispute.refresh_from_db()
    assert dispute.response_delegate == colleague
    assert dispute.events.filter(kind=DisputeEvent.Kind.DELEGATED).count() == 1
    # The delegate may respond, not delegate again.
    delegate = client_for(colleague)
    assert delegate.get(f"/disputes/{dispute.pk}/delegate").status_code == 403
    assert (
        delegate.post(f"/disputes/{dispute.pk}/respond", {"response": "Meeting booked"}).status_code
        == 302
    )


def test_another_iro_cannot_escalate_correct_note_or_resolve(
    client_for: Any, raise_dispute: Any, make_iro: Any
) -> None:
    dispute = raise_dispute(raised_on=timezone.localdate())
    event = dispute.events.get()
    colleague = client_for(make_iro("Colin Mate").user)
    for url, data in (
        (f"/disputes/{dispute.pk}/escalate", {}),
        (f"/disputes/{dispute.pk}/resolve", {"outcome": "x"}),
        (f"/disputes/{dispute.pk}/note", {"text": "x"}),
        (f"/disputes/{dispute.pk}/events/{event.pk}/correct", {"text": "x"}),
        (f"/disputes/{dispute.pk}/withdraw", {"reason": "x"}),
    ):
        assert colleague.post(url, data).status_code == 403, url
    dispute.refresh_from_db()
    assert dispute.status == "open" and dispute.events.count() == 1


def test_the_childs_new_iro_steers_a_dispute_their_predecessor_raised(
    raise_dispute: Any, make_iro: Any, child: Any, client_for: Any
) -> None:
    from iro.children.services import iro_allocate

    dispute = raise_dispute(raised_on=timezone.localdate())
    successor = make_iro("Nina New")
    iro_allocate(
        acting_user=None,
        child=child,
        iro=successor,
        start_date=timezone.localdate(),
        reason="Caseload balancing",
    )
    client = client_for(successor.user)
    assert client.post(f"/disputes/{dispute.pk}/note", {"text": "Taken over"}).status_code == 302
    # Withdrawing is for the IRO who raised it (or a manager) only.
    assert client.post(f"/disputes/{dispute.pk}/withdraw", {"reason": "x"}).status_code == 403


def test_the_raising_iro_withdraws_with_a_reason_after_confirming(
    client_for: Any, raise_dispute: Any, iro: Any
) -> None:
    dispute = raise_dispute(raised_on=timezone.localdate())
    client = client_for(iro.user)
    assert "Withdraw the dispute" in client.get(f"/disputes/{dispute.pk}/").content.decode()
    page = client.get(f"/disputes/{dispute.pk}/withdraw").content.decode()
    assert "Are you sure you want to withdraw this dispute?" in page
    empty = client.post(f"/disputes/{dispute.pk}/withdraw", {"reason": ""}).content.decode()
    assert "There is a problem" in empty
    dispute.refresh_from_db()
    assert dispute.status == "open"
    response = client.post(
        f"/disputes/{dispute.pk}/withdraw", {"reason": "The child has moved to another council"}
    )
    assert response.status_code == 302
    dispute.refresh_from_db()
    assert dispute.status == Dispute.Status.WITHDRAWN
    event = dispute.events.get(kind=DisputeEvent.Kind.WITHDRAWN)
    assert event.text == "The child has moved to another council"
    assert "Withdrawn" in client.get(f"/disputes/{dispute.pk}/").content.decode()
    with pytest.raises(ValidationError, match="is closed"):
        services.dispute_withdraw(
            acting_user=iro.user, dispute=dispute, withdrawn_on=timezone.localdate(), reason="x"
        )


def test_an_iro_manager_withdraws_any_dispute(
    client_for: Any, raise_dispute: Any, make_user: Any
) -> None:
    dispute = raise_dispute(raised_on=timezone.localdate())
    response = client_for(make_user(Role.IRO_MANAGER)).post(
        f"/disputes/{dispute.pk}/withdraw", {"reason": "Raised in error"}
    )
    assert response.status_code == 302
    dispute.refresh_from_db()
    assert dispute.status == Dispute.Status.WITHDRAWN


# --- Child IDs in forms go through the visibility check -----------------------------------------


@pytest.fixture
def restricted_child(make_child: Any, make_user: Any) -> Any:
    named = make_user(Role.IRO_MANAGER)
    hidden = make_child(first_name="Hidden", last_name="Highprofile", la_child_id="R0001")
    child_restriction_set(acting_user=named, child=hidden, restricted=True, users=[named])
    return hidden


RESTRICTED_MESSAGE = "Child R0001 is a restricted record"


def test_a_good_practice_alert_cannot_attach_a_restricted_record(
    client_for: Any, iro: Any, restricted_child: Any
) -> None:
    body = (
        client_for(iro.user)
        .post(
            "/disputes/good-practice/new",
            {"child_id": "R0001", "praised": "The team", "summary": "Great work"},
        )
        .content.decode()
    )
    assert RESTRICTED_MESSAGE in body
    assert "Highprofile" not in body
    assert not GoodPracticeAlert.objects.exists()


def test_a_group_dispute_cannot_attach_a_restricted_record(
    client_for: Any, iro: Any, child: Any, restricted_child: Any
) -> None:
    from iro.disputes.models import DisputeStage

    body = (
        client_for(iro.user)
        .post(
            "/disputes/raise",
            {
                "scope": "group",
                "child_id": child.la_child_id,
                "other_child_ids": "R0001",
                "category": "other",
                "summary": "x",
                "outcome_sought": "y",
                "stage": DisputeStage.objects.get(key="informal").pk,
                "responder_name": "Jo Hendry",
            },
        )
        .content.decode()
    )
    assert RESTRICTED_MESSAGE in body
    assert not Dispute.objects.exists()


def test_cafcass_and_legal_advice_cannot_attach_a_restricted_record(
    client_for: Any, iro: Any, restricted_child: Any
) -> None:
    client = client_for(iro.user)
    today = timezone.localdate()
    dated = {"_day": str(today.day), "_month": str(today.month), "_year": str(today.year)}
    cafcass = client.post(
        "/disputes/cafcass-referral",
        {"child_id": "R0001", "reason": "x", **{f"referred_on{k}": v for k, v in dated.items()}},
    ).content.decode()
    advice = client.post(
        "/disputes/legal-advice",
        {
            "child_id": "R0001",
            "adviser": "Counsel",
            "summary": "x",
            **{f"sought_on{k}": v for k, v in dated.items()},
        },
    ).content.decode()
    assert RESTRICTED_MESSAGE in cafcass and RESTRICTED_MESSAGE in advice
    assert not CafcassReferral.objects.exists() and not LegalAdviceRecord.objects.exists()


def test_a_cafcass_referral_from_another_iros_dispute_is_refused(
    client_for: Any, raise_dispute: Any, make_iro: Any
) -> None:
    dispute = raise_dispute(raised_on=timezone.localdate())
    colleague = client_for(make_iro("Colin Mate").user)
    assert colleague.get(f"/disputes/cafcass-referral?dispute={dispute.pk}").status_code == 403
