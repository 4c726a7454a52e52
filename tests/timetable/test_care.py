"""The one definition of each fact about a child on a day, and its SQL form agreeing with it."""

from __future__ import annotations

from datetime import date

import pytest

from iro.timetable.care import (
    age_on,
    collection_year,
    collection_year_bounds,
    in_care_on,
    participation_code_problem,
)
from iro.timetable.dates import format_date


@pytest.mark.parametrize(
    ("day", "start", "end", "expected"),
    [
        (date(2025, 3, 31), date(2025, 3, 31), None, True),  # the day care starts counts
        (date(2025, 3, 30), date(2025, 3, 31), None, False),
        (date(2025, 3, 31), date(2024, 1, 1), date(2025, 3, 31), False),  # left that day
        (date(2025, 3, 30), date(2024, 1, 1), date(2025, 3, 31), True),
        (date(2001, 1, 1), None, None, True),  # began before the data
        (date(2025, 4, 1), None, date(2025, 3, 31), False),
    ],
)
def test_in_care_on_is_the_dfe_meaning(
    day: date, start: date | None, end: date | None, expected: bool
) -> None:
    assert in_care_on(day, start=start, end=end) is expected


def test_age_on_counts_whole_years_and_leap_day_birthdays() -> None:
    assert age_on(date(2010, 5, 10), date(2025, 5, 9)) == 14
    assert age_on(date(2010, 5, 10), date(2025, 5, 10)) == 15
    assert age_on(date(2012, 2, 29), date(2025, 2, 28)) == 12
    assert age_on(date(2012, 2, 29), date(2025, 3, 1)) == 13


def test_collection_year_runs_april_to_march() -> None:
    assert collection_year(date(2025, 3, 31)) == 2024
    assert collection_year(date(2025, 4, 1)) == 2025
    assert collection_year_bounds(2024) == (date(2024, 4, 1), date(2025, 3, 31))


def test_pn0_is_for_under_fours_only() -> None:
    assert participation_code_problem("", 2) is None
    assert participation_code_problem("PN0", 3) is None
    assert participation_code_problem("PN1", 4) is None
    assert participation_code_problem("PN0", 4) is not None
    assert participation_code_problem("PN3", 3) is not None


def test_format_date_has_no_leading_zero() -> None:
    assert format_date(date(2025, 3, 5)) == "5 March 2025"


@pytest.mark.django_db
def test_sql_in_care_on_agrees_with_the_rule() -> None:
    from iro.children.models import Child, PeriodOfCare
    from iro.children.selectors import in_care_on as in_care_on_sql

    child = Child.objects.create(la_child_id="C1", date_of_birth=date(2015, 1, 1))
    cases = [
        (date(2024, 1, 1), date(2025, 3, 31)),
        (date(2025, 3, 31), None),
        (None, date(2025, 4, 2)),
    ]
    periods = [
        PeriodOfCare.objects.create(
            child=child,
            start_date=start,
            start_known=start is not None,
            end_date=end,
            first_known_date=start or date(2020, 1, n + 1),
        )
        for n, (start, end) in enumerate(cases)
    ]
    for day in (date(2025, 3, 30), date(2025, 3, 31), date(2025, 4, 1), date(2025, 4, 2)):
        expected = {p.pk for p in periods if in_care_on(day, start=p.start_date, end=p.end_date)}
        found = set(PeriodOfCare.objects.filter(in_care_on_sql(day)).values_list("pk", flat=True))
        assert found == expected, day


def test_a_review_on_the_leaving_day_belongs_to_the_period_though_not_in_care() -> None:
    from iro.timetable.care import within_period

    start, end = date(2024, 1, 1), date(2025, 3, 31)
    assert within_period(end, start=start, end=end)
    assert not in_care_on(end, start=start, end=end)
    assert not within_period(date(2025, 4, 1), start=start, end=end)
