"""Working days, bank holidays and calendar months (domain.md section 2)."""

from __future__ import annotations

import calendar as stdlib_calendar
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iro.timetable.calendar import WorkingDayCalendar, add_months, default_calendar

CAL = default_calendar()

# Inside the years the pinned holidays package is known to match GOV.UK, with room either side.
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))
# The package builds each year once; the first call for a year can be slower than hypothesis'
# default 200 ms deadline on a busy machine.
property_settings = settings(deadline=None)


# --- Worked examples from domain.md section 2 ----------------------------------------------------

WORKING_DAY_EXAMPLES = [
    pytest.param(date(2022, 5, 25), 20, date(2022, 6, 24), id="platinum-jubilee-2-3-jun-2022"),
    pytest.param(date(2022, 9, 12), 20, date(2022, 10, 11), id="state-funeral-19-sep-2022"),
    pytest.param(date(2021, 12, 20), 20, date(2022, 1, 20), id="christmas-2021-new-year-2022"),
    pytest.param(date(2023, 4, 28), 20, date(2023, 5, 31), id="three-may-2023-bank-holidays"),
    pytest.param(date(2025, 12, 1), 20, date(2025, 12, 31), id="christmas-2025"),
    pytest.param(date(2023, 5, 5), 5, date(2023, 5, 15), id="coronation-8-may-2023"),
]


@pytest.mark.parametrize(("start", "n", "due"), WORKING_DAY_EXAMPLES)
def test_add_working_days_matches_worked_examples(start: date, n: int, due: date) -> None:
    assert CAL.add_working_days(start, n) == due


@pytest.mark.parametrize(("start", "n", "due"), WORKING_DAY_EXAMPLES)
def test_working_days_between_counts_worked_examples(start: date, n: int, due: date) -> None:
    assert CAL.working_days_between(start, due) == n


@pytest.mark.parametrize(("start", "n", "due"), WORKING_DAY_EXAMPLES)
def test_negative_working_days_walk_back_over_the_same_bank_holidays(
    start: date, n: int, due: date
) -> None:
    # Every worked example starts on a working day, so walking back lands on it exactly.
    assert CAL.add_working_days(due, -n) == start
    assert CAL.working_days_between(due, start) == -n


MONTH_EXAMPLES = [
    pytest.param(date(2023, 11, 30), 3, date(2024, 2, 29), id="30-nov-2023-plus-3-leap-feb"),
    pytest.param(date(2023, 8, 31), 6, date(2024, 2, 29), id="31-aug-2023-plus-6-leap-feb"),
    pytest.param(date(2023, 1, 31), 3, date(2023, 4, 30), id="31-jan-plus-3-is-30-apr"),
    pytest.param(date(2024, 1, 31), 3, date(2024, 4, 30), id="31-jan-leap-year-plus-3"),
    pytest.param(date(2022, 2, 28), 6, date(2022, 8, 28), id="28-feb-keeps-its-day"),
    pytest.param(date(2023, 1, 31), 1, date(2023, 2, 28), id="31-jan-plus-1-non-leap"),
    pytest.param(date(2024, 1, 31), 1, date(2024, 2, 29), id="31-jan-plus-1-leap"),
    pytest.param(date(2023, 10, 15), 3, date(2024, 1, 15), id="crosses-year-end"),
    pytest.param(date(2023, 5, 31), -3, date(2023, 2, 28), id="negative-months-clamp-too"),
    pytest.param(date(2023, 5, 17), 0, date(2023, 5, 17), id="zero-months"),
    pytest.param(date(2023, 6, 30), 24, date(2025, 6, 30), id="two-years"),
]


@pytest.mark.parametrize(("start", "months", "due"), MONTH_EXAMPLES)
def test_add_months_clamps_to_month_end(start: date, months: int, due: date) -> None:
    assert add_months(start, months) == due


# --- Working days ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        pytest.param(date(2022, 6, 1), True, id="ordinary-wednesday"),
        pytest.param(date(2022, 6, 2), False, id="spring-bank-holiday-moved-2022"),
        pytest.param(date(2022, 6, 3), False, id="platinum-jubilee"),
        pytest.param(date(2022, 5, 30), True, id="usual-spring-bank-holiday-monday-worked-2022"),
        pytest.param(date(2022, 6, 4), False, id="saturday"),
        pytest.param(date(2022, 6, 5), False, id="sunday"),
        pytest.param(date(2021, 12, 27), False, id="christmas-substitute-monday"),
        pytest.param(date(2021, 12, 28), False, id="boxing-day-substitute-tuesday"),
        pytest.param(date(2022, 1, 3), False, id="new-year-substitute"),
        pytest.param(date(2023, 5, 8), False, id="coronation"),
        pytest.param(date(2026, 12, 28), False, id="boxing-day-2026-substitute"),
    ],
)
def test_is_working_day_knows_english_bank_holidays(day: date, working: bool) -> None:
    assert CAL.is_working_day(day) is working


