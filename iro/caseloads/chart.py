"""Geometry for the forecast chart: pure Python turning numbers into SVG coordinates, so the
template only draws (presentation attributes, no style, no script)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

WIDTH, HEIGHT = 760, 360
LEFT, RIGHT, TOP, BOTTOM = 56, 150, 16, 40


@dataclass(frozen=True)
class ReferenceLine:
    label: str
    value: float
    y: float = 0.0


@dataclass(frozen=True)
class ForecastChart:
    width: int
    height: int
    left: int
    top: int
    right: int  # x of the plot's right edge
    bottom: int  # y of the plot's bottom edge
    y_ticks: list[tuple[float, int]]
    x_ticks: list[tuple[float, str]]
    actual: str  # polyline points
    expected: str
    band: str  # polygon points
    today_x: float
    lines: list[ReferenceLine] = field(default_factory=list)


def nice_step(span: float, ticks: int = 5) -> int:
    """A round step (1, 2 or 5 times a power of ten) giving about `ticks` gridlines."""
    raw = max(span / ticks, 1.0)
    power = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5, 10):
        if raw <= multiple * power:
            return int(multiple * power)
    return int(10 * power)  # pragma: no cover


def forecast_chart(
    history: Sequence[tuple[date, int]],
    projection: Sequence[tuple[date, float, float, float]],
    lines: Sequence[tuple[str, float]] = (),
) -> ForecastChart:
    """`history`: (date, children) up to today; `projection`: (date, expected, lower, upper)
    after today; `lines`: labelled horizontal reference lines (e.g. capacity at 70 per FTE)."""
    points = len(history) + len(projection)
    top_value = max(
        [1.0]
        + [float(n) for _d, n in history]
        + [float(upper) for *_rest, upper in projection]
        + [value for _label, value in lines]
    )
    step = nice_step(top_value)
    y_max = step * math.ceil(top_value * 1.05 / step)
    plot_right, plot_bottom = WIDTH - RIGHT, HEIGHT - BOTTOM

    def x(index: int) -> float:
        return round(LEFT + (plot_right - LEFT) * index / max(points - 1, 1), 1)

    def y(value: float) -> float:
        return round(plot_bottom - (plot_bottom - TOP) * value / y_max, 1)

    today = len(history) - 1
    actual = " ".join(f"{x(i)},{y(n)}" for i, (_d, n) in enumerate(history))
    expected_points = [(x(today), y(history[-1][1]))] if history else []
    expected_points += [(x(today + 1 + i), y(row[1])) for i, row in enumerate(projection)]
    upper = [(x(today + 1 + i), y(row[3])) for i, row in enumerate(projection)]
    lower = [(x(today + 1 + i), y(row[2])) for i, row in enumerate(projection)]
    start = expected_points[:1]
    band = " ".join(f"{px},{py}" for px, py in [*start, *upper, *reversed(lower)])
    dates = [d for d, _n in history] + [row[0] for row in projection]
    x_ticks = [(x(i), f"{d:%b %Y}") for i, d in enumerate(dates) if (i - today) % 6 == 0 and i >= 0]
    return ForecastChart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        top=TOP,
        right=plot_right,
        bottom=plot_bottom,
        y_ticks=[(y(v), v) for v in range(0, y_max + 1, step)],
        x_ticks=x_ticks,
        actual=actual,
        expected=" ".join(f"{px},{py}" for px, py in expected_points),
        band=band,
        today_x=x(today),
        lines=[ReferenceLine(label=label, value=value, y=y(value)) for label, value in lines],
    )
