"""The statutory review timetable and the deadlines around a review (domain.md section 3).

Plain functions on dates; the council's timescales arrive as a ``ReviewTimescales`` value and its
closure days as a ``WorkingDayCalendar``, so nothing here reads settings or the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Literal

from iro.timetable.calendar import WorkingDayCalendar, add_months
from iro.timetable.dates import format_date

__all__ = [
    "DEFAULT_TIMESCALES",
    "DeadlineStatus",
    "NextReview",
    "PeriodTimetable",
    "ReviewStatus",
    "ReviewTimescales",
    "care_plan_update_due",
    "convening_request_due",
    "deadline_status",
    "first_review_due",
    "held_review_timing",
    "in_timescale",
    "iro_allocation_due",
    "later_review_due",
    "minutes_distributed_due",
    "minutes_written_due",
    "next_review",
    "next_review_after",
    "notification_due",
    "period_timetable",
    "recommendations_due",
    "reports_due",
    "review_due_for",
    "review_status",
    "second_review_due",
]


@dataclass(frozen=True)
class ReviewTimescales:
    """A council's timescales; the defaults are the statutory and good-practice ones."""

    notification_working_days: int = 2
    iro_allocation_working_days: int = 5
    first_review_working_days: int = 20
    second_review_months: int = 3
    later_review_months: int = 6
    short_break_first_review_months: int = 3
    short_break_later_review_months: int = 6
    due_soon_working_days: int = 10
    convening_request_working_days_before: int = 10
    reports_working_days_before: int = 3
    recommendations_working_days: int = 5
    minutes_written_working_days: int = 20
    minutes_distributed_working_days: int = 20
    care_plan_update_working_days: int = 10


DEFAULT_TIMESCALES = ReviewTimescales()


def _plural(n: int, unit: str) -> str:
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"


# --- Deadlines from the start of a period of care --------------------------------------------


def notification_due(
    period_start: date,
    *,
    calendar: WorkingDayCalendar,
    timescales: ReviewTimescales = DEFAULT_TIMESCALES,
) -> date:
    """When the IRO service should have been told about a new child in care."""
    return calendar.add_working_days(period_start, timescales.notification_working_days)


def iro_allocation_due(
    period_start: date,
    *,
    calendar: WorkingDayCalendar,
    timescales: ReviewTimescales = DEFAULT_TIMESCALES,
) -> date:
    """When an IRO should be allocated: Handbook good practice (the law says before review 1)."""
    return calendar.add_working_days(period_start, timescales.iro_allocation_working_days)


def first_review_due(
    period_start: date,
    *,
    calendar: WorkingDayCalendar,
    timescales: ReviewTimescales = DEFAULT_TIMESCALES,
) -> date:
    """Review 1: 20 working days after the period of care starts."""
    return calendar.add_working_days(period_start, timescales.first_review_working_days)


def second_review_due(
    first_review_held: date, *, timescales: ReviewTimescales = DEFAULT_TIMESCALES
) -> date:
    """Review 2: 3 months after review 1 was held (not after it was due)."""
    return add_months(first_review_held, timescales.second_review_months)


def later_review_due(
    previous_review_held: date, *, timescales: ReviewTimescales = DEFAULT_TIMESCALES
) -> date:
    """Review 3 onwards: 6 months after the previous review was held."""
    return add_months(previous_review_held, timescales.later_review_months)


# --- Deadlines around one review ---------------------------------------------------------------


def convening_request_due(
    review_date: date,
    *,
    calendar: WorkingDayCalendar,
    timescales: ReviewTimescales = DEFAULT_TIMESCALES,
) -> date:
    """Latest day for the social worker's convening request: 10 working days before."""
    return calendar.add_working_days(review_date, -timescales.convening_request_working_days_before)


def reports_due(
    review_date: date,
    *,
    calendar: WorkingDayCalendar,
    timescales: ReviewTimescales = DEFAULT_TIMESCALES,
) -> date:
    """Latest day for the care plan and reports to reach the IRO: 3 working days before."""
    return calendar.add_working_days(review_date, -timescales.reports_working_days_before)


def recommendations_due(
    review_held: date,
    *,
    calendar: WorkingDayCalendar,
    timescales: ReviewTimescales = DEFAULT_TIMESCALES,
) -> date:
    """Decisions and recommendations issued: 5 working days after the review."""
    return calendar.add_working_days(review_held, timescales.recommendations_working_days)


def minutes_written_due(
    review_held: date,
    *,
    calendar: WorkingDayCalendar,
    timescales: ReviewTimescales = DEFAULT_TIMESCALES,
) -> date:
    """Minutes (the letter to the child) written: 20 working days after the review."""
    return calendar.add_working_days(review_held, timescales.minutes_written_working_days)


def minutes_distributed_due(
    review_held: date,
    *,
    calendar: WorkingDayCalendar,
    timescales: ReviewTimescales = DEFAULT_TIMESCALES,
) -> date:
    """Minutes distributed: 20 working days after the review."""
    return calendar.add_working_days(review_held, timescales.minutes_distributed_working_days)


