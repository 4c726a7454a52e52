from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from iro.accounts.access import SignedInRequest, requires
from iro.accounts.models import ReviewingOfficer
from iro.audit.services import audit_read, audit_record
from iro.children.access import hidden_children
from iro.children.models import Team
from iro.core import editlock, tabular
from iro.core.forms import GovukForm
from iro.core.params import int_param

from . import exports
from .annual_report import SECTIONS, annual_report_save_narrative
from .arithmetic import (
    ReportingPeriod,
    financial_year,
    financial_year_containing,
    months_in,
    started_years,
)
from .charts import BarGroup, LineChart, LineSeries, grouped_bar_svg, line_chart_svg
from .edition_views import (
    CONTENT_TYPES,
    annual_report_edition_download,
    current_edition,
    document_response,
    render_report_page,
    report_year,
    year_editions,
)
from .measures import MONTHLY_AVERAGE, Scope
from .models import AnnualReport, AnnualReportEdition
from .report_sections import section_narrative
from .scorecard import compute_scorecards, measures_for, monthly_average, reporting_period
from .selectors import (
    chart_value,
    drill_down_for,
    figure_text,
    has_figure,
    sections,
    year_label,
)
from .services import RENDERERS, edition_report, live_report


def _year(request: HttpRequest) -> int:
    """The year asked for, or the last full year; never a year that has not begun."""
    current = financial_year_containing(timezone.localdate())
    year = int_param(request.GET.get("year")) or current - 1
    return min(max(year, 2000), current)


def _scope(request: HttpRequest) -> Scope:
    return Scope(
        iro_id=int_param(request.GET.get("iro")), team_id=int_param(request.GET.get("team"))
    )


def _years_shown(year: int) -> list[ReportingPeriod]:
    """The year and the two before, each as reported today (a year under way: to date)."""
    return [reporting_period(financial_year(y)) for y in (year - 2, year - 1, year)]


def _months_shown(year: int) -> list[ReportingPeriod]:
    """The months of the year that have begun, each as reported today."""
    today = timezone.localdate()
    period = financial_year(year)
    return [
        reporting_period(ReportingPeriod(a, b))
        for a, b in months_in(period.date_from, period.date_to)
        if a <= today
    ]


def _cells(
    measure: Any, periods: list[ReportingPeriod], results: list[dict[str, Any]], scope: Scope
) -> list[dict[str, Any]]:
    """Each figure of one measure, with the link to the records behind it."""
    cells = []
    base = reverse("reporting:measure_detail", kwargs={"key": measure.key})  # once a measure
    for period, result in zip(periods, results, strict=True):
        value = result.get(measure.key)
        link = None
        if has_figure(value):
            link = base + "?" + drill_query(measure.key, period, scope)
        cells.append({"text": figure_text(value), "period": period, "link": link})
    return cells


def _filter_context(year: int, scope: Scope) -> dict[str, Any]:
    return {
        "year": year,
        "years": started_years(timezone.localdate()),
        "scope": scope,
        "iros": list(ReviewingOfficer.objects.order_by("name", "pk")),
        "teams": list(Team.objects.all()),
    }


@requires("reporting.scorecard")
def scorecard(request: SignedInRequest) -> HttpResponse:
    year, scope = _year(request), _scope(request)
    periods = _years_shown(year)
    results = compute_scorecards(periods, scope)
    measures = measures_for(periods[-1])
    labels = tuple(year_label(p) for p in periods)
    charts = []
    for section, members in sections(measures):
        rates = [m for m in members if m.kind == "rate"]
        if rates:
            groups = [
                BarGroup(m.label, tuple(chart_value(r.get(m.key)) for r in results)) for m in rates
            ]
            charts.append(
                grouped_bar_svg(f"{section}: percentages", groups, labels, maximum=100, unit="%")
            )
    rows = [
        (section, [{"measure": m, "cells": _cells(m, periods, results, scope)} for m in members])
        for section, members in sections(measures)
    ]
    return render(
        request,
        "reporting/scorecard.html",
        {
            **_filter_context(year, scope),
            "periods": periods,
            "to_date_as_at": periods[-1].date_to if periods[-1].to_date else None,
            "labels": labels,
            "rows": rows,
            "charts": charts,
        },
    )


