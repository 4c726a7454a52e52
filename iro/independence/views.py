"""Pages for the independence of the IRO service: the indicators and the records behind them,
records of pressure on independence, and the prompt to raise a recurring challenge as a
systemic issue. Views are thin: the figures come from `indicators`, the rules from `access`
and `recurring`, the writes from `services` (and the disputes services)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from iro.accounts.access import ObjectDenied, SignedInRequest, requires, user_can
from iro.accounts.selectors import reviewing_officer_for
from iro.audit.services import audit_read
from iro.children.access import hidden_children
from iro.children.models import Child, Team
from iro.core import tabular
from iro.core.forms import add_service_errors
from iro.core.params import int_param
from iro.disputes import services as dispute_services
from iro.disputes.forms import SystemicIssueForm
from iro.disputes.models import Category
from iro.timetable.arithmetic import (
    ReportingPeriod,
    financial_year,
    financial_year_containing,
    started_years,
    year_label,
)
from iro.timetable.dates import format_date

from . import access, indicators, recurring, services
from .forms import PressureNoteForm, PressureRecordForm
from .models import PressureRecord

RESTRICTED = "Restricted record"


def _posted(request: HttpRequest) -> Any:
    """The submitted answers (an empty submission too, so its errors show), or None."""
    return request.POST if request.method == "POST" else None


def _year(request: HttpRequest) -> int:
    current = financial_year_containing(timezone.localdate())
    year = int_param(request.GET.get("year")) or current
    return min(max(year, 2000), current)


def records_link(key: str, period: ReportingPeriod, **filters: Any) -> str:
    """The drill-down of one figure, for the period as it was asked for."""
    query = {
        "from": period.date_from.isoformat(),
        "to": (period.requested_to or period.date_to).isoformat(),
        **{name: value for name, value in filters.items() if value not in (None, "")},
    }
    return reverse("independence:records", kwargs={"key": key}) + "?" + urlencode(query)


NOT_RECORDED = "Not recorded"


def _count_text(value: int | None) -> str:
    return NOT_RECORDED if value is None else f"{value:,}"


def _headline(key: str, figure: dict[str, Any]) -> tuple[str, int | None]:
    """How a headline figure reads, and how many records stand behind it (None: no list)."""
    if key == "challenges_per_100_children":
        if figure["rate"] is None:
            return NOT_RECORDED, None
        return (
            f"{figure['rate']} per 100 children ({figure['challenges']:,} challenges, "
            f"{figure['children']:,} children)",
            figure["challenges"],
        )
    if key == "withdrawn_or_unresolved":
        return (
            f"{figure['count']:,} ({figure['withdrawn']:,} withdrawn, "
            f"{figure['closed_unresolved']:,} no change)",
            figure["count"],
        )
    if key == "median_days_to_resolution":
        if figure["median"] is None:
            return NOT_RECORDED, None
        return f"{figure['median']} working days ({figure['count']:,} resolved)", figure["count"]
    if key == "difference_made":
        if figure["percent"] is None:
            return NOT_RECORDED, None
        return (
            f"{figure['percent']}% ({figure['numerator']:,} of {figure['denominator']:,})",
            figure["denominator"],
        )
    if key == "pressure_on_independence":
        return (
            f"{figure['count']:,} records ({figure['further_notes']:,} further notes)",
            None,
        )
    return _count_text(figure["count"]), figure["count"]


HEADLINES = (
    ("challenges_per_100_children", "Challenges raised per 100 children in care",
     "Disputes raised in the period for every 100 children in care at any time in it."),
    ("drifting_not_challenged", "Children drifting without challenge",
     "Children in care with a drift flag open 20 working days or more and no dispute since it "
     "began (today's drift: not recorded for past years)."),
    ("responses_overdue", "Responses overdue",
     "Open disputes whose response is past its due date (today's: not recorded for past years)."),
    ("withdrawn_or_unresolved", "Disputes withdrawn or closed with no change",
     "Closed in the period without the change the IRO sought, with their reasons."),
    ("median_days_to_resolution", "Median working days to resolution",
     "From the day a dispute was raised to the day it was resolved."),
    ("difference_made", "Difference made",
     "Resolved challenges that changed the care plan, placement, legal action, an assessment "
     "or service, or met an agreed timescale, of those resolved with a coded outcome."),
    ("cafcass_referrals", "Cafcass referrals", ""),
    ("legal_advice_sought", "Independent legal advice sought", ""),
    ("good_practice_alerts", "Good-practice alerts", "Positive alerts, counted beside challenges."),
    ("pressure_on_independence", "Records of pressure on independence",
     "Counted without their content."),
    ("recurring_challenges", "Recurring challenges",
     "Categories and teams whose disputes reached the council's threshold (today's)."),
)  # fmt: skip


def _headline_rows(
    periods: list[ReportingPeriod], figures: list[dict[str, Any]], labels: list[str]
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for key, label, description in HEADLINES:
        cells = []
        for period, figure, year in zip(periods, figures, labels, strict=True):
            text, behind = _headline(key, figure[key])
            drill = "challenges" if key == "challenges_per_100_children" else key
            linked = behind and drill in indicators.DRILL_DOWNS
            cells.append(
                {
                    "text": text,
                    "year": year,
                    "link": records_link(drill, period) if linked else None,
                }
            )
        rows.append({"key": key, "label": label, "description": description, "cells": cells})
    return rows


@requires("independence.indicators")
def indicators_page(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    periods = [indicators.reported(financial_year(y)) for y in (year - 2, year - 1, year)]
    figures = [indicators.indicators_for_period(p) for p in periods]
    audit_read(
        actor=request.user,
        object_type="independence_indicators",
        object_id=year,
        summary=f"Independence indicators for {year_label(periods[-1])} viewed",
    )
    return render(
        request,
        "independence/indicators.html",
        {
            "year": year,
            "years": started_years(timezone.localdate()),
            "periods": periods,
            "labels": [year_label(p) for p in periods],
            "rows": _headline_rows(periods, figures, [year_label(p) for p in periods]),
            "figures": figures,
            "latest": figures[-1],
            "latest_period": periods[-1],
            "link": records_link,
            "can_raise_systemic": user_can(request.user, "disputes.systemic"),
            "sees_pressure": access.sees_every_record(request.user),
        },
    )


def _period_from(request: HttpRequest) -> ReportingPeriod:
    try:
        period = ReportingPeriod(
            date.fromisoformat(request.GET.get("from", "")),
            date.fromisoformat(request.GET.get("to", "")),
        )
        return indicators.reported(period)
    except ValueError as error:
        raise Http404("The period must be two real dates and have begun") from error


def _child_of(record: Any) -> Child | None:
    return record if isinstance(record, Child) else getattr(record, "child", None)


def _shown_rows(
    listing: indicators.Listing, records: Any, hidden: set[int]
) -> list[dict[str, Any]]:
    """Each record as the reader may see it: a restricted child they are not named on shows
    as "Restricted record" with nothing else about it."""
    rows: list[dict[str, Any]] = []
    for record in records:
        child = _child_of(record)
        if child is not None and child.pk in hidden:
            rows.append({"child": None, "label": RESTRICTED, "dispute": None, "cells": []})
            continue
        dispute = listing.dispute_of(record)
        rows.append(
            {
                "child": child,
                "label": child.display_name if child is not None else "Not about one child",
                "dispute": dispute,
                "cells": listing.row(record),
            }
        )
    return rows


@requires("independence.indicators")
def records(request: HttpRequest, key: str) -> HttpResponse:
    period = _period_from(request)
    filters = indicators.Filters(
        iro=int_param(request.GET.get("iro")),
        team=int_param(request.GET.get("team")),
        manager=int_param(request.GET.get("manager")),
        stage=request.GET.get("stage") or None,
        outcome=request.GET.get("outcome") or None,
    )
    listing = indicators.drill_down(key, period, filters)
    if listing is None:
        raise Http404("No list of records stands behind this figure")
    exported = request.GET.get("format") == "csv"
    audit_read(
        actor=request.user,
        object_type="independence_drill_down",
        object_id=key,
        summary=f"Records behind {key} ({period.date_from} to {period.date_to}) "
        + ("downloaded as CSV" if exported else "viewed"),
        filters={k: v for k, v in vars(filters).items() if v is not None},
        exported=exported,
    )
    hidden = hidden_children(request.user)
    if exported:
        rows = _shown_rows(listing, listing.records, hidden)
        return tabular.csv_response(
            f"{key}-{period.date_from}-{period.date_to}.csv",
            ("Child", "Dispute", *listing.columns),
            (
                (
                    row["label"],
                    row["dispute"].reference if row["dispute"] else "",
                    *[format_date(v) if isinstance(v, date) else v for v in row["cells"]],
                )
                for row in rows
            ),
        )
    page = Paginator(listing.records, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "independence/records.html",
        {
            "listing": listing,
            "period": period,
            "page": page,
            "rows": _shown_rows(listing, page.object_list, hidden),
        },
    )


# --- records of pressure on independence -----------------------------------------------------


def _refuse(reason: str, object_id: Any = "") -> None:
    raise ObjectDenied(reason, object_type="pressure_record", object_id=object_id)


@requires("independence.pressure_view", object_type="pressure_record")
def pressure_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (access.may_record(user) or access.sees_every_record(user)):
        _refuse(
            "Only the IRO who made a record, the IRO service manager and the council's "
            "independent officer can see records of pressure on independence"
        )
    shown = access.visible_records(user).select_related("iro", "recorded_by")
    page = Paginator(shown.order_by("-occurred_on", "-pk"), 50).get_page(request.GET.get("page"))
    audit_read(
        actor=user,
        object_type="pressure_record",
        summary="Records of pressure on independence listed",
        filters={"page": request.GET.get("page")},
    )
    return render(
        request,
        "independence/pressure_list.html",
        {"page": page, "can_record": access.may_record(user)},
    )


@requires("independence.pressure", object_type="pressure_record")
def pressure_new(request: SignedInRequest) -> HttpResponse:
    iro = reviewing_officer_for(request.user)
    if iro is None:
        raise ObjectDenied(
            "Only an IRO can record pressure on their own independence",
            object_type="pressure_record",
        )
    form = PressureRecordForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            record = services.pressure_record_add(
                acting_user=request.user, iro=iro, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                "Your record has been saved. Only you, the IRO service manager and the independent officer can see it",
            )
            return HttpResponseRedirect(reverse("independence:pressure_detail", args=[record.pk]))
    return render(request, "independence/pressure_new.html", {"form": form})


def _readable(request: HttpRequest, pk: int) -> PressureRecord:
    record = get_object_or_404(
        PressureRecord.objects.select_related("iro", "recorded_by"), pk=pk, addition_to__isnull=True
    )
    if not access.may_read(request.user, record):
        _refuse(
            "Only the IRO who made this record, the IRO service manager and the council's "
            "independent officer can see it",
            pk,
        )
    return record


@requires("independence.pressure_view", object_type="pressure_record")
def pressure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = _readable(request, pk)
    audit_read(
        actor=request.user,
        object_type="pressure_record",
        object_id=record.pk,
        summary="Record of pressure on independence read",
    )
    notes = list(record.additions.select_related("recorded_by").order_by("recorded_at", "pk"))
    return render(
        request,
        "independence/pressure_detail.html",
        {
            "record": record,
            "notes": notes,
            "can_add": record.recorded_by_id == request.user.pk and access.may_record(request.user),
        },
    )


@requires("independence.pressure", object_type="pressure_record")
def pressure_note(request: SignedInRequest, pk: int) -> HttpResponse:
    record = _readable(request, pk)
    form = PressureNoteForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.pressure_note_add(acting_user=request.user, record=record, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your note has been added to the record")
            return HttpResponseRedirect(reverse("independence:pressure_detail", args=[record.pk]))
    return render(request, "independence/pressure_note.html", {"form": form, "record": record})


# --- recurring challenge ---------------------------------------------------------------------


@requires("disputes.systemic", object_type="systemic_issue")
def recurring_raise(request: SignedInRequest) -> HttpResponse:
    """Raise a systemic issue from a recurring challenge, pre-filled with its disputes, which
    are linked to the issue."""
    category = request.GET.get("category", "")
    team_id = int_param(request.GET.get("team"))
    found = next(
        (
            g
            for g in recurring.recurring_challenges(timezone.localdate())
            if g.category == category and g.team_id == team_id
        ),
        None,
    )
    if found is None or category not in Category.values:
        raise Http404("No recurring challenge of this category about this team")
    team = get_object_or_404(Team, pk=team_id)
    references = ", ".join(d.reference for d in found.disputes)
    initial = {
        "title": f"Recurring challenge: {found.category_label.lower()} ({team.name})",
        "raised_on": timezone.localdate(),
        "description": (
            f"{len(found.disputes)} disputes about {found.category_label.lower()} were raised "
            f"about {team.name} between {format_date(found.disputes[0].raised_on)} and "
            f"{format_date(found.disputes[-1].raised_on)}: {references}."
        ),
    }
    form = SystemicIssueForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            dispute_services.systemic_issue_record(
                acting_user=request.user, disputes=found.disputes, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"The systemic issue has been recorded and linked to {references}"
            )
            return HttpResponseRedirect(reverse("disputes:systemic"))
    return render(
        request,
        "independence/recurring_raise.html",
        {"form": form, "challenge": found},
    )
