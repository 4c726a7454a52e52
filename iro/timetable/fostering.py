"""Foster carer reviews (The Fostering Services (England) Regulations 2011, regulation 28) and
supervision order reviews: when each is due. Pure rules on plain dates.

Regulation 28(2): the fostering service reviews a foster parent's approval "not more than a year
after approval, and thereafter whenever [it] considers it necessary, but at intervals of not more
than a year". A year is a calendar year by `add_months` (an approval on 29 February is due by 28
February the next year: the same day does not exist, so the earlier month end is the latest date
still within the year). Regulation 28(9): the first review is referred to the fostering panel.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from enum import StrEnum

from .calendar import add_months

REVIEW_INTERVAL_MONTHS = 12


def first_review_due(approved_on: date) -> date:
    """The first review is due within a year of approval: by its first anniversary."""
    return add_months(approved_on, REVIEW_INTERVAL_MONTHS)


def next_review_due(approved_on: date, reviews_held_on: Iterable[date]) -> date:
    """The next review is due a year after the last one held on or after approval (the first
    is due a year after approval). Reviews recorded before approval do not count."""
    held = [day for day in reviews_held_on if day >= approved_on]
    return add_months(max(held), REVIEW_INTERVAL_MONTHS) if held else first_review_due(approved_on)


def review_due_before(approved_on: date, earlier_reviews_held_on: Iterable[date]) -> date:
    """The date a review was due by, given the reviews held before it (for its timeliness)."""
    return next_review_due(approved_on, earlier_reviews_held_on)


def in_time(held_on: date, due: date) -> bool:
    """Held on or before its due date (the due date itself is still within the year)."""
    return held_on <= due


class HouseholdStatus(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    ON_TRACK = "on_track"
    NOT_APPROVED = "not_approved"


DUE_SOON_DAYS = 42  # six weeks: time to arrange the review and gather the views


def review_status(due: date | None, as_of: date, *, approved: bool) -> HouseholdStatus:
    """How a household's next review stands: overdue from the day after its due date, due soon
    within six weeks, else on track. A household no longer approved has no review due."""
    if not approved or due is None:
        return HouseholdStatus.NOT_APPROVED
    if due < as_of:
        return HouseholdStatus.OVERDUE
    if (due - as_of).days <= DUE_SOON_DAYS:
        return HouseholdStatus.DUE_SOON
    return HouseholdStatus.ON_TRACK


def first_review_problem(held_on: date, approved_on: date, today: date) -> str | None:
    """Why a review date cannot be right: before approval, or in the future."""
    if held_on < approved_on:
        return "Date of review must be the same as or after the approval date"
    if held_on > today:
        return "Date of review must be today or in the past"
    return None


# --- supervision orders -------------------------------------------------------------------------

MAX_ORDER_MONTHS = 36  # Children Act 1989, Sch. 3 para 6: one year, extendable to three in all


def order_ends_on(made_on: date, months: int) -> date:
    """A supervision order "for a period of [n] months beginning with the date on which it was
    made" ends the day before the same date `months` later (clamped to the month's end)."""
    return add_months(made_on, months) - timedelta(days=1)


class OrderStatus(StrEnum):
    AWAITING_FIRST_REVIEW = "awaiting_first_review"
    FIRST_REVIEW_HELD = "first_review_held"
    ORDER_ENDED = "order_ended"


def order_status(ends_on: date, reviews_held: int, as_of: date) -> OrderStatus:
    """Where an order stands: ended after its last day; else waiting for, or past, the first
    review the IRO chairs."""
    if as_of > ends_on:
        return OrderStatus.ORDER_ENDED
    if reviews_held == 0:
        return OrderStatus.AWAITING_FIRST_REVIEW
    return OrderStatus.FIRST_REVIEW_HELD


def order_review_problem(held_on: date, made_on: date, ends_on: date, today: date) -> str | None:
    """Why a supervision order review date cannot be right."""
    if held_on < made_on:
        return "Date of review must be the same as or after the date the order was made"
    if held_on > ends_on:
        return "Date of review must be the same as or before the date the order ends"
    if held_on > today:
        return "Date of review must be today or in the past"
    return None