@requires("reporting.scorecard")
def scorecard_monthly(request: SignedInRequest) -> HttpResponse:
    year, scope = _year(request), _scope(request)
    months = _months_shown(year)
    results = compute_scorecards(months, scope)
    measures = measures_for(months[-1])
    if request.GET.get("format") in {"csv", "xlsx"}:
        table = exports.monthly_table(measures, months, results)
        audit_read(
            actor=request.user,
            object_type="scorecard",
            object_id=year,
            summary=f"Monthly scorecard {year} downloaded as {request.GET['format'].upper()}",
            filters={"iro": scope.iro_id, "team": scope.team_id},
            exported=True,
        )
        return exports.download(table, f"monthly-scorecard-{year}", request.GET["format"])
    rows = [{"measure": m, "cells": _cells(m, months, results, scope)} for m in measures]
    month_labels = tuple(f"{m.date_from:%b %Y}" + (" to date" if m.to_date else "") for m in months)
    charts = [
        line_chart_svg(
            LineChart(
                title=f"{section}: percentages by month",
                x_labels=month_labels,
                series=tuple(
                    LineSeries(m.label, tuple(chart_value(r.get(m.key)) for r in results))
                    for m in rates
                ),
                unit="%",
                maximum=100,
            )
        )
        for section, members in sections(measures)
        if (rates := [m for m in members if m.kind == "rate"])
    ]
    return render(
        request,
        "reporting/monthly.html",
        {
            **_filter_context(year, scope),
            "months": months,
            "rows": rows,
            "charts": charts,
            "to_date_as_at": months[-1].date_to if months[-1].to_date else None,
        },
    )


@requires("reporting.scorecard")
def scorecard_export(request: SignedInRequest) -> HttpResponse:
    year, scope = _year(request), _scope(request)
    periods = _years_shown(year)
    results = compute_scorecards(periods, scope)
    table = exports.comparison_table(measures_for(periods[-1]), periods, results)
    fmt = request.GET.get("format", "csv")
    if fmt not in {"csv", "xlsx"}:
        raise Http404("Unknown format")
    audit_read(
        actor=request.user,
        object_type="scorecard",
        object_id=year,
        summary=f"Scorecard {year} downloaded as {fmt.upper()}",
        filters={"iro": scope.iro_id, "team": scope.team_id},
        exported=True,
    )
    return exports.download(table, f"scorecard-{year}", fmt)


@requires("reporting.scorecard")
def measure_detail(request: SignedInRequest, key: str) -> HttpResponse:
    try:
        period = reporting_period(
            ReportingPeriod(
                date.fromisoformat(request.GET.get("from", "")),
                date.fromisoformat(request.GET.get("to", "")),
            )
        )
    except ValueError as error:
        raise Http404("The period must be two real dates and have begun") from error
    scope = _scope(request)
    if key == MONTHLY_AVERAGE.key:
        return _monthly_average_detail(request, period, scope)
    part = "denominator" if request.GET.get("part") == "denominator" else "numerator"
    listing = drill_down_for(key, period, scope, part)
    if listing is None:
        raise Http404("No list of records stands behind this figure")
    exported = request.GET.get("format") == "csv"
    audit_read(
        actor=request.user,
        object_type="drill_down",
        object_id=key,
        summary=(
            f"Records behind {key} ({part}, {period.date_from} to {period.date_to}) "
            + ("downloaded as CSV" if exported else "viewed")
        ),
        filters={"iro": scope.iro_id, "team": scope.team_id, "page": request.GET.get("page")},
        exported=exported,
    )
    if exported:
        hidden = hidden_children(request.user)
        rows = (drill_row(listing, record, hidden) for record in listing.records)
        return tabular.csv_response(
            f"{key}-{period.date_from}-{period.date_to}.csv",
            ("Child", *listing.columns),
            ((row.label, *row.cells) for row in rows),
        )
    page = Paginator(listing.records, 100).get_page(request.GET.get("page"))
    hidden = hidden_children(request.user)
    return render(
        request,
        "reporting/measure_detail.html",
        {
            "listing": listing,
            "period": period,
            "part": part,
            "page": page,
            "key": key,
            "rows": [drill_row(listing, record, hidden) for record in page.object_list],
        },
    )


def _monthly_average_detail(
    request: HttpRequest, period: ReportingPeriod, scope: Scope
) -> HttpResponse:
    """The monthly average's records: the children in care on each day it averages, each day
    linked to its list."""
    figure = monthly_average(period, scope)
    days = []
    for day_text, count in figure["months"].items():
        day = date.fromisoformat(day_text)
        on = ReportingPeriod(period.date_from, day)
        days.append(
            {
                "day": day,
                "count": count,
                "link": reverse(
                    "reporting:measure_detail", kwargs={"key": "children_looked_after_at_end"}
                )
                + "?"
                + drill_query("children_looked_after_at_end", on, scope),
            }
        )
    return render(
        request,
        "reporting/monthly_average.html",
        {"period": period, "figure": figure, "days": days, "label": MONTHLY_AVERAGE.label},
    )


