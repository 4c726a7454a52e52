"""The benchmark's statistics (bench/stats.py): median, nearest-rank percentile, ratio."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench.stats import median, percentile, ratio, summarise_ms


@pytest.mark.parametrize(
    ("values", "expected"),
    [([3.0], 3.0), ([1.0, 9.0], 5.0), ([5.0, 1.0, 3.0], 3.0), ([4.0, 1.0, 3.0, 2.0], 2.5)],
)
def test_median_of_odd_and_even_counts(values: list[float], expected: float) -> None:
    assert median(values) == expected


def test_p95_of_fifty_timings_is_the_48th_smallest() -> None:
    values = [float(n) for n in range(1, 51)]
    assert percentile(values, 95) == 48.0
    assert percentile(values, 50) == 25.0
    assert percentile(values, 100) == 50.0


def test_percentile_of_one_hundred_values() -> None:
    values = [float(n) for n in range(100, 0, -1)]
    assert percentile(values, 95) == 95.0


@pytest.mark.parametrize("bad", [0, -5, 101])
def test_percentile_refuses_a_percentage_outside_the_range(bad: float) -> None:
    with pytest.raises(ValueError):
        percentile([1.0], bad)


def test_no_values_is_an_error() -> None:
    with pytest.raises(ValueError):
        median([])
    with pytest.raises(ValueError):
        percentile([], 95)


@given(st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=1, max_size=200))
def test_median_and_p95_lie_within_the_values_in_order(values: list[float]) -> None:
    p50, p95 = percentile(values, 50), percentile(values, 95)
    assert min(values) <= median(values) <= max(values)
    assert p50 <= p95 <= max(values)
    assert p95 in values


def test_summary_is_in_milliseconds() -> None:
    summary = summarise_ms([0.010] * 49 + [0.500])
    assert summary == {"n": 50, "median_ms": 10.0, "p95_ms": 10.0}


def test_ratio_against_the_floor() -> None:
    assert ratio(30.0, 10.0) == 3.0
    assert ratio(5.0, 0.0) is None
