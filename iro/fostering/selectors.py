"""Reading foster households and their reviews: a fixed number of queries per page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet

from iro.core.prepared import aggregated, prepared
from iro.timetable import fostering as rules

from .models import FosterCarerReview, FosterHousehold


def approved_on_day(day: date) -> Q:
    """Households approved on `day`: approved by then and the approval not yet ended (the end
    date is the first day no longer approved)."""
    return Q(approved_on__lte=day) & (
        Q(approval_ended_on__isnull=True) | Q(approval_ended_on__gt=day)
    )


def households_by_chair(day: date) -> dict[int, int]:
    """{fostering IRO id: households approved on `day` they chair} (one query): the workload
    kind "foster_household" in the caseloads."""
    rows = (
        FosterHousehold.objects.filter(approved_on_day(day))
        .order_by()
        .values("chair_id")
        .annotate(n=Count("pk"))
        .values_list("chair_id", "n")
    )
    return dict(rows)


STATUS_FILTERS = {
    "overdue": "Overdue",
    "due_soon": "Due in the next 6 weeks",
    "first_review": "First review not yet held",
}


def _status_q(status: str | None, as_of: date, soon: date | None = None) -> Q:
    soon = soon or as_of + timedelta(days=rules.DUE_SOON_DAYS)
    if status == "overdue":
        return Q(next_review_due__lt=as_of)
    if status == "due_soon":
        return Q(next_review_due__gte=as_of, next_review_due__lte=soon)
    if status == "first_review":
        return Q(reviews_held=0)
    return Q()


def households_due(
    *, as_of: date, chair_id: int | None = None, status: str | None = None
) -> QuerySet[FosterHousehold]:
    """Approved households, the next review due first (stored due dates; one query)."""
    queryset = FosterHousehold.objects.filter(approval_ended_on__isnull=True).select_related(
        "chair"
    )
    if chair_id is not None:
        queryset = queryset.filter(chair_id=chair_id)
    return queryset.filter(_status_q(status, as_of)).order_by("next_review_due", "reference")


def due_counts(*, as_of: date, chair_id: int | None = None) -> dict[str, int]:
    """How many approved households are overdue, due soon, or awaiting a first review."""
    (counts,) = _due_counts(
        chair_id=chair_id, as_of=as_of, soon=as_of + timedelta(days=rules.DUE_SOON_DAYS)
    )
    return {key: int(value or 0) for key, value in counts.items()}


@prepared
def _due_counts(*, chair_id: int | None, as_of: date, soon: date) -> QuerySet[Any]:
    queryset = FosterHousehold.objects.filter(approval_ended_on__isnull=True)
    if chair_id is not None:
        queryset = queryset.filter(chair_id=chair_id)
    return aggregated(
        queryset,
        approved=Count("pk"),
        **{key: Count("pk", filter=_status_q(key, as_of, soon)) for key in STATUS_FILTERS},
    )


@dataclass(frozen=True)
class HouseholdRow:
    household: FosterHousehold
    status: rules.HouseholdStatus


def with_status(households: Any, as_of: date) -> list[HouseholdRow]:
    return [
        HouseholdRow(
            household=h,
            status=rules.review_status(h.next_review_due, as_of, approved=h.approved),
        )
        for h in households
    ]


def household_reviews(household: FosterHousehold) -> QuerySet[FosterCarerReview]:
    return household.reviews.select_related("chair").order_by("-held_on", "-pk")
