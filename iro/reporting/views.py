from __future__ import annotations

import csv
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from iro.accounts.access import requires
from iro.accounts.models import ReviewingOfficer
from iro.audit.services import audit_record
from iro.children.models import Child, Team
from iro.core.forms import GovukForm
from iro.core.params import int_param

from . import exports
from .annual_report import (
    SECTIONS,
    annual_report_save_narrative,
    build_report,
    render_docx,
    render_pdf,
    render_xlsx,
)
from .arithmetic import ReportingPeriod, financial_year, financial_year_containing, months_in
from .charts import BarGroup, grouped_bar_svg
from .measures import Scope
from .models import AnnualReport
from .scorecard import compute_scorecard, measures_for
from .selectors import chart_value, drill_down_for, figure_text, sections, year_label

DRILLABLE_SPECIALS = {
    "reviews_overdue_at_end",
    "children_with_2_oversights",
    "children_with_4_oversights",
}


def _year(request: HttpRequest) -> int:
    default = financial_year_containing(timezone.localdate()) - 1
    year = int_param(request.GET.get("year")) or default
    return min(max(year, 2000), 2100)


def _scope(request: HttpRequest) -> Scope:
    return Scope(
        iro_id=int_param(request.GET.get("iro")), team_id=int_param(request.GET.get("team"))
    )


@requires("reporting.scorecard")
def scorecard(request: HttpRequest) -> HttpResponse:
    year, scope = _year(request), _scope(request)
    periods = [financial_year(year - 2), financial_year(year - 1), financial_year(year)]
    results = [compute_scorecard(p, scope) for p in periods]
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
        (
            section,
            [
                {
                    "measure": m,
                    "cells": [
                        {
                            "text": figure_text(r.get(m.key)),
                            "period": p,
                            "drillable": m.subject is not None or m.key in DRILLABLE_SPECIALS,
                        }
                        for p, r in zip(periods, results, strict=True)
                    ],
                }
                for m in members
            ],
        )
        for section, members in sections(measures)
    ]
    return render(
        request,
        "reporting/scorecard.html",
        {
            "year": year,
            "labels": labels,
            "rows": rows,
            "charts": charts,
            "scope": scope,
            "iros": list(ReviewingOfficer.objects.all()),
            "teams": list(Team.objects.all()),
            "drill_query": lambda key, period, part="numerator": drill_query(
                key, period, scope, part
            ),
        },
    )


@requires("reporting.scorecard")
def scorecard_monthly(request: HttpRequest) -> HttpResponse:
    year, scope = _year(request), _scope(request)
    months = [ReportingPeriod(a, b) for a, b in months_in(*_fy_bounds(year))]
    results = [compute_scorecard(p, scope) for p in months]
    measures = measures_for(months[-1])
    if request.GET.get("format") in {"csv", "xlsx"}:
        table = exports.monthly_table(measures, months, results)
        return exports.download(table, f"monthly-scorecard-{year}", request.GET["format"])
    rows = [{"measure": m, "cells": [figure_text(r.get(m.key)) for r in results]} for m in measures]
    return render(
        request,
        "reporting/monthly.html",
        {"year": year, "months": months, "rows": rows, "scope": scope},
    )


def _fy_bounds(year: int) -> tuple[date, date]:
    period = financial_year(year)
    return period.date_from, period.date_to


@requires("reporting.scorecard")
def scorecard_export(request: HttpRequest) -> HttpResponse:
    year, scope = _year(request), _scope(request)
    periods = [financial_year(year - 2), financial_year(year - 1), financial_year(year)]
    results = [compute_scorecard(p, scope) for p in periods]
    table = exports.comparison_table(measures_for(periods[-1]), periods, results)
    fmt = request.GET.get("format", "csv")
    if fmt not in {"csv", "xlsx"}:
        raise Http404("Unknown format")
    return exports.download(table, f"scorecard-{year}", fmt)


