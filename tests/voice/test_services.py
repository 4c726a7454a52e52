from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from iro.audit.models import AuditEntry
from iro.timetable.calendar import WorkingDayCalendar
from iro.voice import services
from iro.voice.models import Complaint, Consultation, FeedbackRequest, FeedbackResponse

pytestmark = pytest.mark.django_db
CALENDAR = WorkingDayCalendar()


def test_feedback_link_keeps_only_the_hash_of_its_token(make_child: Any, make_review: Any) -> None:
    child = make_child()
    review = make_review(child, date(2025, 6, 1))
    request, token = services.feedback_request_create(
        acting_user=None, review=review, respondent_type="carer"
    )
    assert len(token) >= 43
    stored = FeedbackRequest.objects.get(pk=request.pk)
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(FeedbackRequest.objects.values().get(pk=request.pk))
    assert services.feedback_request_for_token(token) == stored
    assert services.feedback_request_for_token(token + "x") is None
    assert services.feedback_request_for_token("a" * 500) is None


def test_feedback_link_accepts_exactly_one_response(make_child: Any, make_review: Any) -> None:
    review = make_review(make_child(), date(2025, 6, 1))
    request, _token = services.feedback_request_create(
        acting_user=None, review=review, respondent_type="child"
    )
    services.feedback_response_record(acting_user=None, request=request, rating=5)
    with pytest.raises(ValidationError):
        services.feedback_response_record(acting_user=None, request=request, rating=1)
    assert FeedbackResponse.objects.get().rating == 5


def test_invalid_response_leaves_the_link_unused(make_child: Any, make_review: Any) -> None:
    review = make_review(make_child(), date(2025, 6, 1))
    request, _token = services.feedback_request_create(
        acting_user=None, review=review, respondent_type="child"
    )
    with pytest.raises(ValidationError):
        services.feedback_response_record(acting_user=None, request=request, rating=9)
    request.refresh_from_db()
    assert request.used_at is None
    assert not FeedbackResponse.objects.exists()


def test_online_response_audit_entry_does_not_name_the_child(
    make_child: Any, make_review: Any
) -> None:
    review = make_review(make_child(), date(2025, 6, 1))
    request, _token = services.feedback_request_create(
        acting_user=None, review=review, respondent_type="parent"
    )
    response = services.feedback_response_record(acting_user=None, request=request, rating=4)
    entry = AuditEntry.objects.get(object_type="feedbackresponse", object_id=str(response.pk))
    assert entry.child_id is None
    assert response.source == "online"


def test_only_one_consultation_per_review(make_child: Any, make_review: Any) -> None:
    child = make_child()
    review = make_review(child, date(2025, 6, 1))
    services.consultation_record(
        acting_user=None,
        child=child,
        review=review,
        consulted_on=date(2025, 5, 20),
        method="in_person",
    )
    with pytest.raises(ValidationError):
        services.consultation_record(
            acting_user=None,
            child=child,
            review=review,
            consulted_on=date(2025, 5, 21),
            method="phone",
        )


def test_consultation_not_possible_needs_a_reason_and_cannot_follow_the_review(
    make_child: Any, make_review: Any
) -> None:
    child = make_child()
    review = make_review(child, date(2025, 6, 1))
    with pytest.raises(ValidationError) as error:
        services.consultation_record(
            acting_user=None,
            child=child,
            review=review,
            consulted_on=date(2025, 5, 20),
            method="not_possible",
        )
    assert "reason_not_possible" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.consultation_record(
            acting_user=None,
            child=child,
            review=review,
            consulted_on=date(2025, 6, 2),
            method="phone",
        )
    assert "consulted_on" in error.value.message_dict
    assert not Consultation.objects.exists()


def test_consultation_for_the_next_review_is_linked_once_the_review_is_held(
    make_child: Any, make_review: Any
) -> None:
    child = make_child()
    consultation = services.consultation_record(
        acting_user=None, child=child, consulted_on=date(2025, 5, 20), method="virtual"
    )
    review = make_review(child, date(2025, 6, 1))
    services.consultation_link_review(acting_user=None, consultation=consultation, review=review)
    assert Consultation.objects.get(review=review) == consultation


def test_complaint_moves_through_the_stages_with_working_day_deadlines(db: Any) -> None:
    complaint = services.complaint_record(
        acting_user=None,
        received_on=date(2022, 5, 25),
        from_type="parent",
        summary="Not invited",
        calendar=CALENDAR,
    )
    assert complaint.current_stage == 1
    assert complaint.current_due_on == date(2022, 6, 10)  # skips the Platinum Jubilee
    with pytest.raises(ValidationError):
        services.complaint_escalate(
            acting_user=None, complaint=complaint, started_on=date(2022, 6, 1), calendar=CALENDAR
        )
    services.complaint_respond(
        acting_user=None,
        complaint=complaint,
        responded_on=date(2022, 6, 9),
        outcome="not_upheld",
    )
    complaint.refresh_from_db()
    assert complaint.closed and complaint.current_due_on is None
    stage2 = services.complaint_escalate(
        acting_user=None, complaint=complaint, started_on=date(2022, 9, 12), calendar=CALENDAR
    )
    assert stage2.response_due == date(2022, 10, 11)  # skips the state funeral
    complaint.refresh_from_db()
    assert (complaint.current_stage, complaint.closed) == (2, False)
    services.complaint_respond(
        acting_user=None, complaint=complaint, responded_on=date(2022, 10, 10), outcome="upheld"
    )
    with pytest.raises(ValidationError):
        services.complaint_escalate(
            acting_user=None,
            complaint=Complaint.objects.get(),
            started_on=date(2022, 10, 20),
            calendar=CALENDAR,
        )
    assert AuditEntry.objects.filter(object_type="complaint").count() == 4