RESTRICTED = "Restricted record"


@dataclass(frozen=True)
class DrillRow:
    """One record of a drill-down as the reader may see it (page and CSV alike)."""

    child: Any  # the child to link to, or None (not about a child, or restricted)
    label: str
    cells: list[Any]


def drill_row(listing: Any, record: Any, hidden: set[int]) -> DrillRow:
    """A record about a restricted child the reader is not named on shows as "Restricted
    record" with no other detail: no name, date of birth, IRO, dates or review details."""
    child = listing.child_of(record) or record
    if not getattr(child, "la_child_id", None):
        return DrillRow(None, str(record), listing.row(record))
    if child.pk in hidden:
        return DrillRow(None, RESTRICTED, ["" for _ in listing.columns])
    return DrillRow(child, child.display_name, listing.row(record))


def drill_query(key: str, period: ReportingPeriod, scope: Scope, part: str = "numerator") -> str:
    # The end asked for: the drill-down reports it as at the same day as the figure.
    end = period.requested_to or period.date_to
    pairs = [("from", period.date_from.isoformat()), ("to", end.isoformat())]
    if part != "numerator":
        pairs.append(("part", part))
    if scope.iro_id:
        pairs.append(("iro", str(scope.iro_id)))
    if scope.team_id:
        pairs.append(("team", str(scope.team_id)))
    # Plain urlencode: a QueryDict for each of a monthly page's 800 figures cost 50 ms.
    return urlencode(pairs)


class NarrativeForm(GovukForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for spec in SECTIONS:
            self.fields[spec.key] = forms.CharField(
                label=spec.title,
                help_text=spec.guidance,
                required=False,
                max_length=20_000,
                widget=forms.Textarea(attrs={"rows": 6}),
            )


_report_year = report_year


@requires("reporting.annual_report_view")
def annual_reports(request: HttpRequest) -> HttpResponse:
    """Every year that has begun, each with its editions (status, who and when)."""
    years = started_years(timezone.localdate(), back=6)
    saved = dict(AnnualReport.objects.values_list("year", "updated_at"))
    editions: dict[int, list[AnnualReportEdition]] = {}
    for edition in (
        AnnualReportEdition.objects.filter(year__in=years)
        .select_related("approved_by", "created_by", "superseded_by")
        .defer("pdf", "docx", "xlsx", "content")
    ):
        editions.setdefault(edition.year, []).append(edition)
    return render(
        request,
        "reporting/annual_reports.html",
        {"years": years, "saved": saved, "editions": editions},
    )


@requires("reporting.annual_report_view")
def annual_report(request: HttpRequest, year: int) -> HttpResponse:
    """The year's report: its current edition (the draft, else the approved one), or the
    figures as they stand when no edition has been produced."""
    editions = year_editions(_report_year(year))
    edition = current_edition(editions)
    report = edition_report(edition) if edition else live_report(year)
    return render_report_page(request, report, edition, editions)


@requires("reporting.annual_report_edit")
def annual_report_edit(request: SignedInRequest, year: int) -> HttpResponse:
    year = _report_year(year)

    def shown() -> dict[str, str]:
        saved = AnnualReport.objects.filter(year=year).first()
        narrative = saved.narrative if saved else {}
        # A section with a default (the legal context) shows it, so the manager edits that text.
        return {spec.key: section_narrative(spec, narrative) for spec in SECTIONS}

    form = NarrativeForm(request.POST or None, initial=shown())
    editlock.protect(form, shown())
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            AnnualReport.objects.select_for_update().filter(year=year).first()  # hold the row
            if editlock.unchanged_since_shown(form, shown()):
                annual_report_save_narrative(
                    acting_user=request.user, year=year, narrative=form.cleaned_data
                )
                messages.success(request, "The narrative has been saved")
                return HttpResponseRedirect(
                    reverse("reporting:annual_report", kwargs={"year": year})
                )
    return render(request, "reporting/annual_report_edit.html", {"form": form, "year": year})


@requires("reporting.annual_report_view")
def annual_report_download(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    """The year's document: its current edition's, else the figures as they stand."""
    if fmt not in CONTENT_TYPES:
        raise Http404("Unknown format")
    edition = current_edition(year_editions(_report_year(year)))
    if edition is not None:
        return annual_report_edition_download(request, year, edition.number, fmt)
    content = RENDERERS[fmt](live_report(year))
    audit_record(
        actor=request.user,
        action="export",
        object_type="annual_report",
        object_id=year,
        summary=f"Annual report {year} downloaded as {fmt.upper()}",
    )
    return document_response(content, fmt, f"iro-annual-report-{year}")
