"""Caseload arithmetic: children per FTE, the Handbook band, FTE need, history and continuity."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iro.caseloads.rules import (
    BandPosition,
    Candidate,
    OfficerCaseload,
    band_position,
    capacity_plan,
    caseload_history,
    children_per_fte,
    continuity_distribution,
    fte_needed,
    iro_changes,
    rank_candidates,
    service_caseload,
)


@pytest.mark.parametrize(
    ("children", "fte", "expected"),
    [
        (346, "5.5", Decimal("62.9")),  # Herefordshire 2021/22 on 5.5 FTE
        (1500, "13.2", Decimal("113.6")),
        (60, "0.8", Decimal("75.0")),
        (0, "1.0", Decimal("0.0")),
        (10, "0", None),
    ],
)
def test_children_per_fte(children: int, fte: str, expected: Decimal | None) -> None:
    assert children_per_fte(children, Decimal(fte)) == expected


@pytest.mark.parametrize(
    ("per_fte", "position"),
    [
        ("49.9", BandPosition.BELOW),
        ("50.0", BandPosition.WITHIN),
        ("70.0", BandPosition.WITHIN),
        ("70.1", BandPosition.ABOVE),
        ("114", BandPosition.ABOVE),
    ],
)
def test_band_position_is_inclusive_at_both_ends(per_fte: str, position: BandPosition) -> None:
    assert band_position(Decimal(per_fte), 50, 70) == position


def test_band_position_without_fte_is_unknown() -> None:
    assert band_position(None, 50, 70) is None


@pytest.mark.parametrize(
    ("children", "target", "fte"),
    [(346, 70, "5.0"), (346, 50, "7.0"), (350, 70, "5.0"), (351, 70, "5.1"), (0, 60, "0.0")],
)
def test_fte_needed_rounds_up_to_a_tenth(children: int, target: int, fte: str) -> None:
    assert fte_needed(children, target) == Decimal(fte)


@given(st.integers(0, 5000), st.sampled_from([50, 60, 70]))
def test_fte_needed_brings_the_average_to_the_target_or_below(children: int, target: int) -> None:
    fte = fte_needed(children, target)
    assert fte == 0 or Decimal(children) / fte <= target
    assert fte - Decimal("0.1") < Decimal(children) / Decimal(target) or fte == 0


def test_capacity_plan_shows_the_gap_now_and_under_the_forecast() -> None:
    rows = capacity_plan(children_now=346, children_forecast=385.4, available_fte=Decimal("5.5"))
    assert [r.per_fte for r in rows] == [70, 60, 50]
    at_70, _, at_50 = rows
    assert (at_70.fte_now, at_70.gap_now) == (Decimal("5.0"), Decimal("-0.5"))
    assert (at_70.fte_forecast, at_70.gap_forecast) == (Decimal("5.6"), Decimal("0.1"))
    assert (at_50.fte_now, at_50.gap_forecast) == (Decimal("7.0"), Decimal("2.3"))


def test_history_counts_allocations_running_on_each_day_for_children_in_care() -> None:
    day1, day2, day3 = date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)
    allocations = [
        # Child 1 moves from IRO 10 to IRO 20 on 28 February: counted with the new IRO that day.
        (1, 10, date(2025, 12, 1), date(2026, 2, 28)),
        (1, 20, date(2026, 2, 28), None),
        # Child 2 leaves care on 1 March; the allocation was never ended.
        (2, 10, date(2026, 1, 5), None),
        # Child 3 is allocated after the first day.
        (3, 20, date(2026, 2, 1), None),
    ]
    periods = [
        (1, date(2025, 11, 1), None),
        (2, date(2026, 1, 1), date(2026, 3, 1)),
        (3, date(2026, 1, 20), None),
    ]
    officers = [
        (10, Decimal("1.00"), date(2020, 1, 1), None),
        (20, Decimal("0.50"), date(2026, 2, 1), None),
        (30, Decimal("1.00"), date(2020, 1, 1), date(2026, 1, 31)),  # left on 31 January
    ]
    months = caseload_history([day1, day2, day3], allocations, periods, officers)
    assert [m.by_iro for m in months] == [{10: 2}, {10: 1, 20: 2}, {20: 2}]
    assert [m.children for m in months] == [2, 3, 2]
    assert [m.fte for m in months] == [Decimal("2.00"), Decimal("1.50"), Decimal("1.50")]
    assert months[1].per_fte == Decimal("2.0")


def test_history_of_nothing_is_empty_months() -> None:
    (month,) = caseload_history([date(2026, 1, 31)], [], [], [])
    assert (month.children, month.by_iro, month.per_fte) == (0, {}, None)


@pytest.mark.parametrize(("allocations", "changes"), [(0, 0), (1, 0), (2, 1), (5, 4)])
def test_every_allocation_after_the_first_is_a_change(allocations: int, changes: int) -> None:
    assert iro_changes(allocations) == changes


def test_continuity_distribution_groups_three_or_more() -> None:
    assert continuity_distribution([0, 0, 1, 2, 3, 7]) == {
        "0": 2,
        "1": 1,
        "2": 1,
        "3 or more": 2,
    }


def test_suggestions_put_the_siblings_iro_first_then_lowest_per_fte_with_room() -> None:
    full = Candidate(1, children=80, fte=Decimal("1.0"), siblings=2)
    light = Candidate(2, children=30, fte=Decimal("1.0"))
    part_time = Candidate(3, children=20, fte=Decimal("0.5"))  # 40 per FTE
    busy = Candidate(4, children=70, fte=Decimal("1.0"))  # no room for one more below 70
    no_time = Candidate(5, children=0, fte=Decimal("0"))
    ranked = rank_candidates([busy, part_time, full, light, no_time], upper=70)
    assert [c.iro_id for c in ranked] == [1, 2, 3]


def test_when_nobody_has_room_the_least_loaded_are_still_suggested() -> None:
    a = Candidate(1, children=90, fte=Decimal("1.0"))
    b = Candidate(2, children=75, fte=Decimal("1.0"))
    assert [c.iro_id for c in rank_candidates([a, b], upper=70, limit=1)] == [2]


# --- children per FTE for the service ------------------------------------------------------------


def test_service_caseload_is_all_children_over_all_fte_not_the_mean_of_ratios() -> None:
    service = service_caseload(
        [
            OfficerCaseload(iro_id=1, children=60, fte=Decimal("1.00")),
            OfficerCaseload(iro_id=2, children=20, fte=Decimal("0.50")),
            OfficerCaseload(iro_id=3, children=0, fte=Decimal("0.80")),
        ]
    )
    # 80 children ÷ 2.3 FTE = 34.8 (the mean of 60, 40 and 0 would be 33.3).
    assert (service.children, service.fte, service.per_fte) == (
        80,
        Decimal("2.30"),
        Decimal("34.8"),
    )
    assert (service.lowest, service.highest) == (Decimal("0.0"), Decimal("60.0"))
    assert service.by_iro == {1: Decimal("60.0"), 2: Decimal("40.0"), 3: Decimal("0.0")}


def test_service_caseload_counts_a_leavers_children_but_not_their_fte() -> None:
    service = service_caseload(
        [
            OfficerCaseload(iro_id=1, children=50, fte=Decimal("1.00")),
            OfficerCaseload(iro_id=2, children=5, fte=Decimal("1.00"), in_post=False),
            OfficerCaseload(iro_id=3, children=0, fte=Decimal("1.00"), in_post=False),
        ]
    )
    assert (service.children, service.fte, service.per_fte) == (
        55,
        Decimal("1.00"),
        Decimal("55.0"),
    )
    assert set(service.by_iro) == {1, 2}  # a leaver holding nobody is not in the range


def test_service_caseload_with_no_fte_has_no_figure() -> None:
    service = service_caseload([OfficerCaseload(iro_id=1, children=3, fte=Decimal("0"))])
    assert service.per_fte is None and service.lowest is None and service.highest is None
    assert service_caseload([]).per_fte is None
