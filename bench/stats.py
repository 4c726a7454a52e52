"""Small statistics for the benchmark (no dependencies; unit-tested in tests/bench/)."""

from __future__ import annotations

import math
from collections.abc import Sequence


def median(values: Sequence[float]) -> float:
    if not values:
        raise ValueError("median of no values")
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


def percentile(values: Sequence[float], pct: float) -> float:
    """The nearest-rank percentile: the smallest value with at least `pct`% of values at or
    below it (p95 of 50 timings is the 48th smallest)."""
    if not values:
        raise ValueError("percentile of no values")
    if not 0 < pct <= 100:
        raise ValueError("percentile must be in (0, 100]")
    ordered = sorted(values)
    rank = math.ceil(pct / 100 * len(ordered))
    return float(ordered[rank - 1])


def summarise_ms(seconds: Sequence[float]) -> dict[str, float | int]:
    """Median and 95th percentile in milliseconds, to a tenth."""
    return {
        "n": len(seconds),
        "median_ms": round(median(seconds) * 1000, 1),
        "p95_ms": round(percentile(seconds, 95) * 1000, 1),
    }


def ratio(value: float, floor: float) -> float | None:
    if floor <= 0:
        return None
    return round(value / floor, 2)
