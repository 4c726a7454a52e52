"""Recording oversight, midpoint reviews and dip-sample ratings. Each service is one
transaction, validates before saving and writes its audit entry in the same transaction."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from iro.accounts.models import ReviewingOfficer, User
from iro.accounts.selectors import reviewing_officer_for
from iro.audit.services import audit_record, field_changes, snapshot
from iro.children.access import require_child_records_change
from iro.children.models import Child
from iro.children.story import StoryDate, When, story_check
from iro.core import facts
from iro.reviews.models import Recommendation, Review

from .models import DipSample, MidpointReview, OversightRecord, RecommendationProgress


def _user_or_none(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


def _iro_for(acting_user: User | None, child: Child) -> ReviewingOfficer | None:
    """The IRO doing the oversight: the signed-in IRO, else the child's IRO."""
    return reviewing_officer_for(acting_user) or child.iro


@transaction.atomic
def oversight_record(
    *,
    acting_user: User | None,
    child: Child,
    date: date,
    type: str,
    what_checked: str = "",
    concerns: str = "",
    next_check_on: date | None = None,
    progress: Mapping[int, str] | None = None,
) -> OversightRecord:
    """Record one oversight and a progress note for any of the child's open recommendations.
    Notes for recommendations that are not the child's open ones are refused."""
    require_child_records_change(acting_user, child, object_type="oversight")
    if child.current_period_id is None:
        raise ValidationError({"date": "Oversight can only be recorded for a child in care"})
    story_check(
        child,
        StoryDate("date", "Date of oversight", date, When.HAPPENED),
        period=child.current_period,
    )
    notes = {pk: text.strip() for pk, text in (progress or {}).items() if text and text.strip()}
    open_ids = set(
        Recommendation.objects.filter(
            child=child, status=Recommendation.Status.OPEN, pk__in=list(notes)
        ).values_list("pk", flat=True)
    )
    if set(notes) - open_ids:
        raise ValidationError("Progress can only be noted on the child's open recommendations")
    record = OversightRecord(
        child=child,
        iro=_iro_for(acting_user, child),
        date=date,
        type=type,
        what_checked=what_checked.strip(),
        concerns=concerns.strip(),
        next_check_on=next_check_on,
        recorded_by=_user_or_none(acting_user),
    )
    record.full_clean()
    record.save()
    rows = [
        RecommendationProgress(oversight=record, recommendation_id=pk, note=text)
        for pk, text in notes.items()
    ]
    for row in rows:
        row.full_clean(exclude=["oversight", "recommendation"])
    RecommendationProgress.objects.bulk_create(rows)
    facts.refresh([child.pk])
    audit_record(
        actor=acting_user,
        action="create",
        object_type="oversight",
        object_id=record.pk,
        child_id=child.pk,
        summary=f"{record.get_type_display()} on {date:%d/%m/%Y}",
        changes={
            **field_changes(None, snapshot(record, ["date", "type", "next_check_on"])),
            "recommendations_noted": [None, sorted(notes)],
        },
    )
    return record


def last_held_review(child: Child) -> Review | None:
    return (
        Review.objects.filter(
            child=child, status=Review.Status.HELD, period_id=child.current_period_id
        )
        .order_by("-held_on")
        .first()
    )


@transaction.atomic
def midpoint_review_record(
    *,
    acting_user: User | None,
    child: Child,
    date: date,
    working_well: str,
    worried_about: str,
    needs_to_happen: str,
    scale: int,
    signs_of_success: str = "",
    next_check_on: date | None = None,
) -> MidpointReview:
    """Record a midpoint review, linked to the child's last review; it also counts as an
    oversight of type 'midpoint review'."""
    record = oversight_record(
        acting_user=acting_user,
        child=child,
        date=date,
        type=OversightRecord.Type.MIDPOINT_REVIEW,
        what_checked="Midpoint review with the child",
        concerns=worried_about,
        next_check_on=next_check_on,
    )
    midpoint = MidpointReview(
        oversight=record,
        last_review=last_held_review(child),
        working_well=working_well.strip(),
        worried_about=worried_about.strip(),
        needs_to_happen=needs_to_happen.strip(),
        signs_of_success=signs_of_success.strip(),
        scale=scale,
    )
    midpoint.full_clean()
    midpoint.save()
    audit_record(
        actor=acting_user,
        action="create",
        object_type="midpoint_review",
        object_id=midpoint.pk,
        child_id=child.pk,
        summary=f"Midpoint review on {date:%d/%m/%Y}, scale {scale}",
        changes=field_changes(None, snapshot(midpoint, ["last_review_id", "scale"])),
    )
    return midpoint


@transaction.atomic
def dip_sample_rate(
    *,
    acting_user: User | None,
    rating: str,
    feedback: str,
    oversight: OversightRecord | None = None,
    review: Review | None = None,
) -> DipSample:
    """Rate one sampled oversight or review; rating it again replaces the rating (audited)."""
    if (oversight is None) == (review is None):
        raise ValueError("Rate exactly one oversight or one review")
    if oversight is not None:
        existing = DipSample.objects.filter(oversight=oversight).first()
        on, child, iro = oversight.date, oversight.child, oversight.iro
        kind = DipSample.Kind.OVERSIGHT
    else:
        assert review is not None
        existing = DipSample.objects.filter(review=review).first()
        on, child, iro = review.held_on, review.child, review.chair
        kind = DipSample.Kind.REVIEW
    sample = existing or DipSample(kind=kind, oversight=oversight, review=review)
    before = snapshot(sample, ["rating", "feedback"]) if existing else None
    sample.child = child
    sample.iro = iro
    sample.month = on.replace(day=1)
    sample.rating = rating
    sample.feedback = feedback.strip()
    sample.sampled_by = _user_or_none(acting_user)
    sample.full_clean()
    sample.save()
    audit_record(
        actor=acting_user,
        action="update" if existing else "create",
        object_type="dip_sample",
        object_id=sample.pk,
        child_id=child.pk,
        summary=f"{sample.get_kind_display()} dip-sampled: {sample.get_rating_display()}",
        changes=field_changes(before, snapshot(sample, ["rating", "feedback"])),
    )
    return sample