def test_bank_holidays_are_only_weekdays_including_substitutes() -> None:
    assert CAL.bank_holidays(2021) == {
        date(2021, 1, 1),
        date(2021, 4, 2),
        date(2021, 4, 5),
        date(2021, 5, 3),
        date(2021, 5, 31),
        date(2021, 8, 30),
        date(2021, 12, 27),
        date(2021, 12, 28),
    }


def test_bank_holidays_2022_include_jubilee_and_state_funeral() -> None:
    assert CAL.bank_holidays(2022) == {
        date(2022, 1, 3),
        date(2022, 4, 15),
        date(2022, 4, 18),
        date(2022, 5, 2),
        date(2022, 6, 2),
        date(2022, 6, 3),
        date(2022, 8, 29),
        date(2022, 9, 19),
        date(2022, 12, 26),
        date(2022, 12, 27),
    }


def test_bank_holidays_returns_a_copy_the_caller_cannot_use_to_change_the_calendar() -> None:
    calendar = WorkingDayCalendar()
    calendar.bank_holidays(2023).add(date(2023, 3, 1))
    assert calendar.is_working_day(date(2023, 3, 1))


def test_zero_working_days_returns_the_start_even_on_a_weekend() -> None:
    saturday = date(2022, 6, 4)
    assert CAL.add_working_days(saturday, 0) == saturday


def test_one_working_day_after_friday_is_monday() -> None:
    assert CAL.add_working_days(date(2024, 3, 8), 1) == date(2024, 3, 11)


def test_one_working_day_after_a_weekend_start_is_the_next_working_day() -> None:
    # Saturday 1 Jun 2024 is day 0; Monday 3 Jun is the first working day after it.
    assert CAL.add_working_days(date(2024, 6, 1), 1) == date(2024, 6, 3)


def test_one_working_day_before_tuesday_after_easter_is_maundy_thursday() -> None:
    # Good Friday 29 Mar 2024 and Easter Monday 1 Apr 2024 are closed.
    assert CAL.add_working_days(date(2024, 4, 2), -1) == date(2024, 3, 28)


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        pytest.param(date(2024, 3, 8), date(2024, 3, 8), 0, id="same-day"),
        pytest.param(date(2024, 3, 8), date(2024, 3, 11), 1, id="friday-to-monday"),
        pytest.param(date(2024, 3, 8), date(2024, 3, 10), 0, id="friday-to-sunday"),
        pytest.param(date(2024, 3, 11), date(2024, 3, 8), -1, id="monday-back-to-friday"),
        pytest.param(date(2024, 3, 10), date(2024, 3, 8), -1, id="sunday-back-to-friday"),
        pytest.param(date(2021, 12, 24), date(2022, 1, 4), 4, id="across-christmas-and-new-year"),
        pytest.param(date(2022, 1, 1), date(2022, 12, 31), 250, id="whole-of-2022"),
    ],
)
def test_working_days_between_counts_days_after_start_up_to_end(
    start: date, end: date, count: int
) -> None:
    assert CAL.working_days_between(start, end) == count


# --- Administrator's closure days --------------------------------------------------------------


def test_extra_closure_day_is_not_a_working_day() -> None:
    closure = date(2024, 7, 10)
    calendar = WorkingDayCalendar(extra_closures=[closure])
    assert not calendar.is_working_day(closure)
    assert closure in calendar.bank_holidays(2024)
    assert CAL.is_working_day(closure)


def test_extra_closure_day_pushes_a_due_date_back_one_working_day() -> None:
    # A one-off bank holiday announced after the package was pinned.
    calendar = WorkingDayCalendar(extra_closures=[date(2025, 12, 10)])
    assert calendar.add_working_days(date(2025, 12, 1), 20) == date(2026, 1, 2)


def test_extra_closure_on_a_weekend_is_not_listed_as_a_bank_holiday() -> None:
    saturday = date(2024, 7, 13)
    calendar = WorkingDayCalendar(extra_closures=[saturday])
    assert saturday not in calendar.bank_holidays(2024)
    assert calendar.bank_holidays(2024) == CAL.bank_holidays(2024)


