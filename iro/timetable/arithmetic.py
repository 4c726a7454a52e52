"""The arithmetic of measures, on plain values (no Django): rates, month ends, periods."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class ReportingPeriod:
    """A reporting period, both ends included."""

    date_from: date
    date_to: date

    def __post_init__(self) -> None:
        if self.date_to < self.date_from:
            raise ValueError("The end of a reporting period must be on or after its start")

    @property
    def label(self) -> str:
        return f"{self.date_from.day} {self.date_from:%B %Y} to {self.date_to.day} {self.date_to:%B %Y}"


def percent(numerator: int, denominator: int) -> float | None:
    """Numerator as a percentage of denominator to one decimal place (half up); None if 0/0."""
    if denominator == 0:
        return None
    value = Decimal(numerator) * 100 / Decimal(denominator)
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def month_ends(date_from: date, date_to: date) -> list[date]:
    """The last day of every month that ends inside [date_from, date_to]."""
    ends = []
    year, month = date_from.year, date_from.month
    while True:
        end = date(year, month, calendar.monthrange(year, month)[1])
        if end > date_to:
            break
        if end >= date_from:
            ends.append(end)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return ends


def months_in(date_from: date, date_to: date) -> list[tuple[date, date]]:
    """Calendar months overlapping the period, clipped to it: (first day, last day)."""
    months = []
    year, month = date_from.year, date_from.month
    while True:
        first = date(year, month, 1)
        if first > date_to:
            break
        last = date(year, month, calendar.monthrange(year, month)[1])
        months.append((max(first, date_from), min(last, date_to)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def financial_year(start_year: int) -> ReportingPeriod:
    """The council's reporting year: 1 April to 31 March."""
    return ReportingPeriod(date(start_year, 4, 1), date(start_year + 1, 3, 31))


def financial_year_containing(day: date) -> int:
    return day.year if day.month >= 4 else day.year - 1
