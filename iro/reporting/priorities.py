"""The IRO service's priorities for a year: services, form and pages (audited; concurrent edits
refused). The annual report shows a year's priorities as "last year's priorities" (with their
status) and the next year's as "next year's priorities" (with their owner and date)."""

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

from iro.accounts.access import SignedInRequest, requires, user_can
from iro.accounts.models import User
from iro.audit.services import audit_read, audit_record, field_changes
from iro.core import editlock
from iro.core.forms import GovukDateField, GovukForm, add_service_errors

from .arithmetic import financial_year_containing
from .models import Priority

FIELDS = ("year", "title", "owner", "due_on", "status", "progress")


def _values(priority: Priority) -> dict[str, Any]:
    return {name: getattr(priority, name) for name in FIELDS}


@transaction.atomic
def priority_create(*, acting_user: User | None, **fields: Any) -> Priority:
    priority = Priority(**{k: v for k, v in fields.items() if k in FIELDS})
    priority.updated_by = acting_user
    priority.full_clean()
    priority.save()
    audit_record(
        actor=acting_user,
        action="create",
        object_type="priority",
        object_id=priority.pk,
        summary=f"Priority for {priority.year} added: {priority.title}",
    )
    return priority


@transaction.atomic
def priority_update(*, acting_user: User | None, priority: Priority, **fields: Any) -> Priority:
    before = _values(priority)
    for name, value in fields.items():
        if name in FIELDS:
            setattr(priority, name, value)
    priority.updated_by = acting_user
    priority.full_clean()
    priority.save()
    audit_record(
        actor=acting_user,
        action="update",
        object_type="priority",
        object_id=priority.pk,
        summary=f"Priority for {priority.year} changed: {priority.title}",
        changes=field_changes(before, _values(priority)),
    )
    return priority


def priorities_for(year: int) -> list[Priority]:
    return list(Priority.objects.filter(year=year).order_by("due_on", "pk"))


class PriorityForm(GovukForm):
    required_messages = {
        "year": "Select the year it is a priority for",
        "title": "Enter the priority",
        "owner": "Enter who owns it",
        "status": "Select the status",
    }
    error_names = {"progress": "What happened", "due_on": "The date it is to be done by"}
    year = forms.TypedChoiceField(
        label="Which year is it a priority for?", coerce=int, widget=forms.RadioSelect
    )
    title = forms.CharField(label="Priority", max_length=300)
    owner = forms.CharField(
        label="Who owns it", max_length=120, help_text="A name or a role, for example IRO manager"
    )
    due_on = GovukDateField(label="To be done by (optional)", required=False)
    status = forms.ChoiceField(
        label="Status", choices=Priority.Status.choices, widget=forms.RadioSelect
    )
    progress = forms.CharField(
        label="What happened (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, f"{y} to {y + 1}") for y in years]  # type: ignore[attr-defined]


def _years(report_year: int) -> list[int]:
    """A report's priorities: its own year's and the next year's."""
    return [report_year, report_year + 1]


def _report_year(year: int) -> int:
    if not 2000 <= year <= financial_year_containing(timezone.localdate()):
        raise Http404("No such year: it has not begun")
    return year


@requires("reporting.annual_report_view")
def priorities(request: HttpRequest, year: int) -> HttpResponse:
    year = _report_year(year)
    audit_read(actor=request.user, object_type="priority", summary=f"Priorities for {year} viewed")
    return render(
        request,
        "reporting/priorities.html",
        {
            "year": year,
            "last_year": priorities_for(year),
            "next_year": priorities_for(year + 1),
            "can_edit": user_can(request.user, "reporting.annual_report_edit"),
        },
    )


def _back(year: int) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("reporting:priorities", kwargs={"year": year}))


@requires("reporting.annual_report_edit")
def priority_new(request: SignedInRequest, year: int) -> HttpResponse:
    year = _report_year(year)
    form = PriorityForm(
        request.POST or None, years=_years(year), initial={"year": year + 1, "status": "planned"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            priority_create(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Priority added")
            return _back(year)
    return render(request, "reporting/priority_form.html", {"form": form, "year": year})


@requires("reporting.annual_report_edit")
def priority_edit(request: SignedInRequest, year: int, pk: int) -> HttpResponse:
    year = _report_year(year)
    priority = get_object_or_404(Priority, pk=pk, year__in=_years(year))
    form = PriorityForm(request.POST or None, years=_years(year), initial=_values(priority))
    editlock.protect(form, _values(priority))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            saved = editlock.save_if_unchanged(
                form,
                priority,
                _values,
                lambda fresh: priority_update(acting_user=request.user, priority=fresh, **data),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if saved:
                messages.success(request, "Priority changed")
                return _back(year)
    return render(
        request, "reporting/priority_form.html", {"form": form, "year": year, "priority": priority}
    )
