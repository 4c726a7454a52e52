"""Compute the scorecard for any period: every measure of shared/domain.md §7.

`compute_scorecard(period, scope)` returns {key: {"numerator", "denominator", "percent"} or
{"count": n} or, for caseloads, {"per_fte", "children", "fte", "min", "max", "by_iro"}}. Every
measure is counted in the database: the measures of one subject in one aggregate query, so the
number of queries does not grow with the service. Measures of other apps are found in
`iro/<app>/measures.py` (a list `MEASURES` of `Measure`, and optionally
`special_measures(period, scope) -> dict`), so each module adds its figures without the
scorecard importing it by name.

A period that ends after today is reported as at today (`arithmetic.as_at`).
"""

from __future__ import annotations

import importlib
from collections import defaultdict
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from django.apps import apps
from django.db.models import Count
from django.utils import timezone

from iro.caseloads.rules import ServiceCaseload
from iro.caseloads.selectors import caseloads_on, caseloads_on_days
from iro.children.models import PeriodOfCare

from . import domain_measures, stored
from .arithmetic import ReportingPeriod, as_at, reported_months
from .measures import (
    CASELOAD_PER_FTE,
    MONTHLY_AVERAGE,
    SPECIAL_MEASURES,
    Measure,
    Scope,
    Subject,
    all_measures,
    count_subject_over,
    on_date,
)


@cache
def _app_modules() -> tuple[Any, ...]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("iro.") or config.name == "iro.reporting":
            continue
        try:
            found.append(importlib.import_module(f"{config.name}.measures"))
        except ModuleNotFoundError:
            continue
    return tuple(found)


def measures_for(period: ReportingPeriod) -> list[Measure]:
    """Every measure, in display order: the core ones and those of the other apps."""
    measures = [*all_measures(period), *SPECIAL_MEASURES, *domain_measures.measures_for(period)]
    for module in _app_modules():
        provided = getattr(module, "measures_for", None)
        measures += provided(period) if provided else list(getattr(module, "MEASURES", []))
    return measures


def reporting_period(period: ReportingPeriod, today: date | None = None) -> ReportingPeriod:
    """The period as reported today: to date when it has not ended (ValueError if not begun)."""
    return as_at(period, today or timezone.localdate())


def compute_scorecard(
    period: ReportingPeriod, scope: Scope | None = None, *, today: date | None = None
) -> dict[str, Any]:
    return compute_scorecards([period], scope, today=today)[0]


def compute_scorecards(
    periods: list[ReportingPeriod], scope: Scope | None = None, *, today: date | None = None
) -> list[dict[str, Any]]:
    """The scorecard for several periods (three years, the months of a year): the records of a
    subject are counted for every period in one aggregate query over their span."""
    scope = scope or Scope()
    reported = [reporting_period(p, today) for p in periods]
    by_subject: dict[Subject, list[tuple[ReportingPeriod, list[Measure]]]] = defaultdict(list)
    for period in reported:
        mine: dict[Subject, list[Measure]] = defaultdict(list)
        for measure in measures_for(period):
            if measure.subject is not None and not measure.computed:
                mine[measure.subject].append(measure)
        for subject, measures in mine.items():
            by_subject[subject].append((period, measures))
    results: list[dict[str, Any]] = [{} for _ in reported]
    with stored.remembered():  # whether the stored year facts answer, asked once
        for subject, per_period in by_subject.items():
            for result, figures in zip(
                results, count_subject_over(subject, per_period, scope), strict=True
            ):
                result.update(figures)
    # The days the monthly averages and caseloads are taken on, for every period at once.
    month_ends = {period: reported_months(period) for period in reported}
    in_care = _in_care_on([day for ends in month_ends.values() for day in ends], scope)
    caseloads = (
        caseloads_on_days([p.date_to for p in reported], scope.iro_id)
        if scope.team_id is None
        else {}
    )
    for period, result in zip(reported, results, strict=True):
        result[MONTHLY_AVERAGE.key] = _average(month_ends[period], in_care)
        result[CASELOAD_PER_FTE.key] = _caseload_figure(caseloads.get(period.date_to))
        result.update(domain_measures.special_measures(period, scope))
        for module in _app_modules():
            special = getattr(module, "special_measures", None)
            if special is not None:
                result.update(special(period, scope))
    return results


def special_measures(period: ReportingPeriod, scope: Scope) -> dict[str, Any]:
    return {
        MONTHLY_AVERAGE.key: monthly_average(period, scope),
        CASELOAD_PER_FTE.key: caseload_per_fte(period.date_to, scope),
    }


def _periods(scope: Scope) -> Any:
    queryset = PeriodOfCare.objects.all()
    if scope.iro_id is not None:
        queryset = queryset.filter(child__iro_id=scope.iro_id)
    if scope.team_id is not None:
        queryset = queryset.filter(child__team_id=scope.team_id)
    return queryset


def _in_care_on(days: list[date], scope: Scope) -> dict[date, int]:
    """Children in care on each day, in one aggregate query."""
    unique = sorted(set(days))
    if not unique:
        return {}
    totals = _periods(scope).aggregate(
        **{
            f"m{i}": Count("child", filter=on_date(day), distinct=True)
            for i, day in enumerate(unique)
        }
    )
    return {day: totals[f"m{i}"] for i, day in enumerate(unique)}


def _average(ends: list[date], in_care: dict[date, int]) -> dict[str, Any]:
    if not ends:
        return {"count": None, "months": {}}
    by_month = {end.isoformat(): in_care[end] for end in ends}
    average = Decimal(sum(by_month.values())) / len(ends)
    return {"count": float(average.quantize(Decimal("0.1"))), "months": by_month}


def monthly_average(period: ReportingPeriod, scope: Scope) -> dict[str, Any]:
    """Mean over the period's months of the children in care on each month's last day (today for
    the month under way), in one aggregate query."""
    ends = reported_months(period)
    return _average(ends, _in_care_on(ends, scope))


def caseload_per_fte(day: date, scope: Scope) -> dict[str, Any]:
    """Children per FTE on `day` by the caseload rule the Caseloads page uses: for the service,
    all allocated children ÷ all FTE with the range across IROs; for an IRO, theirs. IROs are not
    in teams, so a team has no figure."""
    if scope.team_id is not None:
        return _caseload_figure(None)
    return _caseload_figure(caseloads_on(day, iro_id=scope.iro_id))


def _caseload_figure(service: ServiceCaseload | None) -> dict[str, Any]:
    if service is None:  # a team: IROs are not in teams
        return {"per_fte": None, "children": None, "fte": None, "min": None, "max": None}

    def number(value: Decimal | None) -> float | None:
        return None if value is None else float(value)

    return {
        "per_fte": number(service.per_fte),
        "children": service.children,
        "fte": float(service.fte),
        "min": number(service.lowest),
        "max": number(service.highest),
        "by_iro": {iro_id: number(v) for iro_id, v in service.by_iro.items()},
    }
