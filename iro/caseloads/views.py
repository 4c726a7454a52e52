"""Pages for the caseloads app: IRO staff records, caseloads per FTE, continuity, forecast."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from iro.accounts.access import SignedInRequest, requires
from iro.core import editlock
from iro.core.charts import Band, LineChart, LineSeries, line_chart_svg
from iro.core.council import council_settings
from iro.core.forms import add_service_errors, submitted
from iro.core.workload import workload_kinds

from . import rules, selectors, services
from .forms import ReviewingOfficerForm, WorkloadWeightsForm, initial_for
from .models import ReviewingOfficer

PAGE_SIZE = 50
HISTORY_CHOICES = ("12", "24", "36")  # months of caseload history a manager can ask for


@requires("caseloads.view")
def caseload_overview(request: SignedInRequest) -> HttpResponse:
    as_of = timezone.localdate()
    months = request.GET.get("months", "12")
    months_shown = int(months) if months in HISTORY_CHOICES else 12
    summary = selectors.caseload_summary(as_of)
    history = selectors.caseload_history(as_of, months_shown)
    chart = line_chart_svg(
        LineChart(
            title=f"Children per FTE at each month end, the last {months_shown} months",
            x_labels=tuple(
                "Today" if m is history.months[-1] else f"{m.on:%b %Y}" for m in history.months
            ),
            series=(
                LineSeries(
                    "Children per FTE",
                    tuple(None if m.per_fte is None else float(m.per_fte) for m in history.months),
                ),
            ),
            references=(
                (f"{summary.upper} per FTE", float(summary.upper)),
                (f"{summary.lower} per FTE", float(summary.lower)),
            ),
            y_label="Children per FTE",
        )
    )
    return render(
        request,
        "caseloads/overview.html",
        {
            "summary": summary,
            "history": history,
            "history_chart": chart,
            "months_shown": months_shown,
            "history_choices": HISTORY_CHOICES,
        },
    )


@requires("caseloads.view")
def continuity(request: SignedInRequest) -> HttpResponse:
    page = Paginator(selectors.children_with_many_iro_changes(), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    split = selectors.split_sibling_groups()
    return render(
        request,
        "caseloads/continuity.html",
        {
            "distribution": selectors.continuity_distribution(),
            "page": page,
            "split_siblings": split[:PAGE_SIZE],
            "split_total": len(split),
        },
    )


@requires("forecast.view")
def demand_forecast(request: SignedInRequest) -> HttpResponse:
    as_of = timezone.localdate()
    summary = selectors.caseload_summary(as_of)
    forecast = selectors.demand_forecast(as_of)
    plan = rules.capacity_plan(
        children_now=summary.looked_after,
        children_forecast=forecast.at_horizon.expected,
        available_fte=summary.fte,
        other_work=summary.other_work,
    )
    band = council_settings()
    # How many children today's FTE for children in care holds at each end of the band.
    lines = [
        (f"{per_fte} per FTE", float(summary.fte * per_fte))
        for per_fte in (band.caseload_upper, band.caseload_lower)
    ]
    past = len(forecast.history)
    ahead = len(forecast.months)
    today = float(forecast.history[-1][1]) if forecast.history else None
    figure = line_chart_svg(
        LineChart(
            title="Children looked after: the last 2 years and the forecast for the next 12 months",
            x_labels=tuple(
                f"{on:%b %Y}"
                for on in [d for d, _n in forecast.history] + [m.on for m in forecast.months]
            ),
            series=(
                LineSeries(
                    "Children looked after",
                    tuple(float(n) for _d, n in forecast.history) + (None,) * ahead,
                ),
                LineSeries(
                    "Forecast (expected)",
                    (None,) * (past - 1) + (today,) + tuple(m.expected for m in forecast.months),
                    dashed=True,
                ),
            ),
            band=Band(
                "Range holding 90% of simulated futures",
                (None,) * (past - 1) + (today,) + tuple(m.lower for m in forecast.months),
                (None,) * (past - 1) + (today,) + tuple(m.upper for m in forecast.months),
            ),
            references=tuple(lines if summary.fte else []),
            marker_at=past - 1,
            y_label="Children",
        )
    )
    return render(
        request,
        "caseloads/forecast.html",
        {
            "summary": summary,
            "forecast": forecast,
            "plan": plan,
            "chart": figure,
            "per_fte_at_horizon": rules.children_per_fte(
                round(forecast.at_horizon.expected), summary.fte
            ),
            # Other work held flat: the forecast is of children looked after only.
            "workload_per_fte_at_horizon": rules.workload_per_fte(
                Decimal(round(forecast.at_horizon.expected)) + summary.other_work, summary.fte
            ),
            "per_fte": lambda n: rules.children_per_fte(round(n), summary.fte),
            "fte_at_upper": lambda n: rules.fte_needed(n, band.caseload_upper),
        },
    )


@requires("staff.manage")
def staff_list(request: SignedInRequest) -> HttpResponse:
    page = Paginator(
        ReviewingOfficer.objects.select_related("user").order_by("name", "pk"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request, "caseloads/staff_list.html", {"page": page, "as_of": timezone.localdate()}
    )


@requires("staff.manage")
def staff_add(request: SignedInRequest) -> HttpResponse:
    form = ReviewingOfficerForm(
        request.POST or None,
        initial={
            "fte": "1.00",
            "contract": ReviewingOfficer.Contract.PERMANENT,
            "other_duties_weight": council_settings().default_other_duties_weight,
        },
    )
    if request.method == "POST" and form.is_valid():
        saved = submitted(
            request,
            form,
            lambda: services.reviewing_officer_create(
                acting_user=request.user, **form.cleaned_data
            ),
            lambda officer: f"{officer.name} has been added",
        )
        if saved:
            return HttpResponseRedirect(reverse("caseloads:staff"))
    return render(request, "caseloads/staff_form.html", {"form": form, "officer": None})


@requires("staff.manage")
def staff_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    officer = get_object_or_404(ReviewingOfficer.objects.select_related("user"), pk=pk)
    form = ReviewingOfficerForm(request.POST or None, officer=officer, initial=initial_for(officer))
    editlock.protect(form, initial_for(officer))
    if request.method == "POST" and form.is_valid():
        try:
            saved = editlock.save_if_unchanged(
                form,
                officer,
                initial_for,
                lambda _fresh: services.reviewing_officer_update(
                    acting_user=request.user, officer=officer, **form.cleaned_data
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if saved:
                messages.success(request, f"{officer.name}'s record has been updated")
                return HttpResponseRedirect(reverse("caseloads:staff"))
    return render(request, "caseloads/staff_form.html", {"form": form, "officer": officer})


@requires("caseloads.weights")
def workload_weights(request: SignedInRequest) -> HttpResponse:
    """The council's weight for each kind of work an IRO carries besides children looked
    after; the Caseloads and forecast pages and allocation suggestions count by them."""
    kinds = workload_kinds()
    current = selectors.workload_weights()
    form = WorkloadWeightsForm(
        request.POST if request.method == "POST" else None, kinds=kinds, initial=current
    )
    editlock.protect(form, current)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                if editlock.unchanged_since_shown(form, selectors.workload_weights()):
                    services.workload_weights_set(
                        acting_user=request.user,
                        weights={kind.key: form.cleaned_data[kind.key] for kind in kinds},
                    )
                    saved = True
                else:
                    saved = False
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if saved:
                messages.success(request, "Workload weights saved")
                return HttpResponseRedirect(reverse("caseloads:weights"))
    return render(request, "caseloads/weights.html", {"form": form, "kinds": kinds})
