"""Derive and store each period of care's review timetable from the pure rules.

Called whenever an input changes — a review recorded or imported, an episode imported, a closure
day added (`recompute_timetable`) — so that pages sort and filter by stored due dates in SQL.
Works in batches: a constant number of queries however many periods it refreshes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from types import SimpleNamespace
from typing import Any

from django.db import transaction

from iro.children.models import PeriodOfCare
from iro.core.bulk import update_rows
from iro.core.council import review_timescales, working_day_calendar
from iro.core.prepared import id_list, in_id_list, keyed_rows
from iro.timetable import reviews as rules
from iro.timetable.calendar import WorkingDayCalendar

from .models import Convening, Review

_BATCH = 2000
PERIOD_TIMETABLE_FIELDS = (
    "reviews_held",
    "last_review_date",
    "next_review_number",
    "next_review_due",
    "next_review_basis",
    "iro_allocation_due",
    "review_due_when_left",
    "iro_notification_due",
)
_PERIOD_INPUTS = ("start_date", "start_known", "end_date", "short_breaks_only")
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
    return timetable_refresh(period_ids, calendar=calendar, timescales=timescales)[0]


@transaction.atomic
def timetable_refresh(
    period_ids: Iterable[int] | None = None,
    *,
    calendar: WorkingDayCalendar | None = None,
    timescales: rules.ReviewTimescales | None = None,
) -> tuple[int, int]:
    """As `schedule_refresh`; returns (periods refreshed, period and review rows changed)."""
    calendar = calendar or working_day_calendar()
    timescales = timescales or review_timescales()
    ids = list(period_ids) if period_ids is not None else None
    if ids is None:
        ids = list(PeriodOfCare.objects.values_list("id", flat=True))
    refreshed = changed = 0
    for start in range(0, len(ids), _BATCH):
        chunk = ids[start : start + _BATCH]
        counts = _refresh_chunk(chunk, calendar, timescales)
        refreshed, changed = refreshed + counts[0], changed + counts[1]
    return refreshed, changed


def _refresh_chunk(
    ids: list[int], calendar: WorkingDayCalendar, timescales: rules.ReviewTimescales
) -> tuple[int, int]:
    # Plain rows, not model instances: building tens of thousands of models was most of the
    # time of a refresh after a large import. `update_rows` reads only attributes and `pk`.
    # Both statements compiled once (the writer runs for every change to a child), the ids one
    # value of each.
    given = id_list(ids)
    period_columns = ("id", *_PERIOD_INPUTS, *PERIOD_TIMETABLE_FIELDS)
    periods = [
        SimpleNamespace(pk=row[0], **dict(zip(period_columns, row, strict=True)))
        for row in keyed_rows(
            ("timetable", "periods"),
            lambda ids: PeriodOfCare.objects.filter(in_id_list("id", ids)).values_list(
                *period_columns
            ),
            ids=given,
        )
    ]
    review_columns = ("id", "period_id", "held_on", *_REVIEW_FIELDS)
    held_by_period: dict[int, list[Any]] = defaultdict(list)
    for row in keyed_rows(
        ("timetable", "held reviews"),
        lambda ids: (
            Review.objects.filter(in_id_list("period_id", ids), status=Review.Status.HELD)
            .order_by("held_on")
            .values_list(*review_columns)
        ),
        ids=given,
    ):
        review = SimpleNamespace(pk=row[0], **dict(zip(review_columns, row, strict=True)))
        held_by_period[review.period_id].append(review)

    changed_reviews: list[Any] = []
    changed_periods: list[Any] = []
    for period in periods:
        held = held_by_period.get(period.id, [])
        previous: date | None = None
        for index, review in enumerate(held):
            number, due = rules.held_review_timing(
                index + 1,
                period_start=period.start_date,
                start_known=period.start_known,
                previous_held=previous,
                short_breaks_only=period.short_breaks_only,
                calendar=calendar,
                timescales=timescales,
            )
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

        timetable = rules.period_timetable(
            period_start=period.start_date,
            start_known=period.start_known,
            end_date=period.end_date,
            held_reviews=[r.held_on for r in held],
            short_breaks_only=period.short_breaks_only,
            calendar=calendar,
            timescales=timescales,
        )
        derived = stored_timetable(timetable)
        # Only rows whose derived values moved are written: a re-import touches few.
        if tuple(getattr(period, name) for name in PERIOD_TIMETABLE_FIELDS) != derived:
            for name, value in zip(PERIOD_TIMETABLE_FIELDS, derived, strict=True):
                setattr(period, name, value)
            changed_periods.append(period)
    update_rows(PeriodOfCare, changed_periods, list(PERIOD_TIMETABLE_FIELDS))
    update_rows(Review, changed_reviews, list(_REVIEW_FIELDS))
    return len(periods), len(changed_periods) + len(changed_reviews)


def stored_timetable(timetable: rules.PeriodTimetable) -> tuple[Any, ...]:
    """The period's columns (`PERIOD_TIMETABLE_FIELDS`, in order) from its timetable."""
    return (
        timetable.reviews_held,
        timetable.last_review_date,
        timetable.next.number,
        timetable.next.due,
        timetable.next.basis,
        timetable.iro_allocation_due,
        timetable.due_when_left,
        timetable.notification_due,
    )


def _after_review_deadlines(
    held: date, calendar: WorkingDayCalendar, timescales: rules.ReviewTimescales
) -> tuple[date, date, date]:
    """Recommendations issued (5 working days), letter written and distributed (20)."""
    return (
        rules.recommendations_due(held, calendar=calendar, timescales=timescales),
        rules.minutes_written_due(held, calendar=calendar, timescales=timescales),
        rules.minutes_distributed_due(held, calendar=calendar, timescales=timescales),
    )


def _stored_after(review: Any) -> tuple[date | None, date | None, date | None]:
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
