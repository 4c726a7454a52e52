"""Pages for child protection conferences: the chair's conferences due, the service's, and
recording the strategy discussion, the initial and review conferences and their decisions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from iro.accounts.access import SignedInRequest, requires
from iro.accounts.models import ReviewingOfficer
from iro.audit.services import audit_read
from iro.children.models import Child
from iro.children.selectors import child_for_user, schedule_context
from iro.core import editlock
from iro.core.forms import add_service_errors
from iro.core.params import int_param
from iro.timetable.dates import format_date

from . import selectors, services
from .access import can_change_protection_records, require_protection_change
from .forms import (
    ConferenceDetailsForm,
    ConferenceEditForm,
    EnquiryForm,
    InitialConferenceForm,
    ReviewConferenceForm,
)
from .models import ChildProtectionPlan, Conference, Decision, Section47Enquiry

PAGE_SIZE = 50


def _child_url(child_id: int) -> str:
    return reverse("children:detail", args=[child_id]) + "#child-protection"


def _due_context() -> selectors.DueContext:
    context = schedule_context(timezone.localdate())
    return selectors.DueContext(as_of=context.as_of, due_soon_by=context.due_soon_by)


def _visible(queryset: QuerySet[Any], user: Any) -> QuerySet[Any]:
    """Leave out restricted records the reader is not named on (their existence included)."""
    named = Child.restricted_to.through.objects.filter(
        child_id=OuterRef("child_id"), user_id=user.pk
    )
    return queryset.filter(Q(child__restricted=False) | Exists(named))


def _chairs() -> list[ReviewingOfficer]:
    today = timezone.localdate()
    return list(ReviewingOfficer.objects.filter(Q(end_date__isnull=True) | Q(end_date__gte=today)))


def _posted(request: HttpRequest) -> Any:
    """The submitted data, even when empty (an empty form is an answer to check)."""
    return request.POST if request.method == "POST" else None


def _own_iro(user: Any) -> ReviewingOfficer | None:
    return ReviewingOfficer.objects.filter(user=user).first()


# --- conferences due ------------------------------------------------------------------------


@requires("conferences.view_own")
def my_conferences(request: HttpRequest) -> HttpResponse:
    """The chair's own conferences due: initial conferences, then review conferences, each most
    urgent first."""
    iro = _own_iro(request.user)
    context = _due_context()
    initial: list[Any] = []
    review: list[Any] = []
    if iro is not None:
        initial = list(
            _visible(selectors.initial_conferences_due(context, chair_id=iro.pk), request.user)
        )
        review = list(
            _visible(selectors.review_conferences_due(context, chair_id=iro.pk), request.user)
        )
    audit_read(
        actor=request.user,
        object_type="conference",
        summary="My conferences viewed",
        filters={"chair": iro.pk if iro else None},
    )
    return render(
        request,
        "conferences/my_conferences.html",
        {"iro": iro, "initial": initial, "review": review, "as_of": context.as_of},
    )


@requires("conferences.view_due")
def conferences_due(request: HttpRequest) -> HttpResponse:
    """Every conference due across the service, with filters by chair, status and kind."""
    chair_id = int_param(request.GET.get("chair"))
    status = request.GET.get("status") or None
    if status not in {None, *dict(selectors.STATUSES)}:
        status = None
    kind = request.GET.get("kind") or ""
    if kind not in {"", "initial", "review"}:
        kind = ""
    context = _due_context()
    initial_all = _visible(
        selectors.initial_conferences_due(context, chair_id=chair_id), request.user
    )
    review_all = _visible(
        selectors.review_conferences_due(context, chair_id=chair_id), request.user
    )
    initial = review = None
    if kind in {"", "initial"}:
        rows = initial_all.filter(due_status=status) if status else initial_all
        initial = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("ipage"))
    if kind in {"", "review"}:
        rows = review_all.filter(due_status=status) if status else review_all
        review = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("rpage"))
    audit_read(
        actor=request.user,
        object_type="conference",
        summary="Conferences due viewed",
        filters={"chair": chair_id, "status": status, "kind": kind},
    )
    return render(
        request,
        "conferences/conferences_due.html",
        {
            "initial": initial,
            "review": review,
            "initial_counts": selectors.status_counts(initial_all),
            "review_counts": selectors.status_counts(review_all),
            "chairs": list(ReviewingOfficer.objects.all()),
            "chair_id": chair_id,
            "status": status,
            "kind": kind,
            "statuses": selectors.STATUSES,
            "as_of": context.as_of,
        },
    )


# --- section 47 enquiries -------------------------------------------------------------------


def _enquiry_values(enquiry: Section47Enquiry) -> dict[str, Any]:
    return {
        "strategy_discussion_on": enquiry.strategy_discussion_on,
        "chair": str(enquiry.chair_id or ""),
        "icpc_not_required": enquiry.icpc_not_required,
    }


@requires("conferences.record")
def enquiry_new(request: SignedInRequest, child_pk: int) -> HttpResponse:
    child = child_for_user(request, child_pk)
    own = _own_iro(request.user)
    form = EnquiryForm(
        _posted(request),
        chairs=_chairs(),
        initial={"chair": str(own.pk)} if own else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            enquiry = services.enquiry_record(
                acting_user=request.user, child=child, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            due = format_date(enquiry.icpc_due) if enquiry.icpc_due else ""
            messages.success(
                request, f"Strategy discussion recorded: the initial conference is due by {due}"
            )
            return HttpResponseRedirect(_child_url(child.pk))
    return render(
        request,
        "conferences/enquiry_form.html",
        {"child": child, "form": form, "enquiry": None, "back": _child_url(child.pk)},
    )


@requires("conferences.record")
def enquiry_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    enquiry = get_object_or_404(Section47Enquiry.objects.select_related("chair"), pk=pk)
    child = child_for_user(request, enquiry.child_id)
    require_protection_change(
        request.user, child, enquiry.chair, object_type="section47_enquiry", object_id=enquiry.pk
    )
    enquiry.child = child
    form = EnquiryForm(
        _posted(request), chairs=_chairs(), editing=True, initial=_enquiry_values(enquiry)
    )
    editlock.protect(form, _enquiry_values(enquiry))
    if request.method == "POST" and form.is_valid():
        try:
            saved = editlock.save_if_unchanged(
                form,
                enquiry,
                _enquiry_values,
                lambda fresh: services.enquiry_update(
                    acting_user=request.user, enquiry=enquiry, **form.cleaned_data
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if saved:
                messages.success(request, "Section 47 enquiries changed")
                return HttpResponseRedirect(_child_url(child.pk))
    return render(
        request,
        "conferences/enquiry_form.html",
        {"child": child, "form": form, "enquiry": enquiry, "back": _child_url(child.pk)},
    )


# --- conferences ----------------------------------------------------------------------------


@requires("conferences.record")
def initial_conference_new(request: SignedInRequest, pk: int) -> HttpResponse:
    enquiry = get_object_or_404(Section47Enquiry.objects.select_related("chair"), pk=pk)
    child = child_for_user(request, enquiry.child_id)
    enquiry.child = child
    require_protection_change(
        request.user, child, enquiry.chair, object_type="conference", object_id=enquiry.pk
    )
    previous = ChildProtectionPlan.objects.filter(child=child).count()
    form = InitialConferenceForm(_posted(request), initial={"previous_plans": previous})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            conference = services.initial_conference_record(
                acting_user=request.user,
                enquiry=enquiry,
                held_on=data["held_on"],
                decision=data["decision"],
                attended=data["attended"],
                reports=form.reports(),
                category=data["category"] if data["decision"] == Decision.PLAN else "",
                previous_plans=data["previous_plans"]
                if data["decision"] == Decision.PLAN
                else None,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"Initial conference recorded: {conference.get_decision_display()}"
            )
            return HttpResponseRedirect(reverse("conferences:detail", args=[conference.pk]))
    return render(
        request,
        "conferences/conference_form.html",
        {
            "child": child,
            "form": form,
            "title": "Record the initial child protection conference",
            "due": enquiry.icpc_due,
            "basis": "15 working days after the strategy discussion on "
            + format_date(enquiry.strategy_discussion_on),
            "back": _child_url(child.pk),
        },
    )


@requires("conferences.record")
def review_conference_new(request: SignedInRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(ChildProtectionPlan.objects.select_related("chair"), pk=pk)
    child = child_for_user(request, plan.child_id)
    plan.child = child
    require_protection_change(
        request.user, child, plan.chair, object_type="conference", object_id=plan.pk
    )
    if plan.end_date is not None:
        raise Http404("The plan has ended")
    form = ReviewConferenceForm(_posted(request), initial={"category": plan.latest_category})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ends = data["decision"] == Decision.ENDS
        try:
            conference = services.review_conference_record(
                acting_user=request.user,
                plan=plan,
                held_on=data["held_on"],
                decision=data["decision"],
                attended=data["attended"],
                reports=form.reports(),
                category="" if ends else data["category"],
                end_reason=data["end_reason"] if ends else "",
                end_notes=data["end_notes"] if ends else "",
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"Review conference recorded: {conference.get_decision_display()}"
            )
            return HttpResponseRedirect(reverse("conferences:detail", args=[conference.pk]))
    return render(
        request,
        "conferences/conference_form.html",
        {
            "child": child,
            "form": form,
            "plan": plan,
            "title": "Record a review child protection conference",
            "due": plan.next_review_due,
            "basis": plan.next_review_basis,
            "back": _child_url(child.pk),
        },
    )


def _load_conference(request: HttpRequest, pk: int) -> Conference:
    conference = get_object_or_404(
        Conference.objects.select_related("chair", "plan", "plan__chair", "enquiry"), pk=pk
    )
    conference.child = child_for_user(request, conference.child_id)
    return conference


def _chair_of(conference: Conference) -> Any:
    return conference.plan.chair if conference.plan is not None else conference.chair


@requires("conferences.view")
def conference_detail(request: HttpRequest, pk: int) -> HttpResponse:
    conference = _load_conference(request, pk)
    return render(
        request,
        "conferences/conference_detail.html",
        {
            "conference": conference,
            "child": conference.child,
            "plan": conference.plan,
            "can_change": can_change_protection_records(
                request.user, conference.child, _chair_of(conference)
            ),
            "back": _child_url(conference.child_id),
        },
    )


def _conference_values(conference: Conference) -> dict[str, Any]:
    values: dict[str, Any] = {
        "held_on": conference.held_on,
        "attended": list(conference.attended),
        **ConferenceDetailsForm.initial_reports(conference.reports),
    }
    if conference.decision in (Decision.PLAN, Decision.CONTINUES):
        values["category"] = conference.category
    return values


@requires("conferences.record")
def conference_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    conference = _load_conference(request, pk)
    child = conference.child
    require_protection_change(
        request.user, child, _chair_of(conference), object_type="conference", object_id=pk
    )
    with_category = conference.decision in (Decision.PLAN, Decision.CONTINUES)
    shown = _conference_values(conference)
    form = ConferenceEditForm(_posted(request), with_category=with_category, initial=shown)
    editlock.protect(form, {**shown, "report_names": sorted(conference.reports)})

    def current(record: Conference) -> dict[str, Any]:
        return {**_conference_values(record), "report_names": sorted(record.reports)}

    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = editlock.save_if_unchanged(
                form,
                conference,
                current,
                lambda fresh: services.conference_update(
                    acting_user=request.user,
                    conference=conference,
                    held_on=data["held_on"],
                    attended=data["attended"],
                    reports=form.reports(),
                    category=data.get("category", ""),
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if saved:
                messages.success(request, f"{conference.get_kind_display()} changed")
                return HttpResponseRedirect(reverse("conferences:detail", args=[pk]))
    return render(
        request,
        "conferences/conference_form.html",
        {
            "child": child,
            "form": form,
            "conference": conference,
            "title": f"Change the {conference.get_kind_display().lower()}",
            "back": reverse("conferences:detail", args=[pk]),
        },
    )
