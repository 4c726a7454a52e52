"""Whether the stored year facts (`ChildYearFacts`) answer a measure for some periods, and the
subjects that read them in place of the live per-child queries."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet

from iro.timetable.care import collection_year, collection_year_bounds

from .arithmetic import ReportingPeriod
from .models import ChildYearFacts


def _year_of(period: ReportingPeriod) -> date | None:
    """1 April of the collection year the period is, whole or to date; None for any other."""
    start, end = collection_year_bounds(collection_year(period.date_from))
    if period.date_from != start or period.date_to > end:
        return None
    if period.date_to == end or period.to_date:
        return start
    return None


# Inside `remembered()`, each answer is kept: one scorecard asks the same about its periods for
# every stored subject.
_answers: ContextVar[dict[tuple[Any, ...], bool] | None] = ContextVar("answers", default=None)


@contextmanager
def remembered() -> Iterator[None]:
    token = _answers.set({})
    try:
        yield
    finally:
        _answers.reset(token)


def years_answered(periods: list[ReportingPeriod]) -> bool:
    """True when each period is a collection year (whole, or to date) whose stored rows were all
    written for the period's last day: a year before the data, or one whose rows were written on
    another day (the daily refresh has not yet run today), is asked of the live queries."""
    years = [_year_of(period) for period in periods]
    if not periods or None in years:
        return False
    memo = _answers.get()
    key = tuple((p.date_from, p.date_to) for p in periods)
    if memo is not None and key in memo:
        return memo[key]
    answer = _years_answered(periods, years)
    if memo is not None:
        memo[key] = answer
    return answer


def _years_answered(periods: list[ReportingPeriod], years: list[date | None]) -> bool:
    # One statement: the earliest and latest `window_to` of each year, each a probe of the
    # (year_start, window_to) index, rather than a scan of the years' rows.
    table = connection.ops.quote_name(ChildYearFacts._meta.db_table)
    probe = f"SELECT {{}}(window_to) FROM {table} WHERE year_start = %s"  # nosec B608
    parts = [probe.format(edge) for _ in years for edge in ("MIN", "MAX")]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT " + ", ".join(f"({part})" for part in parts),
            [year for year in years for _ in ("MIN", "MAX")],
        )
        found = cursor.fetchone()
    ends = [edge for period in periods for edge in (period.date_to, period.date_to)]
    return all(_as_date(value) == end for value, end in zip(found, ends, strict=True))


def _as_date(value: Any) -> date | None:
    """SQLite gives dates back as text."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def year_facts(condition: Q, period: ReportingPeriod) -> QuerySet[ChildYearFacts]:
    """The year rows in the period of the children in a stored subject's set (unscoped)."""
    return ChildYearFacts.objects.filter(
        condition, year_start__gte=period.date_from, year_start__lte=period.date_to
    )
