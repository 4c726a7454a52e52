"""Compute the scorecard for any period: every measure of shared/domain.md §7.

`compute_scorecard(period, scope)` returns {key: {"numerator", "denominator", "percent"} or
{"count": n} or, for caseloads, {"average", "min", "max"}}. Measures of other apps are found in
`iro/<app>/measures.py` (a list `MEASURES` of `Measure`, and optionally
`special_measures(period, scope) -> dict`), so each module adds its figures without the
scorecard importing it by name.
"""

from __future__ import annotations

import importlib
from collections import defaultdict
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from django.apps import apps
from django.db.models import Count, F, Min, OuterRef, Q, Subquery

from iro.accounts.models import ReviewingOfficer
from iro.children.models import IROAllocation, PeriodOfCare
from iro.core.council import review_timescales, working_day_calendar
from iro.reviews.models import Review
from iro.timetable.reviews import later_review_due, review_due_for

from . import domain_measures
from .arithmetic import ReportingPeriod, month_ends, percent
from .measures import (
    SPECIAL_MEASURES,
    Measure,
    Scope,
    Subject,
    all_measures,
    count_subject,
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


def compute_scorecard(period: ReportingPeriod, scope: Scope | None = None) -> dict[str, Any]:
    scope = scope or Scope()
    by_subject: dict[Subject, list[Measure]] = defaultdict(list)
    for measure in measures_for(period):
        if measure.subject is not None:
            by_subject[measure.subject].append(measure)
    results: dict[str, Any] = {}
    for subject, measures in by_subject.items():
        results.update(count_subject(subject, measures, period, scope))
    results.update(special_measures(period, scope))
    results.update(domain_measures.special_measures(period, scope))
    for module in _app_modules():
        special = getattr(module, "special_measures", None)
        if special is not None:
            results.update(special(period, scope))
    return results


def special_measures(period: ReportingPeriod, scope: Scope) -> dict[str, Any]:
    return {
        "children_looked_after_monthly_average": monthly_average(period, scope),
        "reviews_overdue_at_end": {"count": len(children_overdue_at(period.date_to, scope))},
        "iro_allocated_in_timescale": iro_allocation_rate(period, scope),
        "caseload_per_fte": caseload_per_fte(period.date_to, scope),
    }


def _periods(scope: Scope) -> Any:
    queryset = PeriodOfCare.objects.all()
    if scope.iro_id is not None:
        queryset = queryset.filter(child__iro_id=scope.iro_id)
    if scope.team_id is not None:
        queryset = queryset.filter(child__team_id=scope.team_id)
    return queryset


def monthly_average(period: ReportingPeriod, scope: Scope) -> dict[str, Any]:
    """Mean over the period's months of the children in care on each month's last day."""
    ends = month_ends(period.date_from, period.date_to)
    if not ends:
        return {"count": None, "months": {}}
    totals = _periods(scope).aggregate(
        **{
            f"m{i}": Count("child", filter=on_date(end), distinct=True)
            for i, end in enumerate(ends)
        }
    )
    by_month = {end.isoformat(): totals[f"m{i}"] for i, end in enumerate(ends)}
    average = Decimal(sum(by_month.values())) / len(ends)
    return {"count": float(average.quantize(Decimal("0.1"))), "months": by_month}


def children_overdue_at(day: date, scope: Scope) -> list[int]:
    """Children in care on `day` whose next review was due before `day` and not yet held, from
    the number of reviews held by that day and the last one (one query; rules in Python)."""
    calendar, timescales = working_day_calendar(), review_timescales()
    held = Review.objects.filter(
        period_id=OuterRef("pk"), status=Review.Status.HELD, held_on__lte=day
    ).order_by()
    rows = (
        _periods(scope)
        .filter(on_date(day))
        .annotate(
            held_count=Subquery(held.values("period_id").annotate(n=Count("id")).values("n")),
            last_held=Subquery(held.order_by("-held_on").values("held_on")[:1]),
        )
        .values_list(
            "child_id", "start_date", "start_known", "short_breaks_only", "held_count", "last_held"
        )
    )
    overdue = []
    for child_id, start, start_known, short_breaks, count, last in rows.iterator(chunk_size=5000):
        if not start_known or start is None:
            # In care before the data: 6 months after the last known review, if there is one.
            due = later_review_due(last, timescales=timescales) if last else None
        else:
            due = review_due_for(
                (count or 0) + 1,
                period_start=start,
                previous_held=last,
                short_breaks_only=short_breaks,
                calendar=calendar,
                timescales=timescales,
            )
        if due is not None and due < day:
            overdue.append(child_id)
    return overdue


def iro_allocation_rate(period: ReportingPeriod, scope: Scope) -> dict[str, Any]:
    """Entries in the period whose first IRO was allocated by the IRO allocation due date."""
    first_allocation = (
        IROAllocation.objects.filter(
            child_id=OuterRef("child_id"), start_date__gte=OuterRef("start_date")
        )
        .order_by()
        .values("child_id")
        .annotate(first=Min("start_date"))
        .values("first")
    )
    totals = (
        _periods(scope)
        .filter(start_known=True, start_date__gte=period.date_from, start_date__lte=period.date_to)
        .annotate(first_allocated=Subquery(first_allocation))
        .aggregate(
            entries=Count("id"),
            in_time=Count(
                "id",
                filter=Q(first_allocated__isnull=False)
                & Q(first_allocated__lte=F("iro_allocation_due")),
            ),
        )
    )
    return {
        "numerator": totals["in_time"],
        "denominator": totals["entries"],
        "percent": percent(totals["in_time"], totals["entries"]),
    }


def caseload_per_fte(day: date, scope: Scope) -> dict[str, Any]:
    """Average over IROs of children allocated on `day` ÷ FTE for children in care."""
    in_care = PeriodOfCare.objects.filter(on_date(day)).values("child_id")
    allocated = (
        IROAllocation.objects.filter(start_date__lte=day, child_id__in=in_care)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=day))
        .values("iro_id")
        .annotate(children=Count("child_id", distinct=True))
    )
    counts = {row["iro_id"]: row["children"] for row in allocated}
    officers = ReviewingOfficer.objects.filter(start_date__lte=day).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=day)
    )
    if scope.iro_id is not None:
        officers = officers.filter(pk=scope.iro_id)
    per_fte = {}
    for officer in officers:
        fte = officer.fte_for_children_in_care
        if fte > 0:
            per_fte[officer.name] = float(
                (Decimal(counts.get(officer.pk, 0)) / fte).quantize(Decimal("0.1"))
            )
    if not per_fte:
        return {"average": None, "min": None, "max": None, "by_iro": {}}
    average = Decimal(sum(per_fte.values())) / len(per_fte)
    return {
        "average": float(average.quantize(Decimal("0.1"))),
        "min": min(per_fte.values()),
        "max": max(per_fte.values()),
        "by_iro": per_fte,
    }
