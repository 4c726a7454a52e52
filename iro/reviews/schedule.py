"""Derive and store each period of care's review timetable from the pure rules.

Called whenever an input changes — a review recorded or imported, an episode imported, a closure
day added (`recompute_timetable`) — so that pages sort and filter by stored due dates in SQL.
Works in batches: a constant number of queries however many periods it refreshes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db import transaction

from iro.children.models import PeriodOfCare
from iro.core.bulk import update_rows
from iro.core.council import review_timescales, working_day_calendar
from iro.timetable import reviews as rules
from iro.timetable.calendar import WorkingDayCalendar

from .models import Review

_BATCH = 2000
_PERIOD_FIELDS = (
    "reviews_held",
    "last_review_date",
    "next_review_number",
    "next_review_due",
    "next_review_basis",
    "iro_allocation_due",
)
_REVIEW_FIELDS = (
    "number",
    "due_date",
    "in_timescale",
    "recommendations_due",
    "minutes_written_due",
    "minutes_distributed_due",
)


@transaction.atomic
def schedule_refresh(
    period_ids: Iterable[int] | None = None,
    *,
    calendar: WorkingDayCalendar | None = None,
    timescales: rules.ReviewTimescales | None = None,
) -> int:
    """Recompute review numbers, due dates and timeliness for the given periods (all when None).
    Returns how many periods were refreshed."""
    calendar = calendar or working_day_calendar()
    timescales = timescales or review_timescales()
    ids = list(period_ids) if period_ids is not None else None
    if ids is None:
        ids = list(PeriodOfCare.objects.values_list("id", flat=True))
    refreshed = 0
    for start in range(0, len(ids), _BATCH):
        chunk = ids[start : start + _BATCH]
        refreshed += _refresh_chunk(chunk, calendar, timescales)
    return refreshed


def _refresh_chunk(
    ids: list[int], calendar: WorkingDayCalendar, timescales: rules.ReviewTimescales
) -> int:
    periods = list(PeriodOfCare.objects.filter(id__in=ids))
    held_by_period: dict[int, list[Review]] = defaultdict(list)
    for review in Review.objects.filter(period_id__in=ids, status=Review.Status.HELD).order_by(
        "held_on"
    ):
        held_by_period[review.period_id].append(review)

    changed_reviews: list[Review] = []
    changed_periods: list[PeriodOfCare] = []
    for period in periods:
        held = held_by_period.get(period.id, [])
        previous: date | None = None
        for index, review in enumerate(held):
            if period.start_known and period.start_date:
                number: int | None = index + 1
                due: date | None = rules.review_due_for(
                    index + 1,
                    period_start=period.start_date,
                    previous_held=previous,
                    short_breaks_only=period.short_breaks_only,
                    calendar=calendar,
                    timescales=timescales,
                )
            else:
                # Entered care before the data: later reviews of unknown number; the first known
                # review's timeliness is unknown.
                number = None
                due = rules.later_review_due(previous, timescales=timescales) if previous else None
            in_time = rules.in_timescale(review.held_on, due)
            after = _after_review_deadlines(review.held_on, calendar, timescales)
            if (review.number, review.due_date, review.in_timescale) != (
                number,
                due,
                in_time,
            ) or _stored_after(review) != after:
                review.number, review.due_date, review.in_timescale = number, due, in_time
                (
                    review.recommendations_due,
                    review.minutes_written_due,
                    review.minutes_distributed_due,
                ) = after
                changed_reviews.append(review)
            previous = review.held_on

        if period.end_date is not None:
            upcoming = rules.NextReview(number=None, due=None, basis="Left care")
        else:
            upcoming = rules.next_review(
                period_start=period.start_date,
                held_reviews=[r.held_on for r in held],
                short_breaks_only=period.short_breaks_only,
                start_known=period.start_known,
                calendar=calendar,
                timescales=timescales,
            )
        derived = (
            len(held),
            held[-1].held_on if held else None,
            upcoming.number,
            upcoming.due,
            upcoming.basis[:200],
            rules.iro_allocation_due(period.start_date, calendar=calendar, timescales=timescales)
            if period.start_known and period.start_date
            else None,
        )
        # Only rows whose derived values moved are written: a re-import touches few.
        if tuple(getattr(period, name) for name in _PERIOD_FIELDS) != derived:
            for name, value in zip(_PERIOD_FIELDS, derived, strict=True):
                setattr(period, name, value)
            changed_periods.append(period)
    update_rows(PeriodOfCare, changed_periods, list(_PERIOD_FIELDS))
    update_rows(Review, changed_reviews, list(_REVIEW_FIELDS))
    return len(periods)


def _after_review_deadlines(
    held: date, calendar: WorkingDayCalendar, timescales: rules.ReviewTimescales
) -> tuple[date, date, date]:
    """Recommendations issued (5 working days), letter written and distributed (20)."""
    return (
        rules.recommendations_due(held, calendar=calendar, timescales=timescales),
        rules.minutes_written_due(held, calendar=calendar, timescales=timescales),
        rules.minutes_distributed_due(held, calendar=calendar, timescales=timescales),
    )


def _stored_after(review: Review) -> tuple[date | None, date | None, date | None]:
    return (review.recommendations_due, review.minutes_written_due, review.minutes_distributed_due)


def convening_deadlines(
    proposed: date,
    *,
    calendar: WorkingDayCalendar | None = None,
    timescales: rules.ReviewTimescales | None = None,
) -> tuple[date, date]:
    """The social worker's convening request (10 working days before) and the care plan and
    reports (3 working days before) for a review on ``proposed``."""
    calendar = calendar or working_day_calendar()
    timescales = timescales or review_timescales()
    return (
        rules.convening_request_due(proposed, calendar=calendar, timescales=timescales),
        rules.reports_due(proposed, calendar=calendar, timescales=timescales),
    )


def convening_refresh(
    *,
    calendar: WorkingDayCalendar | None = None,
    timescales: rules.ReviewTimescales | None = None,
) -> int:
    """Recompute the stored deadlines of every review still being arranged."""
    from .models import Convening

    calendar = calendar or working_day_calendar()
    timescales = timescales or review_timescales()
    changed = []
    for convening in Convening.objects.filter(status=Convening.Status.ARRANGING):
        request_due, reports = convening_deadlines(
            convening.proposed_date, calendar=calendar, timescales=timescales
        )
        if (convening.convening_request_due, convening.reports_due) != (request_due, reports):
            convening.convening_request_due, convening.reports_due = request_due, reports
            changed.append(convening)
    Convening.objects.bulk_update(changed, ["convening_request_due", "reports_due"], batch_size=500)
    return len(changed)