@requires("reporting.scorecard")
def measure_detail(request: HttpRequest, key: str) -> HttpResponse:
    try:
        period = ReportingPeriod(
            date.fromisoformat(request.GET.get("from", "")),
            date.fromisoformat(request.GET.get("to", "")),
        )
    except ValueError as error:
        raise Http404("The period must be two real dates") from error
    part = "denominator" if request.GET.get("part") == "denominator" else "numerator"
    listing = drill_down_for(key, period, _scope(request), part)
    if listing is None:
        raise Http404("No list of records stands behind this figure")
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv")
        response["Content-Disposition"] = (
            f'attachment; filename="{key}-{period.date_from}-{period.date_to}.csv"'
        )
        writer = csv.writer(response)
        writer.writerow(listing.columns)
        for record in listing.records:
            writer.writerow(listing.row(record))
        return response
    page = Paginator(listing.records, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "reporting/measure_detail.html",
        {
            "listing": listing,
            "period": period,
            "part": part,
            "page": page,
            "key": key,
            "hidden": hidden_children(listing, page.object_list, request.user),
        },
    )


def hidden_children(listing: Any, records: Any, user: Any) -> set[int]:
    """Restricted children on this page whose names the reader may not see (one query)."""
    ids = {getattr(listing.child_of(r) or r, "pk", None) for r in records}
    return set(
        Child.objects.filter(pk__in=[i for i in ids if i], restricted=True)
        .exclude(restricted_to=user)
        .values_list("pk", flat=True)
    )


def drill_query(key: str, period: ReportingPeriod, scope: Scope, part: str = "numerator") -> str:
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    query.update({"from": period.date_from.isoformat(), "to": period.date_to.isoformat()})
    if part != "numerator":
        query["part"] = part
    if scope.iro_id:
        query["iro"] = str(scope.iro_id)
    if scope.team_id:
        query["team"] = str(scope.team_id)
    return query.urlencode()


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


def _report_year(year: int) -> int:
    if not 2000 <= year <= 2100:
        raise Http404("No such year")
    return year


@requires("reporting.annual_report_view")
def annual_reports(request: HttpRequest) -> HttpResponse:
    current = financial_year_containing(timezone.localdate())
    saved = dict(AnnualReport.objects.values_list("year", "updated_at"))
    return render(
        request,
        "reporting/annual_reports.html",
        {"years": list(range(current, current - 6, -1)), "saved": saved},
    )


@requires("reporting.annual_report_view")
def annual_report(request: HttpRequest, year: int) -> HttpResponse:
    report = build_report(_report_year(year))
    return render(
        request,
        "reporting/annual_report.html",
        {"report": report, "chart_svg": grouped_bar_svg, "for_pdf": False},
    )


@requires("reporting.annual_report_edit")
def annual_report_edit(request: HttpRequest, year: int) -> HttpResponse:
    year = _report_year(year)
    saved = AnnualReport.objects.filter(year=year).first()
    form = NarrativeForm(request.POST or None, initial=saved.narrative if saved else {})
    if request.method == "POST" and form.is_valid():
        annual_report_save_narrative(
            acting_user=request.user, year=year, narrative=form.cleaned_data
        )
        messages.success(request, "The narrative has been saved")
        return HttpResponseRedirect(reverse("reporting:annual_report", kwargs={"year": year}))
    return render(request, "reporting/annual_report_edit.html", {"form": form, "year": year})


@requires("reporting.annual_report_view")
def annual_report_download(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    report = build_report(_report_year(year))
    renderers = {
        "pdf": (render_pdf, "application/pdf"),
        "docx": (
            render_docx,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        "xlsx": (render_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    }
    if fmt not in renderers:
        raise Http404("Unknown format")
    render_file, content_type = renderers[fmt]
    audit_record(
        actor=request.user,
        action="export",
        object_type="annual_report",
        object_id=year,
        summary=f"Annual report {year} downloaded as {fmt.upper()}",
    )
    response = HttpResponse(render_file(report), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="iro-annual-report-{year}.{fmt}"'
    return response
