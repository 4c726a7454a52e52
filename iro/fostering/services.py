"""Recording foster households and the reviews of their approval. Each service is one
transaction: it checks the record, validates before saving, refreshes the stored timetable and
writes its audit entry, all in the same transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from iro.accounts.models import ReviewingOfficer, User
from iro.accounts.selectors import reviewing_officer_for
from iro.audit.services import save_audited
from iro.timetable import fostering as rules
from iro.timetable.dates import format_date

from .access import require_review_recording
from .models import FosterCarerReview, FosterHousehold, Recommendation
from .schedule import household_schedule_refresh

HOUSEHOLD_FIELDS = (
    "reference",
    "carers",
    "approved_on",
    "approval_type",
    "approval_terms",
    "supervising_social_worker",
    "chair",
)


def _not_future(errors: dict[str, str], name: str, label: str, value: date | None) -> None:
    if value is not None and value > timezone.localdate():
        errors.setdefault(name, f"{label} must be today or in the past")


def _chair_in_post(chair: ReviewingOfficer, on: date) -> bool:
    return chair.start_date <= on and (chair.end_date is None or chair.end_date >= on)


@transaction.atomic
def household_create(*, acting_user: User | None, **values: Any) -> FosterHousehold:
    """Add an approved foster household."""
    household = FosterHousehold(**{name: values[name] for name in HOUSEHOLD_FIELDS})
    _check_household(household)
    save_audited(
        household,
        actor=acting_user,
        summary=f"Foster household {household.reference} added",
        audited=HOUSEHOLD_FIELDS,
        object_type="foster_household",
    )
    household_schedule_refresh([household.pk])
    household.refresh_from_db()
    return household


@transaction.atomic
def household_update(
    *, acting_user: User | None, household: FosterHousehold, **values: Any
) -> dict[str, list[Any]]:
    """Change a household's details or approval; the review timetable follows at once."""
    fields = {name: values[name] for name in HOUSEHOLD_FIELDS if name in values}
    before = {name: getattr(household, name) for name in fields}
    # Checked with the new values; set back so the audit entry sees what changed.
    for name, value in fields.items():
        setattr(household, name, value)
    try:
        _check_household(household)
    finally:
        for name, value in before.items():
            setattr(household, name, value)
    changes = save_audited(
        household,
        actor=acting_user,
        summary=f"Foster household {household.reference} changed",
        fields=fields,
        object_type="foster_household",
        only_if_changed=True,
    )
    household_schedule_refresh([household.pk])
    household.refresh_from_db()
    return changes


