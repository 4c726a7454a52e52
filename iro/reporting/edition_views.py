"""Pages of the annual report's editions (produce, cover, approve, download) and comparators."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from iro.accounts.access import SignedInRequest, requires
from iro.audit.services import audit_read, audit_record
from iro.core import editlock
from iro.core.confirm import confirm_step, confirmation
from iro.core.forms import add_service_errors
from iro.core.params import int_param
from iro.timetable.dates import format_date

from . import services
from .annual_report import Report
from .arithmetic import financial_year_containing, started_years
from .charts import grouped_bar_svg
from .forms import ApproveForm, ComparatorForm, CoverForm, NewEditionForm
from .models import AnnualReport, AnnualReportEdition, Comparator
from .narrative import narrative_html
from .report_sections import SECTIONS

Edition = AnnualReportEdition
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def report_year(year: int) -> int:
    if not 2000 <= year <= financial_year_containing(timezone.localdate()):
        raise Http404("No such year: it has not begun")
    return year


def year_editions(year: int) -> list[Edition]:
    return list(
        Edition.objects.filter(year=year)
        .select_related("approved_by", "created_by", "superseded_by")
        .defer("pdf", "docx", "xlsx", "content")
    )


def current_edition(editions: list[Edition]) -> Edition | None:
    """The edition the year's page shows: the draft, else the latest approved, else the latest."""
    for status in (Edition.Status.DRAFT, Edition.Status.APPROVED):
        found = [e for e in editions if e.status == status]
        if found:
            return found[0]
    return editions[0] if editions else None


def _edition(year: int, number: int) -> Edition:
    return get_object_or_404(
        Edition.objects.select_related("approved_by", "created_by"),
        year=report_year(year),
        number=number,
    )


def _edition_url(edition: Edition, name: str = "annual_report_edition") -> str:
    return reverse(f"reporting:{name}", kwargs={"year": edition.year, "number": edition.number})


def render_report_page(
    request: HttpRequest, report: Report, edition: Edition | None, editions: list[Edition]
) -> HttpResponse:
    approve_form = None
    if edition is not None and not edition.frozen:
        approve_form = ApproveForm()
        editlock.protect(approve_form, _approval_values(edition))
    return render(
        request,
        "reporting/annual_report.html",
        {
            "report": report,
            "edition": edition,
            "editions": editions,
            "approve_form": approve_form,
            "year_ended": services.year_has_ended(report.year),
            "chart_svg": grouped_bar_svg,
            "narrative_html": narrative_html,
            "for_pdf": False,
        },
    )


@requires("reporting.annual_report_view")
def annual_report_edition(request: HttpRequest, year: int, number: int) -> HttpResponse:
    edition = _edition(year, number)
    audit_read(
        actor=request.user,
        object_type="annual_report_edition",
        object_id=edition.pk,
        summary=f"Annual report {edition.year} edition {edition.number} viewed",
    )
    return render_report_page(
        request, services.edition_report(edition), edition, year_editions(edition.year)
    )


