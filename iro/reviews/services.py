"""Recording reviews. The 903 import and the forms both come through here."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from iro.audit.services import audit_record
from iro.children.models import Child, PeriodOfCare

from .models import Review
from .schedule import schedule_refresh


def participation_code_problem(code: str, age_at_review: int) -> str | None:
    """PN0 is for children under 4 only; PN1–PN7 only from 4 (903 rules)."""
    if not code:
        return None
    if code == "PN0" and age_at_review >= 4:
        return "Participation code PN0 is only for children under 4 at the review"
    if code != "PN0" and age_at_review < 4:
        return "Participation code must be PN0 for a child under 4 at the review"
    return None


def period_on(child: Child, on: date) -> PeriodOfCare | None:
    for period in child.periods.all():
        starts = period.start_date or period.first_known_date
        if (period.start_date is None or starts <= on) and (
            period.end_date is None or on <= period.end_date
        ):
            return period
    return None


@transaction.atomic
def review_record_held(
    *,
    acting_user: Any,
    child: Child,
    held_on: date,
    participation_code: str,
    source: str = Review.Source.FORM,
) -> Review:
    """Record a review as held; its number, due date and timeliness are derived, and the
    child's next review due date moves on."""
    period = period_on(child, held_on)
    if period is None:
        raise ValidationError({"held_on": "Date of review must be while the child was in care"})
    problem = participation_code_problem(participation_code, child.age_on(held_on))
    if problem:
        raise ValidationError({"participation_code": problem})
    if Review.objects.filter(child=child, held_on=held_on, status=Review.Status.HELD).exists():
        raise ValidationError({"held_on": "A review on this date is already recorded"})
    review = Review(
        child=child,
        period=period,
        held_on=held_on,
        participation_code=participation_code,
        chair=child.iro,
        source=source,
        recorded_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    review.full_clean()
    review.save()
    schedule_refresh([period.pk])
    review.refresh_from_db()
    audit_record(
        actor=acting_user,
        action="create",
        object_type="review",
        object_id=review.pk,
        child_id=child.pk,
        summary=f"Review held on {held_on:%d/%m/%Y}",
        changes={
            "held_on": [None, held_on.isoformat()],
            "participation_code": [None, participation_code],
        },
    )
    return review
