"""The demand forecast on synthetic histories whose trend is known."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iro.caseloads.forecast import (
    Period,
    entries_by_month,
    exit_hazards,
    in_care_on,
    months_between,
    project,
    survival_from,
)
from iro.timetable.calendar import add_months

AS_OF = date(2026, 11, 24)
# Lengths of stay (days) of the children entering each month: short stays to long ones, so the
# exit hazard varies with length of stay as it does in a real service.
STAYS = (12, 40, 75, 130, 200, 320, 480, 700, 950, 1300)


def history(entries_per_month: int | list[int], months: int = 120) -> list[Period]:
    """Children entering on the 10th of each month for `months` months up to AS_OF, the i-th of
    each month staying STAYS[i % len(STAYS)] days (periods still running have no end)."""
    periods: list[Period] = []
    first = add_months(AS_OF.replace(day=10), -months)
    for index in range(months + 1):
        entered = add_months(first, index)
        if entered > AS_OF:
            break
        per_month = (
            entries_per_month
            if isinstance(entries_per_month, int)
            else entries_per_month[index - (months + 1 - len(entries_per_month))]
            if index >= months + 1 - len(entries_per_month)
            else entries_per_month[0]
        )
        for i in range(per_month):
            left = entered + timedelta(days=STAYS[(i + index) % len(STAYS)])
            periods.append((entered, left if left <= AS_OF else None))
    return periods


def test_steady_state_stays_flat() -> None:
    forecast = project(history(10), AS_OF)
    assert forecast.entry_rate == pytest.approx(10)
    now = forecast.in_care_now
    assert now > 0
    for month in forecast.months:
        assert month.expected == pytest.approx(now, rel=0.06), month
        assert month.lower <= month.expected <= month.upper


def test_rising_entries_rise() -> None:
    # Eight a month for years, then twenty a month for the last year.
    rising = history([8] * 109 + [20] * 12)
    forecast = project(rising, AS_OF)
    assert forecast.entry_rate == pytest.approx(20)
    expected = [m.expected for m in forecast.months]
    assert expected[-1] > forecast.in_care_now * 1.1
    assert expected == sorted(expected)


def test_zero_entries_decays_along_the_survival_curve() -> None:
    stopped = [p for p in history(10) if p[0] <= add_months(AS_OF, -12)]
    forecast = project(stopped, AS_OF)
    assert forecast.entry_rate == 0
    stays = [
        months_between(start, AS_OF)
        for start, end in stopped
        if start <= AS_OF and (end is None or end > AS_OF)
    ]
    assert len(stays) == forecast.in_care_now
    for step, month in enumerate(forecast.months, start=1):
        assert month.expected == pytest.approx(
            sum(survival_from(forecast.hazards, stay, step) for stay in stays)
        )
    expected = [m.expected for m in forecast.months]
    assert expected == sorted(expected, reverse=True)
    assert expected[-1] < forecast.in_care_now


def test_the_band_is_the_same_every_time_and_widens_with_the_horizon() -> None:
    first, second = project(history(10), AS_OF), project(history(10), AS_OF)
    assert first.months == second.months
    widths = [m.upper - m.lower for m in first.months]
    assert widths[-1] > widths[0]


def test_no_history_projects_nothing() -> None:
    forecast = project([], AS_OF)
    assert forecast.in_care_now == 0
    assert all(m.expected == 0 and m.upper == 0 for m in forecast.months)
    assert forecast.median_stay_months is None


def test_periods_starting_before_the_data_count_today_but_not_as_entries() -> None:
    recent_start = add_months(AS_OF, -2)
    forecast = project([], AS_OF, start_unknown=[(recent_start, None)] * 5)
    assert forecast.in_care_now == 5
    assert forecast.entry_rate == 0
    assert sum(n for _d, n in forecast.entry_months) == 0


def test_exit_hazard_is_leavers_over_children_at_risk_in_each_month_of_stay() -> None:
    start = date(2025, 6, 1)
    periods: list[Period] = [(start, date(2025, 6, 20))] * 2 + [(start, None)] * 8
    hazards = exit_hazards(periods, AS_OF)
    first, second = hazards[0], hazards[1]
    assert (first.child_months, first.exits, first.hazard) == (10, 2, 0.2)
    assert (second.child_months, second.exits, second.hazard) == (8, 0, 0.0)


def test_entries_are_counted_in_the_month_they_fall_in() -> None:
    periods: list[Period] = [
        (date(2026, 11, 24), None),  # the last day of the last month
        (date(2026, 10, 25), None),  # the first day of the last month
        (date(2026, 10, 24), None),  # the month before
        (date(2025, 11, 24), None),  # the day before the first month: not counted
    ]
    months = entries_by_month(periods, AS_OF)
    assert len(months) == 12
    assert months[-1] == (date(2026, 11, 24), 2)
    assert months[-2] == (date(2026, 10, 24), 1)
    assert sum(n for _d, n in months) == 3


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2026, 1, 31), date(2026, 2, 27), 0),
        (date(2026, 1, 31), date(2026, 2, 28), 1),
        (date(2026, 1, 15), date(2026, 1, 14), 0),
        (date(2025, 11, 24), date(2026, 11, 24), 12),
        (date(2025, 11, 25), date(2026, 11, 24), 11),
    ],
)
def test_months_between(start: date, end: date, months: int) -> None:
    assert months_between(start, end) == months


def test_an_end_date_is_the_first_day_out_of_care() -> None:
    periods: list[Period] = [(date(2026, 1, 1), date(2026, 3, 1))]
    assert in_care_on(periods, date(2026, 2, 28)) == 1
    assert in_care_on(periods, date(2026, 3, 1)) == 0
    assert in_care_on(periods, date(2025, 12, 31)) == 0


@settings(deadline=None, max_examples=40)
@given(
    st.lists(
        st.tuples(
            st.dates(min_value=date(2020, 1, 1), max_value=AS_OF),
            st.one_of(st.none(), st.integers(min_value=0, max_value=2000)),
        ),
        max_size=40,
    )
)
def test_any_history_gives_a_band_around_a_non_negative_projection(
    rows: list[tuple[date, int | None]],
) -> None:
    periods: list[Period] = [
        (start, None if stay is None else start + timedelta(days=stay)) for start, stay in rows
    ]
    forecast = project(periods, AS_OF, simulations=50)
    assert len(forecast.months) == 12
    for month in forecast.months:
        assert 0 <= month.lower <= month.expected <= month.upper
    assert all(0.0 <= h.hazard <= 1.0 for h in forecast.hazards)
    assert forecast.survival == sorted(forecast.survival, reverse=True)


@settings(deadline=None)
@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 1)), st.integers(0, 240))
def test_months_between_undoes_add_months(start: date, months: int) -> None:
    assert months_between(start, add_months(start, months)) == months
