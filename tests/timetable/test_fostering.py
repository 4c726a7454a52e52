"""Foster carer review and supervision order rules: worked examples, no database."""

from __future__ import annotations

from datetime import date

import pytest

from iro.timetable import fostering as rules


@pytest.mark.parametrize(
    ("approved", "due"),
    [
        (date(2025, 3, 27), date(2026, 3, 27)),  # the anniversary itself is still within a year
        (date(2024, 2, 29), date(2025, 2, 28)),  # no 29 February next year: the day before
        (date(2023, 2, 28), date(2024, 2, 28)),  # into a leap year: not 29 February
        (date(2025, 1, 31), date(2026, 1, 31)),  # a month end stays the month end
        (date(2025, 12, 31), date(2026, 12, 31)),  # across a year end
    ],
)
def test_first_review_is_due_within_a_year_of_approval(approved: date, due: date) -> None:
    assert rules.first_review_due(approved) == due
    assert rules.next_review_due(approved, []) == due


def test_later_reviews_are_due_a_year_after_the_last_one_held() -> None:
    approved = date(2024, 2, 29)
    # The first review early, on 29 February 2025 not existing: held 28 February 2025.
    assert rules.next_review_due(approved, [date(2025, 2, 28)]) == date(2026, 2, 28)
    # Held late: the next is still a year after it was held, not after it was due.
    assert rules.next_review_due(approved, [date(2025, 4, 30)]) == date(2026, 4, 30)
    # A review held on 29 February 2028 (a leap year) is next due 28 February 2029.
    assert rules.next_review_due(approved, [date(2027, 2, 1), date(2028, 2, 29)]) == date(
        2029, 2, 28
    )


def test_reviews_before_approval_do_not_count() -> None:
    approved = date(2025, 6, 1)
    assert rules.next_review_due(approved, [date(2025, 5, 1)]) == date(2026, 6, 1)


def test_in_time_on_the_due_date_and_late_the_day_after() -> None:
    due = date(2026, 3, 27)
    assert rules.in_time(date(2026, 3, 27), due)
    assert not rules.in_time(date(2026, 3, 28), due)


@pytest.mark.parametrize(
    ("due", "status"),
    [
        (date(2026, 11, 22), rules.HouseholdStatus.OVERDUE),
        (date(2026, 11, 23), rules.HouseholdStatus.DUE_SOON),
        (date(2027, 1, 4), rules.HouseholdStatus.DUE_SOON),  # 42 days
        (date(2027, 1, 5), rules.HouseholdStatus.ON_TRACK),
    ],
)
def test_review_status(due: date, status: rules.HouseholdStatus) -> None:
    assert rules.review_status(due, date(2026, 11, 23), approved=True) == status


def test_no_review_is_due_once_approval_ends() -> None:
    status = rules.review_status(date(2026, 1, 1), date(2026, 11, 23), approved=False)
    assert status == rules.HouseholdStatus.NOT_APPROVED


def test_review_date_problems() -> None:
    today = date(2026, 11, 23)
    assert rules.first_review_problem(date(2024, 2, 28), date(2024, 2, 29), today)
    assert rules.first_review_problem(date(2026, 11, 24), date(2024, 2, 29), today)
    assert rules.first_review_problem(date(2024, 2, 29), date(2024, 2, 29), today) is None


@pytest.mark.parametrize(
    ("made", "months", "ends"),
    [
        (date(2026, 1, 15), 12, date(2027, 1, 14)),
        (date(2024, 2, 29), 12, date(2025, 2, 27)),  # to 28 February, less a day
        (date(2025, 11, 30), 3, date(2026, 2, 27)),  # 30 Nov + 3 months = 28 Feb; ends the 27th
        (date(2026, 3, 1), 36, date(2029, 2, 28)),
    ],
)
def test_supervision_order_ends_the_day_before_its_anniversary(
    made: date, months: int, ends: date
) -> None:
    assert rules.order_ends_on(made, months) == ends


def test_order_status_and_review_problems() -> None:
    today = date(2026, 11, 23)
    ends = date(2027, 1, 14)
    assert rules.order_status(ends, 0, today) == rules.OrderStatus.AWAITING_FIRST_REVIEW
    assert rules.order_status(ends, 1, today) == rules.OrderStatus.FIRST_REVIEW_HELD
    assert rules.order_status(date(2026, 11, 22), 0, today) == rules.OrderStatus.ORDER_ENDED
    made = date(2026, 1, 15)
    assert rules.order_review_problem(date(2026, 1, 14), made, ends, today)
    assert rules.order_review_problem(date(2026, 11, 24), made, ends, today)
    assert rules.order_review_problem(date(2026, 2, 1), made, ends, today) is None
