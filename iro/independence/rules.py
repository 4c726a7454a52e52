"""Pure rules of the independence indicators (no Django)."""

from __future__ import annotations

from datetime import date

from iro.timetable.calendar import add_months


def recurring_window_start(as_of: date, months: int) -> date:
    """The first day of the recurring-challenge window ending on `as_of` ("in 6 months": the
    disputes raised on or after the day 6 calendar months before, clamped to the month's end)."""
    return add_months(as_of, -months)


def is_recurring(disputes_in_window: int, threshold: int) -> bool:
    """Disputes of one category about one team reach the threshold: the IRO manager is asked
    to raise a systemic issue."""
    return disputes_in_window >= threshold
