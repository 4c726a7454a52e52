"""The measures' arithmetic, under reporting's own name; the code is in the pure layer,
`iro.timetable.arithmetic`, so that pure rules (the child's voice) can use it too."""

from iro.timetable.arithmetic import (
    ReportingPeriod,
    as_at,
    financial_year,
    financial_year_containing,
    month_ends,
    months_in,
    percent,
    reported_months,
    started_years,
    year_label,
)

__all__ = [
    "ReportingPeriod",
    "as_at",
    "financial_year",
    "financial_year_containing",
    "month_ends",
    "months_in",
    "percent",
    "reported_months",
    "started_years",
    "year_label",
]
