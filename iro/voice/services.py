"""Changes to the voice records. Each service runs in one transaction, validates with
`full_clean()` and writes its audit entry in the same transaction."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from iro.accounts.models import ReviewingOfficer, User
from iro.audit.services import Actor, audit_record, field_changes, save_audited, snapshot
from iro.children.access import require_child_records_change
from iro.children.models import Child
from iro.children.story import StoryDate, When, story_check
from iro.reviews.models import Review
from iro.timetable.calendar import WorkingDayCalendar

from . import rules
from .models import (
    AdvocacyReferral,
    Complaint,
    ComplaintStage,
    Compliment,
    Consultation,
    FeedbackRequest,
    FeedbackResponse,
    IndependentVisitorRecord,
)

TOKEN_BYTES = 32


def feedback_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _staff(acting_user: User | None) -> Any:
    return acting_user if getattr(acting_user, "is_authenticated", False) else None


def _audit(
    actor: Actor,
    action: str,
    obj: Any,
    summary: str,
    *,
    child_id: int | None = None,
    changes: dict[str, Any] | None = None,
) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type=obj._meta.model_name,
        object_id=obj.pk,
        child_id=child_id,
        summary=summary,
        changes=changes,
    )


# --- consultations ---


@transaction.atomic
def consultation_record(
    *,
    acting_user: User | None,
    child: Child,
    consulted_on: date,
    method: str,
    review: Review | None = None,
    reason_not_possible: str = "",
    views_summary: str = "",
) -> Consultation:
    """Record how the IRO sought the child's views before a review (one per review)."""
    require_child_records_change(acting_user, child, object_type="consultation")
    if review is not None and Consultation.objects.filter(review=review).exists():
        raise ValidationError({"review": "A consultation is already recorded for this review"})
    story_check(
        child, StoryDate("consulted_on", "Date of the consultation", consulted_on, When.HAPPENED)
    )
    consultation = Consultation(
        child=child,
        review=review,
        consulted_on=consulted_on,
        method=method,
        reason_not_possible=reason_not_possible if method == "not_possible" else "",
        views_summary=views_summary,
        recorded_by=_staff(acting_user),
    )
    consultation.full_clean()
    consultation.save()
    _audit(
        acting_user,
        "create",
        consultation,
        f"Consultation recorded: {consultation.get_method_display()}",
        child_id=child.pk,
        changes=field_changes(
            None, snapshot(consultation, ["consulted_on", "method", "review_id"])
        ),
    )
    return consultation


@transaction.atomic
def consultation_link_review(
    *, acting_user: User | None, consultation: Consultation, review: Review
) -> Consultation:
    """Link a consultation recorded before the review existed to that review."""
    require_child_records_change(
        acting_user, review.child, object_type="consultation", object_id=consultation.pk
    )
    if Consultation.objects.filter(review=review).exclude(pk=consultation.pk).exists():
        raise ValidationError({"review": "A consultation is already recorded for this review"})
    before = snapshot(consultation, ["review_id"])
    consultation.review = review
    consultation.full_clean()
    consultation.save(update_fields=["review"])
    _audit(
        acting_user,
        "update",
        consultation,
        "Consultation linked to its review",
        child_id=consultation.child_id,
        changes=field_changes(before, snapshot(consultation, ["review_id"])),
    )
    return consultation


CONSULTATION_FIELDS = ["consulted_on", "method", "reason_not_possible", "views_summary"]


@transaction.atomic
def consultation_update(
    *, acting_user: User | None, consultation: Consultation, **fields: Any
) -> Consultation:
    """Correct a consultation's date, method, reason or the child's views."""
    if fields.get("method", consultation.method) != "not_possible":
        fields["reason_not_possible"] = ""
    return _save(acting_user, consultation, CONSULTATION_FIELDS, fields, "Consultation changed")


# --- advocacy and independent visitors ---

_ADVOCACY_FIELDS = [
    "referred_on",
    "referred_by",
    "referred_by_name",
    "accepted_on",
    "issue",
    "outcome",
    "ended_on",
]
_VISITOR_FIELDS = ["discussed_on", "wanted", "referred_on", "matched_on", "notes"]


M = TypeVar("M", AdvocacyReferral, IndependentVisitorRecord, Consultation)


# The dates of advocacy and independent visitor records: each has happened.
_HAPPENED = {
    "referred_on": "Date of referral",
    "accepted_on": "Date accepted by the advocacy service",
    "ended_on": "Date advocacy ended",
    "discussed_on": "Date discussed with the child",
    "matched_on": "Date matched with a visitor",
}


