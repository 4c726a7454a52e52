"""The one writer of the foster carer review timetable's stored facts: each review's number,
due date and timeliness, and each household's reviews held, last review and next review due.

Every service that changes an input (a household's approval, a review recorded) calls it in the
same transaction, and `recompute_timetable` refreshes every household. Two reads and at most two
batched writes however many households it refreshes; only rows that changed are written."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction

from iro.core.bulk import update_rows
from iro.timetable import fostering as rules

from .models import FosterCarerReview, FosterHousehold

HOUSEHOLD_FIELDS = ["reviews_held", "last_review_on", "next_review_due"]
REVIEW_FIELDS = ["number", "due_on", "in_timescale"]


@transaction.atomic
def household_schedule_refresh(household_ids: Iterable[int] | None = None) -> int:
    """Recompute the stored facts of these households (all when None); returns rows changed."""
    households = FosterHousehold.objects.all()
    reviews = FosterCarerReview.objects.all()
    if household_ids is not None:
        ids = sorted(set(household_ids))
        households = households.filter(pk__in=ids)
        reviews = reviews.filter(household_id__in=ids)
    by_household: dict[int, list[FosterCarerReview]] = defaultdict(list)
    for review in reviews.order_by("held_on", "pk"):
        by_household[review.household_id].append(review)
    changed_households: list[FosterHousehold] = []
    changed_reviews: list[FosterCarerReview] = []
    for household in households:
        held: list = []
        for number, review in enumerate(by_household[household.pk], start=1):
            due = rules.review_due_before(household.approved_on, held)
            facts = (number, due, rules.in_time(review.held_on, due))
            if (review.number, review.due_on, review.in_timescale) != facts:
                review.number, review.due_on, review.in_timescale = facts
                changed_reviews.append(review)
            held.append(review.held_on)
        next_due = (
            rules.next_review_due(household.approved_on, held) if household.approved else None
        )
        household_facts = (len(held), max(held) if held else None, next_due)
        current = (household.reviews_held, household.last_review_on, household.next_review_due)
        if current != household_facts:
            household.reviews_held, household.last_review_on, household.next_review_due = (
                household_facts
            )
            changed_households.append(household)
    update_rows(FosterHousehold, changed_households, HOUSEHOLD_FIELDS)
    update_rows(FosterCarerReview, changed_reviews, REVIEW_FIELDS)
    return len(changed_households) + len(changed_reviews)
