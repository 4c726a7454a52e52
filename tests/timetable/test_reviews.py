"""The statutory review timetable and the deadlines around a review (domain.md section 3)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iro.timetable.calendar import WorkingDayCalendar, add_months, default_calendar
from iro.timetable.dates import format_date
from iro.timetable.reviews import (
    NextReview,
    ReviewStatus,
    ReviewTimescales,
    care_plan_update_due,
    convening_request_due,
    deadline_status,
    first_review_due,
    in_timescale,
    iro_allocation_due,
    later_review_due,
    minutes_distributed_due,
    minutes_written_due,
    next_review,
    notification_due,
    period_timetable,
    recommendations_due,
    reports_due,
    review_due_for,
    review_status,
    second_review_due,
)

CAL = default_calendar()
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))
property_settings = settings(deadline=None)


# --- Deadlines from the start of a period of care ---------------------------------------------


@pytest.mark.parametrize(
    ("period_start", "due"),
    [
        pytest.param(date(2022, 5, 25), date(2022, 6, 24), id="platinum-jubilee"),
        pytest.param(date(2022, 9, 12), date(2022, 10, 11), id="state-funeral"),
        pytest.param(date(2021, 12, 20), date(2022, 1, 20), id="christmas-and-new-year"),
        pytest.param(date(2023, 4, 28), date(2023, 5, 31), id="may-2023-bank-holidays"),
        pytest.param(date(2025, 12, 1), date(2025, 12, 31), id="christmas-2025"),
    ],
)
def test_first_review_due_twenty_working_days_after_care_starts(
    period_start: date, due: date
) -> None:
    assert first_review_due(period_start, calendar=CAL) == due


def test_first_review_due_skips_platinum_jubilee() -> None:
    assert first_review_due(date(2022, 5, 25), calendar=CAL) == date(2022, 6, 24)


def test_first_review_due_uses_the_administrators_extra_closure_days() -> None:
    calendar = WorkingDayCalendar(extra_closures=[date(2025, 12, 10)])
    assert first_review_due(date(2025, 12, 1), calendar=calendar) == date(2026, 1, 2)


def test_first_review_due_follows_a_councils_own_timescale() -> None:
    timescales = ReviewTimescales(first_review_working_days=15)
    assert first_review_due(date(2022, 5, 25), calendar=CAL, timescales=timescales) == date(
        2022, 6, 17
    )


WORKING_DAY_DEADLINES = [
    pytest.param(notification_due, date(2022, 6, 1), date(2022, 6, 7), id="notified-2-wd-jubilee"),
    pytest.param(iro_allocation_due, date(2022, 6, 1), date(2022, 6, 10), id="iro-5-wd-jubilee"),
    pytest.param(
        convening_request_due,
        date(2022, 9, 30),
        date(2022, 9, 15),
        id="convene-10-wd-before-funeral",
    ),
    pytest.param(
        convening_request_due, date(2022, 10, 11), date(2022, 9, 27), id="convene-10-wd-before"
    ),
    pytest.param(
        reports_due, date(2022, 6, 6), date(2022, 5, 30), id="reports-3-wd-before-jubilee"
    ),
    pytest.param(
        recommendations_due,
        date(2023, 5, 5),
        date(2023, 5, 15),
        id="recommendations-5-wd-coronation",
    ),
    pytest.param(
        minutes_written_due,
        date(2022, 9, 12),
        date(2022, 10, 11),
        id="minutes-written-20-wd-funeral",
    ),
    pytest.param(
        minutes_distributed_due,
        date(2022, 9, 12),
        date(2022, 10, 11),
        id="minutes-sent-20-wd-funeral",
    ),
    pytest.param(
        care_plan_update_due, date(2022, 9, 12), date(2022, 9, 27), id="care-plan-10-wd-funeral"
    ),
]


@pytest.mark.parametrize(("deadline", "start", "due"), WORKING_DAY_DEADLINES)
def test_working_day_deadlines_skip_bank_holidays(
    deadline: Callable[..., date], start: date, due: date
) -> None:
    assert deadline(start, calendar=CAL) == due


MONTH_DEADLINES = [
    pytest.param(second_review_due, date(2023, 11, 30), date(2024, 2, 29), id="2nd-leap-february"),
    pytest.param(
        second_review_due, date(2023, 1, 31), date(2023, 4, 30), id="2nd-31-jan-to-30-apr"
    ),
    pytest.param(
        later_review_due, date(2023, 8, 31), date(2024, 2, 29), id="later-clamped-leap-feb"
    ),
    pytest.param(later_review_due, date(2022, 2, 28), date(2022, 8, 28), id="later-keeps-28th"),
]


@pytest.mark.parametrize(("deadline", "held", "due"), MONTH_DEADLINES)
def test_second_and_later_reviews_are_calendar_months_after_the_date_held(
    deadline: Callable[[date], date], held: date, due: date
) -> None:
    assert deadline(held) == due


def test_around_review_deadlines_follow_council_timescales() -> None:
    timescales = ReviewTimescales(
        convening_request_working_days_before=15,
        reports_working_days_before=5,
        recommendations_working_days=1,
        minutes_written_working_days=10,
        minutes_distributed_working_days=15,
        care_plan_update_working_days=5,
    )
    review = date(2024, 6, 14)  # a Friday in a month with no bank holidays
    results = [
        due(review, calendar=CAL, timescales=timescales)
        for due in (
            convening_request_due,
            reports_due,
            recommendations_due,
            minutes_written_due,
            minutes_distributed_due,
            care_plan_update_due,
        )
    ]
    assert results == [
        date(2024, 5, 23),  # 15 working days before, skipping the spring bank holiday
        date(2024, 6, 7),
        date(2024, 6, 17),
        date(2024, 6, 28),
        date(2024, 7, 5),
        date(2024, 6, 21),
    ]


def test_review_timescales_are_frozen_with_statutory_defaults() -> None:
    timescales = ReviewTimescales()
    assert (timescales.first_review_working_days, timescales.second_review_months) == (20, 3)
    assert timescales.later_review_months == 6
    with pytest.raises(dataclasses.FrozenInstanceError):
        timescales.later_review_months = 5  # type: ignore[misc]


# --- Which review is next -----------------------------------------------------------------------

START = date(2022, 5, 25)

CADENCE = [
    pytest.param(
        [],
        NextReview(1, date(2022, 6, 24), "20 working days after coming into care on 25 May 2022"),
        id="no-review-yet-first-in-20-working-days",
    ),
    pytest.param(
        [date(2022, 6, 24)],
        NextReview(2, date(2022, 9, 24), "3 months after review 1 held on 24 June 2022"),
        id="second-three-months-after-first",
    ),
    pytest.param(
        [date(2022, 6, 30)],
        NextReview(2, date(2022, 9, 30), "3 months after review 1 held on 30 June 2022"),
        id="late-first-review-moves-second-from-date-held",
    ),
    pytest.param(
        [date(2022, 6, 24), date(2022, 9, 20)],
        NextReview(3, date(2023, 3, 20), "6 months after review 2 held on 20 September 2022"),
        id="third-six-months-after-second",
    ),
    pytest.param(
        [date(2022, 6, 24), date(2022, 8, 1)],
        NextReview(3, date(2023, 2, 1), "6 months after review 2 held on 1 August 2022"),
        id="brought-forward-review-counts-from-date-held",
    ),
    pytest.param(
        [date(2023, 3, 14), date(2022, 6, 24), date(2022, 9, 20)],
        NextReview(4, date(2023, 9, 14), "6 months after review 3 held on 14 March 2023"),
        id="reviews-in-any-order",
    ),
]


@pytest.mark.parametrize(("held", "expected"), CADENCE)
def test_next_review_follows_first_second_and_later_cadence(
    held: list[date], expected: NextReview
) -> None:
    assert next_review(period_start=START, held_reviews=held, calendar=CAL) == expected


def test_new_period_of_care_restarts_numbering_and_twenty_working_day_clock() -> None:
    # The child's reviews from an earlier period are not passed: only this period's count.
    result = next_review(period_start=date(2022, 9, 12), held_reviews=[], calendar=CAL)
    assert result == NextReview(
        1, date(2022, 10, 11), "20 working days after coming into care on 12 September 2022"
    )


SHORT_BREAKS = [
    pytest.param(
        [],
        NextReview(
            1,
            date(2024, 2, 29),
            "3 months after the first short break started on 30 November 2023",
        ),
        id="first-three-months-after-first-short-break",
    ),
    pytest.param(
        [date(2024, 2, 28)],
        NextReview(2, date(2024, 8, 28), "6 months after review 1 held on 28 February 2024"),
        id="second-six-months-after-first",
    ),
    pytest.param(
        [date(2024, 2, 28), date(2024, 8, 20)],
        NextReview(3, date(2025, 2, 20), "6 months after review 2 held on 20 August 2024"),
        id="later-six-months-after-previous",
    ),
]


@pytest.mark.parametrize(("held", "expected"), SHORT_BREAKS)
def test_short_breaks_only_reviews_at_three_then_six_months(
    held: list[date], expected: NextReview
) -> None:
    result = next_review(
        period_start=date(2023, 11, 30),
        held_reviews=held,
        short_breaks_only=True,
        calendar=CAL,
    )
    assert result == expected


def test_unknown_start_counts_six_months_from_last_known_review_without_a_number() -> None:
    result = next_review(
        period_start=date(2022, 4, 1),
        held_reviews=[date(2023, 1, 10), date(2022, 7, 5)],
        start_known=False,
        calendar=CAL,
    )
    assert result == NextReview(
        None, date(2023, 7, 10), "6 months after the last known review on 10 January 2023"
    )


def test_unknown_start_without_a_known_review_needs_the_last_review_date() -> None:
    result = next_review(
        period_start=date(2022, 4, 1), held_reviews=[], start_known=False, calendar=CAL
    )
    assert result == NextReview(None, None, "Last review date needed")


def test_missing_period_start_is_treated_as_an_unknown_start() -> None:
    result = next_review(period_start=None, held_reviews=[date(2023, 8, 31)], calendar=CAL)
    assert result == NextReview(
        None, date(2024, 2, 29), "6 months after the last known review on 31 August 2023"
    )


def test_unknown_start_on_short_breaks_uses_short_break_later_timescale() -> None:
    timescales = ReviewTimescales(short_break_later_review_months=4)
    result = next_review(
        period_start=None,
        held_reviews=[date(2023, 1, 31)],
        short_breaks_only=True,
        calendar=CAL,
        timescales=timescales,
    )
    assert result == NextReview(
        None, date(2023, 5, 31), "4 months after the last known review on 31 January 2023"
    )


def test_next_review_basis_uses_council_timescales_and_singular_units() -> None:
    timescales = ReviewTimescales(first_review_working_days=1, second_review_months=1)
    first = next_review(
        period_start=date(2024, 6, 7), held_reviews=[], calendar=CAL, timescales=timescales
    )
    assert first == NextReview(
        1, date(2024, 6, 10), "1 working day after coming into care on 7 June 2024"
    )
    second = next_review(
        period_start=date(2024, 6, 7),
        held_reviews=[date(2024, 6, 10)],
        calendar=CAL,
        timescales=timescales,
    )
    assert second == NextReview(2, date(2024, 7, 10), "1 month after review 1 held on 10 June 2024")


# --- Due date of a given review, to judge a held one --------------------------------------------


@pytest.mark.parametrize(
    ("number", "previous", "short_breaks", "due"),
    [
        pytest.param(1, None, False, date(2022, 6, 24), id="first-from-period-start"),
        pytest.param(2, date(2022, 6, 24), False, date(2022, 9, 24), id="second-3-months"),
        pytest.param(3, date(2022, 9, 20), False, date(2023, 3, 20), id="third-6-months"),
        pytest.param(7, date(2023, 8, 31), False, date(2024, 2, 29), id="seventh-6-months"),
        pytest.param(1, None, True, date(2022, 8, 25), id="short-breaks-first-3-months"),
        pytest.param(2, date(2022, 8, 31), True, date(2023, 2, 28), id="short-breaks-second-6"),
    ],
)
def test_review_due_for_each_review_number(
    number: int, previous: date | None, short_breaks: bool, due: date
) -> None:
    result = review_due_for(
        number,
        period_start=START,
        previous_held=previous,
        short_breaks_only=short_breaks,
        calendar=CAL,
    )
    assert result == due


@pytest.mark.parametrize(
    ("number", "period_start", "previous"),
    [
        pytest.param(0, START, None, id="review-zero"),
        pytest.param(1, None, None, id="first-without-period-start"),
        pytest.param(2, START, None, id="second-without-first-held"),
    ],
)
def test_review_due_for_refuses_to_guess_without_the_date_it_counts_from(
    number: int, period_start: date | None, previous: date | None
) -> None:
    with pytest.raises(ValueError):
        review_due_for(number, period_start=period_start, previous_held=previous, calendar=CAL)


# --- Timeliness and status ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("held", "due", "expected"),
    [
        pytest.param(date(2022, 6, 24), date(2022, 6, 24), True, id="on-the-due-date-in-time"),
        pytest.param(date(2022, 6, 25), date(2022, 6, 24), False, id="day-after-is-late"),
        pytest.param(date(2022, 6, 1), date(2022, 6, 24), True, id="early-in-time"),
        pytest.param(date(2022, 6, 1), None, None, id="due-unknown"),
    ],
)
def test_in_timescale_means_held_on_or_before_due(
    held: date, due: date | None, expected: bool | None
) -> None:
    assert in_timescale(held, due) is expected


AS_OF = date(2024, 6, 3)  # Monday; 10 working days on is Monday 17 June 2024


@pytest.mark.parametrize(
    ("due", "as_of", "has_iro", "status"),
    [
        pytest.param(date(2024, 6, 2), AS_OF, True, ReviewStatus.OVERDUE, id="day-after-due"),
        pytest.param(AS_OF, AS_OF, True, ReviewStatus.DUE_SOON, id="due-today-not-overdue"),
        pytest.param(date(2024, 6, 17), AS_OF, True, ReviewStatus.DUE_SOON, id="10th-wd"),
        pytest.param(date(2024, 6, 18), AS_OF, True, ReviewStatus.ON_TRACK, id="11th-wd"),
        pytest.param(
            date(2025, 1, 8),
            date(2024, 12, 20),
            True,
            ReviewStatus.DUE_SOON,
            id="window-stretches-over-christmas",
        ),
        pytest.param(
            date(2025, 1, 9),
            date(2024, 12, 20),
            True,
            ReviewStatus.ON_TRACK,
            id="just-beyond-christmas-window",
        ),
        pytest.param(None, AS_OF, True, ReviewStatus.DUE_SOON, id="last-review-date-needed"),
        pytest.param(date(2024, 6, 2), AS_OF, False, ReviewStatus.NO_IRO, id="no-iro-first"),
        pytest.param(None, AS_OF, False, ReviewStatus.NO_IRO, id="no-iro-no-date"),
    ],
)
def test_review_status_boundaries(
    due: date | None, as_of: date, has_iro: bool, status: ReviewStatus
) -> None:
    assert review_status(due, as_of, has_iro=has_iro, calendar=CAL) is status


def test_review_status_due_soon_window_follows_council_setting() -> None:
    timescales = ReviewTimescales(due_soon_working_days=5)
    status = review_status(
        date(2024, 6, 11), AS_OF, has_iro=True, calendar=CAL, timescales=timescales
    )
    assert status is ReviewStatus.ON_TRACK


def test_review_status_values_are_plain_strings() -> None:
    assert isinstance(ReviewStatus.OVERDUE, str)
    assert ReviewStatus("overdue") is ReviewStatus.OVERDUE
    assert str(ReviewStatus.DUE_SOON) == "due_soon"
    assert {s.value for s in ReviewStatus} == {"overdue", "due_soon", "on_track", "no_iro"}


RECOMMENDATIONS_DUE = date(2023, 5, 15)  # 5 working days after Fri 5 May 2023


@pytest.mark.parametrize(
    ("as_of", "done_on", "status"),
    [
        pytest.param(date(2023, 6, 1), date(2023, 5, 15), "done_in_time", id="done-on-due-date"),
        pytest.param(date(2023, 6, 1), date(2023, 5, 16), "done_late", id="done-day-after"),
        pytest.param(date(2023, 5, 10), date(2023, 5, 9), "done_in_time", id="done-early"),
        pytest.param(date(2023, 5, 16), None, "overdue", id="not-done-day-after-due"),
        pytest.param(date(2023, 5, 15), None, "due_soon", id="not-done-on-due-date"),
        pytest.param(date(2023, 5, 5), None, "due_soon", id="5-wd-window-skips-coronation"),
        pytest.param(date(2023, 5, 4), None, "not_due", id="just-outside-window"),
    ],
)
def test_deadline_status_for_recommendations(
    as_of: date, done_on: date | None, status: str
) -> None:
    assert deadline_status(RECOMMENDATIONS_DUE, as_of, done_on, calendar=CAL) == status


def test_deadline_status_soon_window_is_configurable() -> None:
    due = date(2024, 6, 14)
    assert deadline_status(due, date(2024, 6, 13), None, calendar=CAL, soon_working_days=0) == (
        "not_due"
    )
    assert deadline_status(due, date(2024, 6, 13), None, calendar=CAL, soon_working_days=1) == (
        "due_soon"
    )


def test_format_date_has_no_leading_zero() -> None:
    assert format_date(date(2025, 3, 7)) == "7 March 2025"


# --- Properties ---------------------------------------------------------------------------------

held_lists = st.lists(dates, max_size=6)


@property_settings
@given(start=dates, held=held_lists, short_breaks=st.booleans())
def test_next_review_ignores_the_order_reviews_are_given_in(
    start: date, held: list[date], short_breaks: bool
) -> None:
    def run(reviews: list[date]) -> NextReview:
        return next_review(
            period_start=start, held_reviews=reviews, short_breaks_only=short_breaks, calendar=CAL
        )

    assert run(held) == run(list(reversed(held))) == run(sorted(held))


@property_settings
@given(start=dates, held=held_lists.filter(bool), short_breaks=st.booleans())
def test_next_review_after_a_held_review_counts_from_the_latest_held_date(
    start: date, held: list[date], short_breaks: bool
) -> None:
    result = next_review(
        period_start=start, held_reviews=held, short_breaks_only=short_breaks, calendar=CAL
    )
    assert result.number == len(held) + 1
    assert result.due is not None
    assert result.due > max(held)
    assert result.due == review_due_for(
        len(held) + 1,
        period_start=start,
        previous_held=max(held),
        short_breaks_only=short_breaks,
        calendar=CAL,
    )


@property_settings
@given(start=dates)
def test_first_review_is_due_on_a_working_day_about_four_weeks_after_care_starts(
    start: date,
) -> None:
    result = next_review(period_start=start, held_reviews=[], calendar=CAL)
    assert result.number == 1
    assert result.due is not None
    assert CAL.is_working_day(result.due)
    # 20 working days is 28 calendar days from a weekday, less from a weekend, more over holidays.
    assert start + timedelta(days=26) <= result.due <= start + timedelta(days=40)


@given(held=dates, short_breaks=st.booleans())
def test_unknown_start_is_six_months_after_last_known_review(
    held: date, short_breaks: bool
) -> None:
    result = next_review(
        period_start=None, held_reviews=[held], short_breaks_only=short_breaks, calendar=CAL
    )
    assert result.number is None
    assert result.due == add_months(held, 6)


@given(due=dates, days=st.integers(min_value=0, max_value=400))
def test_held_on_or_before_due_is_in_timescale_and_any_day_after_is_not(
    due: date, days: int
) -> None:
    assert in_timescale(due - timedelta(days=days), due) is True
    if days:
        assert in_timescale(due + timedelta(days=days), due) is False


@property_settings
@given(due=dates, as_of=dates)
def test_review_is_overdue_exactly_when_its_due_date_has_passed(due: date, as_of: date) -> None:
    status = review_status(due, as_of, has_iro=True, calendar=CAL)
    assert (status is ReviewStatus.OVERDUE) == (due < as_of)
    if status is ReviewStatus.ON_TRACK:
        assert due > CAL.add_working_days(as_of, ReviewTimescales().due_soon_working_days)


@property_settings
@given(due=dates, as_of=dates, done_on=st.none() | dates)
def test_deadline_done_on_or_before_due_is_in_time_whenever_asked(
    due: date, as_of: date, done_on: date | None
) -> None:
    status = deadline_status(due, as_of, done_on, calendar=CAL)
    if done_on is None:
        assert status in {"overdue", "due_soon", "not_due"}
        assert (status == "overdue") == (due < as_of)
    else:
        assert status == ("done_in_time" if done_on <= due else "done_late")


def test_a_period_that_ended_keeps_the_due_date_of_the_review_next_when_the_child_left() -> None:
    # Second review due 3 months after the first (20 June -> 20 September 2022), not held.
    common = {
        "period_start": date(2022, 6, 1),
        "start_known": True,
        "held_reviews": [date(2022, 6, 20)],
        "calendar": CAL,
    }
    open_period = period_timetable(end_date=None, **common)  # type: ignore[arg-type]
    ended = period_timetable(end_date=date(2022, 10, 31), **common)  # type: ignore[arg-type]
    assert open_period.next.due == date(2022, 9, 20) and open_period.due_when_left is None
    assert ended.next == NextReview(number=None, due=None, basis="Left care")
    assert ended.due_when_left == date(2022, 9, 20)