def _save(
    acting_user: User | None, instance: M, names: list[str], fields: dict[str, Any], summary: str
) -> M:
    """Set the named fields, validate, save, and audit what changed (a new row audits all)."""
    require_child_records_change(
        acting_user,
        instance.child,
        object_type=type(instance).__name__.lower(),
        object_id=instance.pk,
    )
    # Dates of what happened are checked against the child's story before anything is set.
    story_check(
        instance.child,
        *(
            StoryDate(name, label, fields.get(name, getattr(instance, name)), When.HAPPENED)
            for name, label in _HAPPENED.items()
            if name in names
        ),
    )
    save_audited(
        instance,
        actor=acting_user,
        summary=summary,
        fields={name: fields[name] for name in names if name in fields},
        audited=names,
        child_id=instance.child_id,
    )
    return instance


@transaction.atomic
def advocacy_referral_record(
    *, acting_user: User | None, child: Child, **fields: Any
) -> AdvocacyReferral:
    """Record a referral to an advocate (fields are those of `AdvocacyReferral`)."""
    referral = AdvocacyReferral(child=child, recorded_by=_staff(acting_user))
    return _save(acting_user, referral, _ADVOCACY_FIELDS, fields, "Advocacy referral recorded")


@transaction.atomic
def advocacy_referral_update(
    *, acting_user: User | None, referral: AdvocacyReferral, **fields: Any
) -> AdvocacyReferral:
    """Record acceptance, the issue raised, the outcome and the end of advocacy."""
    return _save(acting_user, referral, _ADVOCACY_FIELDS, fields, "Advocacy referral updated")


@transaction.atomic
def independent_visitor_record(
    *, acting_user: User | None, child: Child, **fields: Any
) -> IndependentVisitorRecord:
    """Record an independent visitor discussed with the child, and any referral and match."""
    record = IndependentVisitorRecord(child=child, recorded_by=_staff(acting_user))
    return _save(
        acting_user, record, _VISITOR_FIELDS, fields, "Independent visitor discussion recorded"
    )


@transaction.atomic
def independent_visitor_update(
    *, acting_user: User | None, record: IndependentVisitorRecord, **fields: Any
) -> IndependentVisitorRecord:
    return _save(acting_user, record, _VISITOR_FIELDS, fields, "Independent visitor record updated")


# --- 360 feedback ---


@transaction.atomic
def feedback_request_create(
    *, acting_user: User | None, review: Review, respondent_type: str
) -> tuple[FeedbackRequest, str]:
    """Make a one-time feedback link. Returns the request and the raw token: the token is not
    stored (only its SHA-256 hash), so the caller shows it once."""
    require_child_records_change(acting_user, review.child, object_type="feedback_request")
    token = secrets.token_urlsafe(TOKEN_BYTES)
    request = FeedbackRequest(
        review=review,
        respondent_type=respondent_type,
        token_hash=feedback_token_hash(token),
        created_by=_staff(acting_user),
    )
    request.full_clean()
    request.save()
    _audit(
        acting_user,
        "create",
        request,
        f"Feedback link made for {request.get_respondent_type_display().lower()}",
        child_id=review.child_id,
    )
    return request, token


def feedback_request_for_token(token: str) -> FeedbackRequest | None:
    """The request a link's token belongs to, or None (a token is at most 100 characters)."""
    if not token or len(token) > 100:
        return None
    return FeedbackRequest.objects.filter(token_hash=feedback_token_hash(token)).first()


_RESPONSE_FIELDS = ["rating", "went_well", "could_be_better", "consent_to_quote", "respondent_name"]


@transaction.atomic
def feedback_response_record(
    *,
    acting_user: User | None,
    request: FeedbackRequest,
    rating: int,
    went_well: str = "",
    could_be_better: str = "",
    consent_to_quote: bool = False,
    respondent_name: str = "",
    received_on: date | None = None,
) -> FeedbackResponse:
    """Record the one response a request accepts. A link is used once: claiming it is a single
    conditional UPDATE, so two submissions at the same moment cannot both succeed."""
    require_child_records_change(
        acting_user, request.review.child, object_type="feedback_request", object_id=request.pk
    )
    staff = getattr(acting_user, "is_authenticated", False)
    if not staff and request.link_expired(timezone.now()):
        raise ValidationError("This link has expired")  # staff may still enter a paper form
    claimed = FeedbackRequest.objects.filter(pk=request.pk, used_at__isnull=True).update(
        used_at=timezone.now()
    )
    if not claimed:
        raise ValidationError("This link has already been used")
    response = FeedbackResponse(
        request=request,
        rating=rating,
        went_well=went_well,
        could_be_better=could_be_better,
        consent_to_quote=consent_to_quote,
        respondent_name=respondent_name.strip(),
        received_on=received_on or timezone.localdate(),
        source=FeedbackResponse.Source.PAPER if staff else FeedbackResponse.Source.ONLINE,
        entered_by=acting_user if staff else None,
    )
    response.full_clean()
    response.save()
    # No child id on an online response's audit entry: the public form knows nothing of the child.
    _audit(
        acting_user if staff else "feedback link",
        "create",
        response,
        f"Feedback response recorded ({response.get_source_display().lower()})",
        child_id=request.review.child_id if staff else None,
    )
    return response


