"""The child protection conference timetable: worked examples to the working day."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iro.timetable.calendar import WorkingDayCalendar, add_months, default_calendar
from iro.timetable.conferences import (
    ConferenceTimescales,
    initial_conference_due,
    long_plan_from,
    next_review_conference,
    plan_timetable,
    review_conference_due,
)

CAL = default_calendar()


@pytest.mark.parametrize(
    ("strategy_discussion", "due", "why"),
    [
        # Christmas 2026 falls on a Friday: 25 and 28 December and 1 January 2027 are closed.
        (date(2026, 12, 14), date(2027, 1, 7), "skips 25, 28 Dec 2026 and 1 Jan 2027"),
        (date(2026, 12, 18), date(2027, 1, 13), "a Friday start across Christmas"),
        (date(2026, 12, 21), date(2027, 1, 14), "the week before Christmas"),
        # Christmas 2025 on a Thursday: 25, 26 December and 1 January 2026.
        (date(2025, 12, 22), date(2026, 1, 15), "skips 25, 26 Dec 2025 and 1 Jan 2026"),
        # Easter 2027: Good Friday 26 March, Easter Monday 29 March.
        (date(2027, 3, 19), date(2027, 4, 13), "skips Good Friday and Easter Monday 2027"),
        (date(2027, 3, 26), date(2027, 4, 19), "a strategy discussion on Good Friday itself"),
        (date(2026, 11, 23), date(2026, 12, 14), "no holiday: three weeks to the day"),
        # The Platinum Jubilee (2 and 3 June 2022).
        (date(2022, 5, 25), date(2022, 6, 17), "skips the Platinum Jubilee"),
    ],
)
def test_initial_conference_due_15_working_days_after_the_strategy_discussion(
    strategy_discussion: date, due: date, why: str
) -> None:
    assert initial_conference_due(strategy_discussion, calendar=CAL) == due, why


def test_initial_conference_due_moves_with_a_closure_day_the_administrator_adds() -> None:
    closed = WorkingDayCalendar(extra_closures=[date(2026, 12, 1)])
    assert initial_conference_due(date(2026, 11, 23), calendar=closed) == date(2026, 12, 15)


def test_initial_conference_due_moves_back_when_a_listed_day_is_removed() -> None:
    opened = WorkingDayCalendar(removed_closures=[date(2026, 12, 28)])
    assert initial_conference_due(date(2026, 12, 14), calendar=opened) == date(2027, 1, 6)


@pytest.mark.parametrize(
    ("number", "previous", "due"),
    [
        (1, date(2027, 1, 31), date(2027, 4, 30)),  # 31 January + 3 months: clamped to 30 April
        (1, date(2023, 11, 30), date(2024, 2, 29)),  # into a leap February
        (1, date(2026, 11, 30), date(2027, 2, 28)),
        (2, date(2023, 8, 31), date(2024, 2, 29)),  # 31 August + 6 months, leap year
        (2, date(2026, 8, 31), date(2027, 2, 28)),
        (3, date(2022, 2, 28), date(2022, 8, 28)),
        (2, date(2026, 12, 31), date(2027, 6, 30)),
    ],
)
def test_review_conference_due_by_calendar_months(number: int, previous: date, due: date) -> None:
    assert review_conference_due(number, previous) == due


def test_review_conference_numbers_start_at_1() -> None:
    with pytest.raises(ValueError, match="numbered from 1"):
        review_conference_due(0, date(2026, 1, 1))


def test_next_review_conference_counts_from_the_dates_held_not_due() -> None:
    # ICPC 31 January 2027 → first RCPC due 30 April; held early on 20 April → next due
    # 6 months after 20 April, not after 30 April.
    first = next_review_conference(plan_start=date(2027, 1, 31), reviews_held=[])
    assert (first.number, first.due) == (1, date(2027, 4, 30))
    assert first.basis == "3 months after the initial conference on 31 January 2027"
    second = next_review_conference(plan_start=date(2027, 1, 31), reviews_held=[date(2027, 4, 20)])
    assert (second.number, second.due) == (2, date(2027, 10, 20))
    assert second.basis == "6 months after review conference 1 on 20 April 2027"


def test_no_next_conference_once_the_plan_has_ended() -> None:
    ended = next_review_conference(
        plan_start=date(2026, 1, 5), reviews_held=[date(2026, 4, 1)], plan_end=date(2026, 9, 1)
    )
    assert (ended.number, ended.due, ended.basis) == (None, None, "Plan ended")


def test_plan_timetable_gives_each_held_review_its_due_date() -> None:
    timetable = plan_timetable(
        plan_start=date(2026, 8, 31),
        reviews_held=[date(2026, 12, 1), date(2026, 11, 30)],  # any order
    )
    # 1st: 3 months from 31 Aug = 30 Nov (held 30 Nov, in time); 2nd: 6 months after 30 Nov.
    assert timetable.review_due_dates == (date(2026, 11, 30), date(2027, 5, 30))
    assert timetable.next.due == add_months(date(2026, 12, 1), 6)
    assert timetable.long_plan_from == date(2028, 8, 31)


def test_long_plan_from_two_years_clamped_to_month_end() -> None:
    assert long_plan_from(date(2024, 2, 29)) == date(2026, 2, 28)


def test_timescales_are_a_value_a_council_can_vary() -> None:
    shorter = ConferenceTimescales(initial_conference_working_days=10)
    assert initial_conference_due(date(2026, 11, 23), calendar=CAL, timescales=shorter) == date(
        2026, 12, 7
    )


@settings(deadline=None)
@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)))
def test_initial_conference_due_is_a_working_day_exactly_15_working_days_on(day: date) -> None:
    due = initial_conference_due(day, calendar=CAL)
    assert CAL.is_working_day(due)
    assert CAL.working_days_between(day, due) == 15