def care_plan_update_due(
    review_held: date,
    *,
    calendar: WorkingDayCalendar,
    timescales: ReviewTimescales = DEFAULT_TIMESCALES,
) -> date:
    """Care plan updated after the review: 10 working days after it."""
    return calendar.add_working_days(review_held, timescales.care_plan_update_working_days)


# --- Which review is next, and when ------------------------------------------------------------


@dataclass(frozen=True)
class NextReview:
    """The next review in a period of care.

    ``number`` is None when the period started before the data does, so the count is unknown;
    ``due`` is None when there is not enough data to say; ``basis`` says why, in one line.
    """

    number: int | None
    due: date | None
    basis: str


def review_due_for(
    number: int,
    *,
    period_start: date | None,
    previous_held: date | None,
    short_breaks_only: bool = False,
    calendar: WorkingDayCalendar,
    timescales: ReviewTimescales = DEFAULT_TIMESCALES,
) -> date:
    """When review ``number`` of a period of care was due, to judge whether it was in time.

    Review 1 counts from ``period_start``; later ones from the date the previous review was held.
    Raises ValueError when the date it counts from is missing.
    """
    if number < 1:
        raise ValueError(f"Review numbers start at 1, not {number}")
    if number == 1:
        if period_start is None:
            raise ValueError("Review 1 is due from the start of the period of care")
        if short_breaks_only:
            return add_months(period_start, timescales.short_break_first_review_months)
        return first_review_due(period_start, calendar=calendar, timescales=timescales)
    if previous_held is None:
        raise ValueError(f"Review {number} is due from the date review {number - 1} was held")
    if short_breaks_only:
        return add_months(previous_held, timescales.short_break_later_review_months)
    if number == 2:
        return second_review_due(previous_held, timescales=timescales)
    return later_review_due(previous_held, timescales=timescales)


def held_review_timing(
    position: int,
    *,
    period_start: date | None,
    start_known: bool = True,
    previous_held: date | None,
    short_breaks_only: bool = False,
    calendar: WorkingDayCalendar,
    timescales: ReviewTimescales = DEFAULT_TIMESCALES,
) -> tuple[int | None, date | None]:
    """The number and due date of the held review at ``position`` (1 for the first held) in a
    period of care. When the period began before the data the number is unknown and the review is
    a later review counted from the one before (the first known review's due date is unknown)."""
    if start_known and period_start is not None:
        return position, review_due_for(
            position,
            period_start=period_start,
            previous_held=previous_held,
            short_breaks_only=short_breaks_only,
            calendar=calendar,
            timescales=timescales,
        )
    if previous_held is None:
        return None, None
    months = (
        timescales.short_break_later_review_months
        if short_breaks_only
        else timescales.later_review_months
    )
    return None, add_months(previous_held, months)


def next_review_after(
    *,
    period_start: date | None,
    reviews_held: int,
    last_held: date | None,
    short_breaks_only: bool = False,
    start_known: bool = True,
    calendar: WorkingDayCalendar,
    timescales: ReviewTimescales = DEFAULT_TIMESCALES,
) -> NextReview:
    """The next review of a period of care from how many reviews were held and the last one:
    the one rule for the schedule, the synthetic service and the scorecard."""
    if not start_known or period_start is None:
        return _next_review_unknown_start(last_held, short_breaks_only, timescales)
    number = reviews_held + 1
    previous = last_held if reviews_held else None
    due = review_due_for(
        number,
        period_start=period_start,
        previous_held=previous,
        short_breaks_only=short_breaks_only,
        calendar=calendar,
        timescales=timescales,
    )
    if previous is None:
        if short_breaks_only:
            months = _plural(timescales.short_break_first_review_months, "month")
            basis = f"{months} after the first short break started on {format_date(period_start)}"
        else:
            days = _plural(timescales.first_review_working_days, "working day")
            basis = f"{days} after coming into care on {format_date(period_start)}"
    else:
        if short_breaks_only:
            months_count = timescales.short_break_later_review_months
        elif number == 2:
            months_count = timescales.second_review_months
        else:
            months_count = timescales.later_review_months
        months = _plural(months_count, "month")
        basis = f"{months} after review {number - 1} held on {format_date(previous)}"
    return NextReview(number=number, due=due, basis=basis)


def next_review(
    *,
    period_start: date | None,
    held_reviews: Sequence[date],
    short_breaks_only: bool = False,
    start_known: bool = True,
    calendar: WorkingDayCalendar,
    timescales: ReviewTimescales = DEFAULT_TIMESCALES,
) -> NextReview:
    """The next review of the current period of care: its number, due date and why.

    ``held_reviews`` are the dates of reviews held (not cancelled or adjourned) in this period of
    care, in any order. When the period began before the data starts (``start_known=False``, or
    no ``period_start``) the number is unknown and the next review is a later review counted from
    the last known one.
    """
    held = sorted(held_reviews)
    return next_review_after(
        period_start=period_start,
        reviews_held=len(held),
        last_held=held[-1] if held else None,
        short_breaks_only=short_breaks_only,
        start_known=start_known,
        calendar=calendar,
        timescales=timescales,
    )