# --- compliments and complaints ---

_COMPLIMENT_FIELDS = [
    "received_on",
    "from_type",
    "from_name",
    "about_iro",
    "summary",
    "outcome",
    "responded_on",
    "consent_to_quote",
]


@transaction.atomic
def compliment_record(*, acting_user: User | None, **fields: Any) -> Compliment:
    compliment = Compliment(
        recorded_by=_staff(acting_user),
        **{k: v for k, v in fields.items() if k in _COMPLIMENT_FIELDS},
    )
    compliment.full_clean()
    compliment.save()
    _audit(acting_user, "create", compliment, "Compliment recorded")
    return compliment


@transaction.atomic
def complaint_record(
    *,
    acting_user: User | None,
    received_on: date,
    from_type: str,
    summary: str,
    calendar: WorkingDayCalendar,
    from_name: str = "",
    about_iro: ReviewingOfficer | None = None,
) -> Complaint:
    """Record a complaint; stage 1 starts on the day it was received, with its deadline."""
    complaint = Complaint(
        received_on=received_on,
        from_type=from_type,
        from_name=from_name,
        about_iro=about_iro,
        summary=summary,
        recorded_by=_staff(acting_user),
    )
    first = min(rules.COMPLAINT_STAGES)
    complaint.current_stage = first
    complaint.current_due_on = rules.complaint_response_due(first, received_on, calendar=calendar)
    complaint.full_clean()
    complaint.save()
    stage = ComplaintStage(
        complaint=complaint,
        stage=first,
        started_on=received_on,
        response_due=complaint.current_due_on,
    )
    stage.full_clean()
    stage.save()
    _audit(acting_user, "create", complaint, "Complaint recorded at stage 1")
    return complaint


@transaction.atomic
def complaint_respond(
    *,
    acting_user: User | None,
    complaint: Complaint,
    responded_on: date,
    outcome: str,
    response_summary: str = "",
) -> ComplaintStage:
    """Record the response to the complaint's current stage; the complaint closes unless it is
    escalated to the next stage."""
    stage = complaint.stages.select_for_update().get(stage=complaint.current_stage)
    if stage.responded_on is not None:
        raise ValidationError("This stage already has a response")
    stage.responded_on = responded_on
    stage.outcome = outcome
    stage.response_summary = response_summary
    stage.full_clean()
    stage.save()
    complaint.closed = True
    complaint.current_due_on = None
    complaint.full_clean()
    complaint.save(update_fields=["closed", "current_due_on"])
    _audit(
        acting_user,
        "update",
        complaint,
        f"Complaint stage {stage.stage} response recorded",
        changes={"outcome": [None, outcome], "responded_on": [None, responded_on.isoformat()]},
    )
    return stage


@transaction.atomic
def complaint_escalate(
    *,
    acting_user: User | None,
    complaint: Complaint,
    started_on: date,
    calendar: WorkingDayCalendar,
) -> ComplaintStage:
    """Move a complaint to the council's next stage, with that stage's deadline."""
    nxt = rules.next_complaint_stage(complaint.current_stage)
    if nxt is None:
        raise ValidationError("This complaint is at the last stage")
    current = complaint.stages.get(stage=complaint.current_stage)
    if current.responded_on is None:
        raise ValidationError(
            f"Record the stage {current.stage} response before moving to stage {nxt}"
        )
    if started_on < current.responded_on:
        raise ValidationError(
            {"started_on": "Date the stage started must be the same as or after the last response"}
        )
    stage = ComplaintStage(
        complaint=complaint,
        stage=nxt,
        started_on=started_on,
        response_due=rules.complaint_response_due(nxt, started_on, calendar=calendar),
    )
    stage.full_clean()
    stage.save()
    complaint.current_stage = nxt
    complaint.current_due_on = stage.response_due
    complaint.closed = False
    complaint.full_clean()
    complaint.save(update_fields=["current_stage", "current_due_on", "closed"])
    _audit(acting_user, "update", complaint, f"Complaint moved to stage {nxt}")
    return stage