def test_removed_closure_day_becomes_a_working_day() -> None:
    jubilee = date(2022, 6, 3)
    calendar = WorkingDayCalendar(removed_closures=[jubilee])
    assert calendar.is_working_day(jubilee)
    assert jubilee not in calendar.bank_holidays(2022)
    assert calendar.add_working_days(date(2022, 5, 25), 20) == date(2022, 6, 23)


def test_removed_day_wins_over_the_same_day_added() -> None:
    day = date(2024, 7, 10)
    calendar = WorkingDayCalendar(extra_closures=[day], removed_closures=[day])
    assert calendar.is_working_day(day)


def test_calendars_with_the_same_lists_are_equal_and_hash_alike() -> None:
    first = WorkingDayCalendar(extra_closures=[date(2024, 7, 10)])
    second = WorkingDayCalendar(extra_closures=(date(2024, 7, 10),))
    assert first == second
    assert hash(first) == hash(second)
    assert first != WorkingDayCalendar()


def test_calendar_lists_cannot_be_changed_after_construction() -> None:
    closures = [date(2024, 7, 10)]
    calendar = WorkingDayCalendar(extra_closures=closures)
    closures.append(date(2024, 7, 11))
    assert calendar.is_working_day(date(2024, 7, 11))
    with pytest.raises(AttributeError):
        calendar.extra_closures = frozenset()  # type: ignore[misc]


def test_default_calendar_is_shared_and_has_no_administrator_changes() -> None:
    assert default_calendar() is default_calendar()
    assert default_calendar() == WorkingDayCalendar()


# --- Properties --------------------------------------------------------------------------------


@property_settings
@given(start=dates, n=st.integers(min_value=1, max_value=400))
def test_add_working_days_always_lands_on_a_working_day(start: date, n: int) -> None:
    assert CAL.is_working_day(CAL.add_working_days(start, n))
    assert CAL.is_working_day(CAL.add_working_days(start, -n))


@property_settings
@given(start=dates, n=st.integers(min_value=-400, max_value=399))
def test_add_working_days_is_strictly_increasing_in_n(start: date, n: int) -> None:
    assert CAL.add_working_days(start, n) < CAL.add_working_days(start, n + 1)


@property_settings
@given(start=dates, n=st.integers(min_value=-400, max_value=400))
def test_working_days_between_inverts_add_working_days(start: date, n: int) -> None:
    assert CAL.working_days_between(start, CAL.add_working_days(start, n)) == n


@property_settings
@given(start=dates, end=dates)
def test_add_working_days_inverts_working_days_between_for_working_days(
    start: date, end: date
) -> None:
    if CAL.is_working_day(end):
        assert CAL.add_working_days(start, CAL.working_days_between(start, end)) == end


@property_settings
@given(start=dates, offset=st.integers(min_value=-800, max_value=800))
def test_working_days_between_agrees_with_counting_day_by_day(start: date, offset: int) -> None:
    end = start + timedelta(days=offset)
    if offset >= 0:
        after_start = [start + timedelta(days=i) for i in range(1, offset + 1)]
        expected = sum(CAL.is_working_day(d) for d in after_start)
    else:
        # Going back, the count runs from end up to the day before start.
        before_start = [end + timedelta(days=i) for i in range(-offset)]
        expected = -sum(CAL.is_working_day(d) for d in before_start)
    assert CAL.working_days_between(start, end) == expected


@property_settings
@given(n=st.integers(min_value=1, max_value=60), start=dates)
def test_n_working_days_span_at_least_n_calendar_days(start: date, n: int) -> None:
    assert (CAL.add_working_days(start, n) - start).days >= n


@property_settings
@given(year=st.integers(min_value=2000, max_value=2040))
def test_bank_holidays_fall_on_weekdays_of_their_year(year: int) -> None:
    for day in CAL.bank_holidays(year):
        assert day.year == year
        assert day.weekday() < 5
        assert not CAL.is_working_day(day)


@given(start=dates, months=st.integers(min_value=-240, max_value=240))
def test_add_months_moves_by_whole_months_and_never_past_the_day(start: date, months: int) -> None:
    result = add_months(start, months)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
    assert result.day <= start.day
    month_end = stdlib_calendar.monthrange(result.year, result.month)[1]
    # The day is kept unless the month is too short, when it is the month's last day.
    assert result.day == start.day or result.day == month_end < start.day


@given(start=dates, months=st.integers(min_value=0, max_value=240))
def test_add_months_never_goes_backwards(start: date, months: int) -> None:
    assert add_months(start, months) >= start
