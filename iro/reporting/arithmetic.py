"""The measures' arithmetic, under reporting's own name; the code is in the pure layer,
`iro.timetable.arithmetic`, so that pure rules (the child's voice) can use it too."""

from iro.timetable.arithmetic import (
    ReportingPeriod,
    financial_year,
    financial_year_containing,
    month_ends,
    months_in,
    percent,
)

__all__ = [
    "ReportingPeriod",
    "financial_year",
    "financial_year_containing",
    "month_ends",
    "months_in",
    "percent",
]
