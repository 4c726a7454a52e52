from __future__ import annotations

import itertools
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iro.reporting.arithmetic import (
    ReportingPeriod,
    financial_year,
    financial_year_containing,
    month_ends,
    months_in,
    percent,
)


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [(78, 100, 78.0), (2, 3, 66.7), (1, 8, 12.5), (1, 40, 2.5), (0, 5, 0.0), (0, 0, None)],
)
def test_percent_rounds_half_up_to_one_decimal(
    numerator: int, denominator: int, expected: float | None
) -> None:
    assert percent(numerator, denominator) == expected


def test_month_ends_include_leap_february() -> None:
    assert month_ends(date(2024, 1, 15), date(2024, 3, 31)) == [
        date(2024, 1, 31),
        date(2024, 2, 29),
        date(2024, 3, 31),
    ]


def test_month_end_is_left_out_when_the_period_stops_before_it() -> None:
    assert month_ends(date(2025, 4, 1), date(2025, 5, 30)) == [date(2025, 4, 30)]


def test_financial_year_runs_april_to_march() -> None:
    assert financial_year(2024) == ReportingPeriod(date(2024, 4, 1), date(2025, 3, 31))
    assert financial_year_containing(date(2025, 3, 31)) == 2024
    assert financial_year_containing(date(2025, 4, 1)) == 2025


def test_a_period_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="on or after"):
        ReportingPeriod(date(2025, 4, 2), date(2025, 4, 1))


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)), st.integers(0, 800))
def test_months_in_cover_the_period_without_gaps(start: date, length: int) -> None:
    from datetime import timedelta

    end = start + timedelta(days=length)
    months = months_in(start, end)
    assert months[0][0] == start and months[-1][1] == end
    for (_, last), (first, _) in itertools.pairwise(months):
        assert (first - last).days == 1


@given(st.integers(0, 1000), st.integers(1, 1000))
def test_percent_is_between_0_and_100(numerator: int, denominator: int) -> None:
    value = percent(min(numerator, denominator), denominator)
    assert value is not None and 0 <= value <= 100