def _next_review_unknown_start(
    last: date | None, short_breaks_only: bool, timescales: ReviewTimescales
) -> NextReview:
    if last is None:
        return NextReview(number=None, due=None, basis="Last review date needed")
    months_count = (
        timescales.short_break_later_review_months
        if short_breaks_only
        else timescales.later_review_months
    )
    months = _plural(months_count, "month")
    return NextReview(
        number=None,
        due=add_months(last, months_count),
        basis=f"{months} after the last known review on {format_date(last)}",
    )


@dataclass(frozen=True)
class PeriodTimetable:
    """What is stored on a period of care from its dates and its held reviews."""

    reviews_held: int
    last_review_date: date | None
    next: NextReview
    iro_allocation_due: date | None
    # When the IRO service should have been told of the new period (unknown before the data).
    notification_due: date | None = None
    # When the child has left care: the review that was next when they left, and its due date
    # (kept so a past day's "overdue" can still be read after the period closed).
    due_when_left: date | None = None


def period_timetable(
    *,
    period_start: date | None,
    start_known: bool,
    end_date: date | None,
    held_reviews: Sequence[date],
    short_breaks_only: bool = False,
    calendar: WorkingDayCalendar,
    timescales: ReviewTimescales = DEFAULT_TIMESCALES,
) -> PeriodTimetable:
    """A period's stored timetable: reviews held, the last, the next review (none once the child
    has left care) and when the IRO service should have been told and an IRO allocated (both
    unknown before the data)."""
    held = sorted(held_reviews)
    upcoming = next_review(
        period_start=period_start,
        held_reviews=held,
        short_breaks_only=short_breaks_only,
        start_known=start_known,
        calendar=calendar,
        timescales=timescales,
    )
    due_when_left = None
    if end_date is not None:
        due_when_left = upcoming.due
        upcoming = NextReview(number=None, due=None, basis="Left care")
    known_start = period_start if start_known else None
    return PeriodTimetable(
        reviews_held=len(held),
        last_review_date=held[-1] if held else None,
        next=NextReview(upcoming.number, upcoming.due, upcoming.basis[:200]),
        iro_allocation_due=(
            iro_allocation_due(known_start, calendar=calendar, timescales=timescales)
            if known_start is not None
            else None
        ),
        due_when_left=due_when_left,
        notification_due=(
            notification_due(known_start, calendar=calendar, timescales=timescales)
            if known_start is not None
            else None
        ),
    )


# --- Timeliness and status ---------------------------------------------------------------------


def in_timescale(held: date, due: date | None) -> bool | None:
    """Whether a review (or any event) happened on or before its due date; None if due unknown."""
    if due is None:
        return None
    return held <= due


class ReviewStatus(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    ON_TRACK = "on_track"
    NO_IRO = "no_iro"


def _is_soon(due: date, as_of: date, soon_working_days: int, calendar: WorkingDayCalendar) -> bool:
    return due <= calendar.add_working_days(as_of, soon_working_days)


def review_status(
    due: date | None,
    as_of: date,
    *,
    has_iro: bool,
    calendar: WorkingDayCalendar,
    timescales: ReviewTimescales = DEFAULT_TIMESCALES,
) -> ReviewStatus:
    """How a child's next review stands on ``as_of``.

    - NO_IRO when no IRO is allocated: that comes first, as nobody can convene the review.
    - OVERDUE from the day after the due date; the due date itself is still in time.
    - DUE_SOON when due within ``due_soon_working_days`` working days of ``as_of``, and also
      when the due date is unknown (``due is None``, "last review date needed"): the missing date
      needs someone's attention soon, but nothing is shown as late without a date that has passed.
    - ON_TRACK otherwise.
    """
    if not has_iro:
        return ReviewStatus.NO_IRO
    if due is None:
        return ReviewStatus.DUE_SOON
    if due < as_of:
        return ReviewStatus.OVERDUE
    if _is_soon(due, as_of, timescales.due_soon_working_days, calendar):
        return ReviewStatus.DUE_SOON
    return ReviewStatus.ON_TRACK


DeadlineStatus = Literal["done_in_time", "done_late", "overdue", "due_soon", "not_due"]


def deadline_status(
    due: date,
    as_of: date,
    done_on: date | None,
    *,
    calendar: WorkingDayCalendar,
    soon_working_days: int = 5,
) -> DeadlineStatus:
    """How any deadline stands (minutes, recommendations, dispute responses).

    Done on or before the due date is in time, whatever ``as_of`` is. Not done: overdue from the
    day after the due date, due soon within ``soon_working_days`` working days, else not due.
    """
    if done_on is not None:
        return "done_in_time" if done_on <= due else "done_late"
    if due < as_of:
        return "overdue"
    if _is_soon(due, as_of, soon_working_days, calendar):
        return "due_soon"
    return "not_due"