def _check_household(household: FosterHousehold) -> None:
    errors: dict[str, str] = {}
    _not_future(errors, "approved_on", "Approval date", household.approved_on)
    if household.pk is None and not _chair_in_post(household.chair, timezone.localdate()):
        errors["chair"] = "Select a fostering IRO who is in post"
    if household.pk:
        first = (
            FosterCarerReview.objects.filter(household=household)
            .order_by("held_on")
            .values_list("held_on", flat=True)
            .first()
        )
        if first is not None and household.approved_on > first:
            errors["approved_on"] = (
                f"Approval date must be the same as or before the first review, "
                f"{format_date(first)}"
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def review_record(
    *,
    acting_user: User | None,
    household: FosterHousehold,
    held_on: date,
    carers_views: str,
    childrens_views: str = "",
    social_worker_views: str,
    recommendation: str,
    recommended_terms: str = "",
    referred_to_panel_on: date | None = None,
) -> FosterCarerReview:
    """Record a review of a household's approval, chaired by the signed-in fostering IRO (or
    the household's chair when a manager records it)."""
    require_review_recording(acting_user, household)
    household = FosterHousehold.objects.select_for_update().get(pk=household.pk)
    errors: dict[str, str] = {}
    problem = rules.first_review_problem(held_on, household.approved_on, timezone.localdate())
    if problem:
        errors["held_on"] = problem.replace(
            "the approval date", f"the approval date, {format_date(household.approved_on)}"
        )
    if household.approval_ended_on and held_on > household.approval_ended_on:
        errors["held_on"] = (
            "Date of review must be the same as or before the end of approval, "
            f"{format_date(household.approval_ended_on)}"
        )
    if FosterCarerReview.objects.filter(household=household, held_on=held_on).exists():
        errors["held_on"] = f"A review on {format_date(held_on)} is already recorded"
    if recommendation == Recommendation.CHANGE_TERMS and not recommended_terms.strip():
        errors["recommended_terms"] = "Enter the terms of approval the review recommends"
    if referred_to_panel_on is not None and referred_to_panel_on < held_on:
        errors["referred_to_panel_on"] = (
            "Date referred to panel must be the same as or after the date of review"
        )
    _not_future(errors, "referred_to_panel_on", "Date referred to panel", referred_to_panel_on)
    if errors:
        raise ValidationError(errors)
    chair = reviewing_officer_for(acting_user) or household.chair
    review = FosterCarerReview(
        household=household,
        held_on=held_on,
        chair=chair,
        carers_views=carers_views.strip(),
        childrens_views=childrens_views.strip(),
        social_worker_views=social_worker_views.strip(),
        recommendation=recommendation,
        recommended_terms=recommended_terms.strip()
        if recommendation == Recommendation.CHANGE_TERMS
        else "",
        referred_to_panel_on=referred_to_panel_on,
    )
    save_audited(
        review,
        actor=acting_user,
        summary=f"Foster carer review of {household.reference} recorded for {format_date(held_on)}",
        audited=("held_on", "chair", "recommendation", "referred_to_panel_on"),
        object_type="foster_carer_review",
    )
    household_schedule_refresh([household.pk])
    review.refresh_from_db()
    return review


PANEL_FIELDS = (
    "referred_to_panel_on",
    "panel_date",
    "panel_recommendation",
    "agency_decision",
    "agency_decision_on",
)


@transaction.atomic
def review_panel_record(
    *, acting_user: User | None, review: FosterCarerReview, **values: Any
) -> dict[str, list[Any]]:
    """Record the referral to the fostering panel, the panel's recommendation and the agency
    decision maker's decision. A decision to end approval ends the household's approval on that
    date (no more reviews fall due); a decision to change the terms takes the review's terms."""
    household = review.household
    require_review_recording(acting_user, household)
    choices = {"panel_recommendation", "agency_decision"}
    fields: dict[str, Any] = {
        name: values.get(name) or ("" if name in choices else None) for name in PANEL_FIELDS
    }
    ended_by_this_review = review.agency_decision == Recommendation.TERMINATE
    errors: dict[str, str] = {}
    referred, panel, decided = (
        fields["referred_to_panel_on"],
        fields["panel_date"],
        fields["agency_decision_on"],
    )
    if referred is not None and referred < review.held_on:
        errors["referred_to_panel_on"] = (
            "Date referred to panel must be the same as or after the date of review, "
            f"{format_date(review.held_on)}"
        )
    if panel is not None and referred is None:
        errors["referred_to_panel_on"] = "Enter the date the review was referred to the panel"
    if panel is not None and referred is not None and panel < referred:
        errors["panel_date"] = "Panel date must be the same as or after the date referred to panel"
    if fields["panel_recommendation"] and panel is None:
        errors["panel_date"] = "Enter the panel date"
    if fields["agency_decision"] and decided is None:
        errors["agency_decision_on"] = "Enter the date of the agency decision"
    if decided is not None and not fields["agency_decision"]:
        errors["agency_decision"] = "Select the agency decision"
    if decided is not None and decided < review.held_on:
        errors["agency_decision_on"] = (
            "Date of the agency decision must be the same as or after the date of review"
        )
    if decided is not None and panel is not None and decided < panel:
        errors["agency_decision_on"] = (
            "Date of the agency decision must be the same as or after the panel date"
        )
    for name, label in (
        ("referred_to_panel_on", "Date referred to panel"),
        ("panel_date", "Panel date"),
        ("agency_decision_on", "Date of the agency decision"),
    ):
        _not_future(errors, name, label, fields[name])
    if errors:
        raise ValidationError(errors)
    changes = save_audited(
        review,
        actor=acting_user,
        summary=f"Fostering panel and decision recorded for the review of "
        f"{household.reference} on {format_date(review.held_on)}",
        fields=fields,
        object_type="foster_carer_review",
        only_if_changed=True,
    )
    household_fields: dict[str, Any] = {}
    if fields["agency_decision"] == Recommendation.TERMINATE:
        household_fields["approval_ended_on"] = decided
    elif ended_by_this_review:
        # The decision recorded in error is corrected: the approval runs on.
        household_fields["approval_ended_on"] = None
    if fields["agency_decision"] == Recommendation.CHANGE_TERMS and review.recommended_terms:
        household_fields["approval_terms"] = review.recommended_terms
    if household_fields:
        save_audited(
            household,
            actor=acting_user,
            summary=f"Foster household {household.reference}'s approval changed by the agency "
            "decision",
            fields=household_fields,
            object_type="foster_household",
            only_if_changed=True,
        )
    household_schedule_refresh([household.pk])
    return changes
