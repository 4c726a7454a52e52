from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iro.reporting.arithmetic import percent
from iro.timetable.calendar import WorkingDayCalendar
from iro.voice import rules

CALENDAR = WorkingDayCalendar()


@pytest.mark.parametrize(
    ("born", "review", "expected"),
    [
        (date(2020, 3, 14), date(2024, 3, 13), False),  # the day before the 4th birthday
        (date(2020, 3, 14), date(2024, 3, 14), True),  # on the 4th birthday
        (date(2020, 2, 29), date(2024, 2, 28), False),
        (date(2020, 2, 29), date(2024, 2, 29), True),
        (date(2016, 2, 29), date(2020, 2, 28), False),
        (date(2016, 2, 29), date(2020, 3, 1), True),
        (date(2010, 1, 1), date(2024, 6, 1), True),
        (date(2023, 1, 1), date(2024, 6, 1), False),
    ],
)
def test_consultation_is_expected_from_the_fourth_birthday(
    born: date, review: date, expected: bool
) -> None:
    assert rules.consultation_expected(born, review) is expected


def test_met_and_declined_count_but_not_possible_does_not() -> None:
    counting = set(rules.counting_methods())
    assert {"in_person", "virtual", "phone", "via_carer_or_advocate", "declined", "own_words"} == counting
    assert "not_possible" not in counting
    needs_reason = [m.code for m in rules.CONSULTATION_METHODS if m.needs_reason]
    assert needs_reason == ["not_possible"]


@pytest.mark.parametrize(
    ("stage", "started", "due"),
    [
        # Stage 1: 10 working days. 2 and 3 June 2022 (Platinum Jubilee) are skipped.
        (1, date(2022, 5, 25), date(2022, 6, 10)),
        # 1, 8 May 2023 (8 May: coronation) skipped.
        (1, date(2023, 4, 28), date(2023, 5, 16)),
        (1, date(2025, 12, 1), date(2025, 12, 15)),
        # Stage 2: 20 working days (domain.md worked examples).
        (2, date(2022, 9, 12), date(2022, 10, 11)),
        (2, date(2021, 12, 20), date(2022, 1, 20)),
        (2, date(2023, 4, 28), date(2023, 5, 31)),
    ],
)
def test_complaint_response_due_counts_working_days(stage: int, started: date, due: date) -> None:
    assert rules.complaint_response_due(stage, started, calendar=CALENDAR) == due


def test_complaint_stages_are_a_table_with_the_councils_deadlines() -> None:
    assert {n: s.working_days for n, s in rules.COMPLAINT_STAGES.items()} == {1: 10, 2: 20}
    assert rules.next_complaint_stage(1) == 2
    assert rules.next_complaint_stage(2) is None


@pytest.mark.parametrize(
    ("as_of", "responded", "status"),
    [
        (date(2025, 12, 5), None, "not_due"),
        (date(2025, 12, 12), None, "due_soon"),
        (date(2025, 12, 15), None, "due_soon"),
        (date(2025, 12, 16), None, "overdue"),
        (date(2026, 1, 5), date(2025, 12, 15), "done_in_time"),
        (date(2026, 1, 5), date(2025, 12, 16), "done_late"),
    ],
)
def test_complaint_deadline_status(as_of: date, responded: date | None, status: str) -> None:
    due = rules.complaint_response_due(1, date(2025, 12, 1), calendar=CALENDAR)
    assert rules.complaint_deadline_status(due, as_of, responded, calendar=CALENDAR) == status


@given(st.dates(min_value=date(2019, 1, 1), max_value=date(2028, 12, 31)), st.sampled_from([1, 2]))
def test_complaint_response_is_due_on_a_later_working_day(started: date, stage: int) -> None:
    due = rules.complaint_response_due(stage, started, calendar=CALENDAR)
    assert due > started
    assert CALENDAR.is_working_day(due)
    assert CALENDAR.working_days_between(started, due) == rules.COMPLAINT_STAGES[stage].working_days


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)))
def test_financial_year_runs_april_to_march_and_contains_the_day(day: date) -> None:
    start, end = rules.financial_year(day)
    assert start <= day <= end
    assert (start.month, start.day, end.month, end.day) == (4, 1, 3, 31)
    assert end.year == start.year + 1


@given(st.dates(), st.integers(min_value=-400, max_value=400))
def test_waiting_days_is_never_negative(start: date, offset: int) -> None:
    try:
        end = start + timedelta(days=offset)
    except OverflowError:
        return
    assert rules.waiting_days(start, end) == max(offset, 0)


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [(0, 0, None), (1, 3, 33.3), (2, 3, 66.7), (997, 1000, 99.7), (5, 5, 100.0)],
)
def test_percent_has_one_decimal_and_none_without_denominator(
    numerator: int, denominator: int, expected: float | None
) -> None:
    # The voice summary uses the scorecard's one rounding rule.
    assert percent(numerator, denominator) == expected
