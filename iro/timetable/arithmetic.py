"""The arithmetic of measures, on plain values (no Django): rates, month ends, periods."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from iro.timetable.dates import format_date


@dataclass(frozen=True)
class ReportingPeriod:
    """A reporting period, both ends included.

    `produced_on` is the day the figures are produced: deadline measures count every review whose
    deadline has passed by then. `requested_to` is the end that was asked for when it lay after
    that day: the period is then reported "to date", as at `date_to` (see `as_at`)."""

    date_from: date
    date_to: date
    produced_on: date | None = None
    requested_to: date | None = None

    def __post_init__(self) -> None:
        if self.date_to < self.date_from:
            raise ValueError("The end of a reporting period must be on or after its start")

    @property
    def to_date(self) -> bool:
        """True when the period has not ended yet and is reported as at `date_to`."""
        return self.requested_to is not None

    @property
    def deadlines_by(self) -> date:
        """Deadline measures count the records whose deadline has passed by this day."""
        return max(self.produced_on or self.date_to, self.date_to)

    @property
    def label(self) -> str:
        text = f"{format_date(self.date_from)} to {format_date(self.date_to)}"
        return f"{text} (to date)" if self.to_date else text


def as_at(period: ReportingPeriod, today: date) -> ReportingPeriod:
    """The period as it can be reported on `today`: one ending after today ends today instead
    ("to date"). A period that has not begun cannot be reported (ValueError)."""
    if period.date_from > today:
        raise ValueError("The reporting period has not begun")
    if period.date_to > today:
        return ReportingPeriod(
            period.date_from, today, today, period.requested_to or period.date_to
        )
    return ReportingPeriod(period.date_from, period.date_to, today, period.requested_to)


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


def reported_months(period: ReportingPeriod) -> list[date]:
    """The days a monthly average is taken on: each month end in the period and, for a period
    reported to date, the as-at day for the month under way."""
    ends = month_ends(period.date_from, period.date_to)
    if period.to_date and (not ends or ends[-1] != period.date_to):
        ends.append(period.date_to)
    return ends


def started_years(today: date, back: int = 8) -> list[int]:
    """Reporting years (their first calendar year) that have begun by `today`, newest first."""
    current = financial_year_containing(today)
    return list(range(current, current - back, -1))


def year_label(period: ReportingPeriod) -> str:
    """'2024–25', or '2026–27 to date' for a year under way."""
    end = period.requested_to or period.date_to
    label = f"{period.date_from.year}–{str(end.year)[-2:]}"
    return f"{label} to date" if period.to_date else label