def document_response(content: bytes, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@requires("reporting.annual_report_view")
def annual_report_edition_download(
    request: HttpRequest, year: int, number: int, fmt: str
) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404("Unknown format")
    edition = _edition(year, number)
    content = services.edition_document(edition, fmt)
    audit_record(
        actor=request.user,
        action="export",
        object_type="annual_report",
        object_id=edition.year,
        summary=f"Annual report {edition.year} edition {edition.number} "
        f"({edition.get_status_display().lower()}) downloaded as {fmt.upper()}",
    )
    return document_response(
        content, fmt, f"iro-annual-report-{edition.year}-edition-{edition.number}"
    )


@requires("reporting.annual_report_edit")
def annual_report_edition_new(request: SignedInRequest, year: int) -> HttpResponse:
    """Produce a draft edition. When an approved edition stands, the new one needs a reason and
    a check step: it will supersede that edition once approved."""
    year = report_year(year)
    editions = year_editions(year)
    draft = next((e for e in editions if e.status == Edition.Status.DRAFT), None)
    if draft is not None:
        messages.info(request, "There is already a draft edition of this year")
        return HttpResponseRedirect(_edition_url(draft))
    approved = next((e for e in editions if e.status == Edition.Status.APPROVED), None)
    data = request.POST if request.method == "POST" else None
    form: forms.Form = NewEditionForm(data) if approved else ApproveForm(data)
    step = confirm_step(request)
    if request.method == "POST" and form.is_valid() and step != "change":
        reason = form.cleaned_data.get("reason", "")
        if approved is not None and step == "ask":
            return confirmation(
                request,
                title=f"Start edition {editions[0].number + 1} of the {year} report",
                caption=f"IRO annual report {year} to {year + 1}",
                answers=[("Why a new edition is needed", reason)],
                will_happen=[
                    "A new draft edition is made from the records as they stand",
                    f"Edition {approved.number} stays approved until the new edition is "
                    "approved, and is then marked superseded with this reason",
                ],
                button="Start the new edition",
                back=_edition_url(approved),
            )
        try:
            edition = services.edition_produce(acting_user=request.user, year=year, reason=reason)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Edition {edition.number} has been drafted")
            return HttpResponseRedirect(_edition_url(edition))
    return render(
        request,
        "reporting/annual_report_edition_new.html",
        {"form": form, "year": year, "approved": approved},
    )


@requires("reporting.annual_report_edit")
def annual_report_edition_cover(request: SignedInRequest, year: int, number: int) -> HttpResponse:
    edition = _edition(year, number)
    if edition.frozen:
        raise Http404("An approved edition's cover cannot change")
    form = CoverForm(request.POST or None, initial=services.edition_cover(edition))
    editlock.protect(form, services.edition_cover(edition))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            fresh = editlock.locked_row(edition)
            if editlock.unchanged_since_shown(form, services.edition_cover(fresh)):
                try:
                    services.edition_update_cover(
                        acting_user=request.user, edition=fresh, **form.cleaned_data
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, "The cover has been saved")
                    return HttpResponseRedirect(_edition_url(edition))
    return render(
        request, "reporting/annual_report_edition_cover.html", {"form": form, "edition": edition}
    )


def _approval_values(edition: Edition) -> dict[str, Any]:
    saved = AnnualReport.objects.filter(year=edition.year).first()
    narrative = saved.narrative if saved else {}
    return {
        **{f"narrative_{s.key}": narrative.get(s.key, "") for s in SECTIONS},
        **services.edition_cover(edition),
    }


@requires("reporting.annual_report_approve")
def annual_report_edition_approve(request: SignedInRequest, year: int, number: int) -> HttpResponse:
    edition = _edition(year, number)
    if edition.frozen:
        messages.info(request, "This edition has already been approved")
        return HttpResponseRedirect(_edition_url(edition))
    form = ApproveForm(request.POST if request.method == "POST" else None)
    editlock.protect(form, _approval_values(edition))
    if not services.year_has_ended(edition.year):
        form.is_valid()
        form.add_error(
            None,
            f"You cannot approve the report for {edition.year} to {edition.year + 1} until the "
            f"year has ended on 31 March {edition.year + 1}: it can only be a draft to date",
        )
    elif request.method == "POST" and form.is_valid():
        step = confirm_step(request)
        if step == "ask":
            return _confirm_approval(request, edition)
        if step == "do":
            with transaction.atomic():
                fresh = editlock.locked_row(edition)
                if editlock.unchanged_since_shown(form, _approval_values(fresh)):
                    try:
                        services.edition_approve(acting_user=request.user, edition=fresh)
                    except ValidationError as error:
                        add_service_errors(form, error)
                    else:
                        fresh.refresh_from_db()
                        messages.success(
                            request,
                            f"Edition {fresh.number} has been approved: its figures are frozen, "
                            f"fingerprint {fresh.fingerprint}",
                        )
                        return HttpResponseRedirect(_edition_url(fresh))
    return render(
        request,
        "reporting/annual_report_edition_approve.html",
        {"form": form, "edition": edition, "year_ended": services.year_has_ended(edition.year)},
    )


def _confirm_approval(request: HttpRequest, edition: Edition) -> HttpResponse:
    saved = AnnualReport.objects.filter(year=edition.year).first()
    narrative = saved.narrative if saved else {}
    left_out = [s.title for s in SECTIONS if not (narrative.get(s.key) or "").strip()]
    approved = Edition.objects.filter(year=edition.year, status=Edition.Status.APPROVED).first()
    will_happen = [
        "The figures, tables, charts and narrative are frozen as they stand now: later changes "
        "to the records will not change this edition",
        "The PDF, Word and spreadsheet files are made and kept, each with the edition's "
        "fingerprint in its footer",
        f"You are recorded as approving it, today {format_date(timezone.localdate())}",
    ]
    if left_out:
        will_happen.append("Sections with no narrative are left out: " + ", ".join(left_out))
    if approved is not None:
        will_happen.append(
            f"Edition {approved.number} is marked superseded, for this reason: {edition.reason}"
        )
    return confirmation(
        request,
        title=f"Approve edition {edition.number} of the {edition.year} report",
        caption=f"IRO annual report {edition.year} to {edition.year + 1}",
        answers=[
            ("Author", edition.author),
            ("Date on the cover", format_date(edition.report_date)),
            ("Audience", edition.audience),
        ],
        will_happen=will_happen,
        button="Approve and freeze this edition",
        back=_edition_url(edition),
        warning="An approved edition cannot be changed. A correction needs a new edition.",
    )


# --- Comparators ------------------------------------------------------------------------------


def _comparator_years() -> list[int]:
    return started_years(timezone.localdate(), back=6)


@requires("reporting.annual_report_view")
def comparators(request: HttpRequest) -> HttpResponse:
    year = int_param(request.GET.get("year"))
    listed = Comparator.objects.select_related("updated_by")
    if year:
        listed = listed.filter(year=year)
    labels = dict(services.measure_choices(financial_year_containing(timezone.localdate())))
    audit_read(
        actor=request.user,
        object_type="comparator",
        summary="Annual report comparators listed",
        filters={"year": year},
    )
    return render(
        request,
        "reporting/comparators.html",
        {
            "comparators": list(listed),
            "labels": labels,
            "year": year,
            "years": _comparator_years(),
        },
    )


def _comparator_form(request: HttpRequest, initial: dict[str, Any] | None) -> ComparatorForm:
    return ComparatorForm(
        request.POST or None,
        initial=initial,
        measures=services.measure_choices(financial_year_containing(timezone.localdate())),
        years=_comparator_years(),
    )


def _values(comparator: Comparator) -> dict[str, Any]:
    return {name: getattr(comparator, name) for name in services.COMPARATOR_FIELDS}


@requires("reporting.comparators_edit")
def comparator_add(request: SignedInRequest) -> HttpResponse:
    form = _comparator_form(request, {"year": int_param(request.GET.get("year"))})
    if request.method == "POST" and form.is_valid():
        try:
            services.comparator_save(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The comparator has been added")
            return HttpResponseRedirect(reverse("reporting:comparators"))
    return render(request, "reporting/comparator_form.html", {"form": form, "comparator": None})


@requires("reporting.comparators_edit")
def comparator_change(request: SignedInRequest, pk: int) -> HttpResponse:
    comparator = get_object_or_404(Comparator, pk=pk)
    form = _comparator_form(request, _values(comparator))
    editlock.protect(form, _values(comparator))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            fresh = editlock.locked_row(comparator)
            if editlock.unchanged_since_shown(form, _values(fresh)):
                try:
                    services.comparator_save(
                        acting_user=request.user, comparator=fresh, **form.cleaned_data
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, "The comparator has been changed")
                    return HttpResponseRedirect(reverse("reporting:comparators"))
    return render(
        request, "reporting/comparator_form.html", {"form": form, "comparator": comparator}
    )


@requires("reporting.comparators_edit")
def comparator_delete(request: SignedInRequest, pk: int) -> HttpResponse:
    comparator = get_object_or_404(Comparator, pk=pk)
    if request.method == "POST" and confirm_step(request) == "do":
        services.comparator_delete(acting_user=request.user, comparator=comparator)
        messages.success(request, "The comparator has been deleted")
        return HttpResponseRedirect(reverse("reporting:comparators"))
    return confirmation(
        request,
        title="Delete this comparator",
        answers=[
            ("Measure", comparator.measure_key),
            ("Year", f"{comparator.year} to {comparator.year + 1}"),
            ("Who the figure is for", comparator.get_group_display()),
            ("Figure", str(comparator.value)),
            ("Source", comparator.source),
        ],
        will_happen=[
            "The figure is deleted and no longer shown in draft reports",
            "Approved editions keep the figures they were approved with",
        ],
        button="Delete the comparator",
        back=reverse("reporting:comparators"),
    )
