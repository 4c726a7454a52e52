"""Pages for foster carer reviews: the fostering IRO's reviews due, the service's reviews due,
a household's record and history, adding a household, recording a review and the panel."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from iro.accounts.access import SignedInRequest, requires
from iro.accounts.selectors import own_reviewing_officer
from iro.audit.services import audit_read
from iro.core import editlock
from iro.core.forms import add_service_errors
from iro.timetable.dates import format_date

from . import selectors, services
from .access import can_record_reviews, require_review_recording
from .forms import HouseholdForm, PanelForm, ReviewForm, household_initial, panel_initial
from .models import FosterCarerReview, FosterHousehold

PAGE_SIZE = 50


def _status(request: HttpRequest) -> str | None:
    status = request.GET.get("status") or None
    return status if status in selectors.STATUS_FILTERS else None


@requires("fostering.view_own")
def my_reviews(request: HttpRequest) -> HttpResponse:
    """The fostering IRO's households, the next review due first."""
    iro = own_reviewing_officer(request.user)
    as_of = timezone.localdate()
    status = _status(request)
    page = Paginator(
        selectors.households_due(as_of=as_of, chair_id=iro.pk, status=status), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    audit_read(
        actor=request.user,
        object_type="foster_households",
        summary=f"My foster carer reviews viewed (page {page.number})",
        filters={"status": status},
    )
    return render(
        request,
        "fostering/households_due.html",
        {
            "mine": True,
            "page": page,
            "rows": selectors.with_status(page, as_of),
            "counts": selectors.due_counts(as_of=as_of, chair_id=iro.pk),
            "status": status,
            "statuses": selectors.STATUS_FILTERS,
            "as_of": as_of,
        },
    )


@requires("fostering.view_service")
def service_reviews(request: HttpRequest) -> HttpResponse:
    """Every approved household across the service, the next review due first."""
    as_of = timezone.localdate()
    status = _status(request)
    page = Paginator(selectors.households_due(as_of=as_of, status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    audit_read(
        actor=request.user,
        object_type="foster_households",
        summary=f"Foster carer reviews due viewed (page {page.number})",
        filters={"status": status},
    )
    return render(
        request,
        "fostering/households_due.html",
        {
            "mine": False,
            "page": page,
            "rows": selectors.with_status(page, as_of),
            "counts": selectors.due_counts(as_of=as_of),
            "status": status,
            "statuses": selectors.STATUS_FILTERS,
            "as_of": as_of,
        },
    )


def _household(pk: int) -> FosterHousehold:
    return get_object_or_404(FosterHousehold.objects.select_related("chair"), pk=pk)


@requires("fostering.view", object_type="foster_household")
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    household = _household(pk)
    as_of = timezone.localdate()
    audit_read(
        actor=request.user,
        object_type="foster_household",
        object_id=household.pk,
        summary=f"Foster household {household.reference} viewed",
    )
    return render(
        request,
        "fostering/household.html",
        {
            "household": household,
            "reviews": list(selectors.household_reviews(household)),
            "row": selectors.with_status([household], as_of)[0],
            "can_record": can_record_reviews(request.user, household),
            "as_of": as_of,
        },
    )


@requires("fostering.manage_households")
def household_new(request: SignedInRequest) -> HttpResponse:
    as_of = timezone.localdate()
    form = HouseholdForm(request.POST if request.method == "POST" else None, as_of=as_of)
    if request.method == "POST" and form.is_valid():
        try:
            household = services.household_create(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Foster household {household.reference} has been added")
            return HttpResponseRedirect(reverse("fostering:household", args=[household.pk]))
    return render(request, "fostering/household_form.html", {"form": form, "household": None})


@requires("fostering.manage_households", object_type="foster_household")
def household_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    household = _household(pk)
    initial = household_initial(household)
    form = HouseholdForm(
        request.POST if request.method == "POST" else None,
        as_of=timezone.localdate(),
        initial=initial,
    )
    editlock.protect(form, initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = editlock.save_if_unchanged(
                form,
                household,
                household_initial,
                lambda fresh: services.household_update(
                    acting_user=request.user, household=fresh, **form.cleaned_data
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if saved:
                messages.success(request, f"Foster household {household.reference} updated")
                return HttpResponseRedirect(reverse("fostering:household", args=[household.pk]))
    return render(request, "fostering/household_form.html", {"form": form, "household": household})


@requires("fostering.record_review", object_type="foster_household")
def review_new(request: SignedInRequest, pk: int) -> HttpResponse:
    household = _household(pk)
    require_review_recording(request.user, household)
    form = ReviewForm(
        request.POST if request.method == "POST" else None,
        initial={"held_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_record(
                acting_user=request.user, household=household, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Review of {household.reference} on {format_date(review.held_on)} recorded",
            )
            return HttpResponseRedirect(reverse("fostering:household", args=[household.pk]))
    return render(
        request,
        "fostering/review_form.html",
        {"form": form, "household": household, "first": household.reviews_held == 0},
    )


@requires("fostering.record_review", object_type="foster_carer_review")
def review_panel(request: SignedInRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(
        FosterCarerReview.objects.select_related("household__chair", "chair"), pk=pk
    )
    require_review_recording(request.user, review.household)
    initial = panel_initial(review)
    form = PanelForm(request.POST if request.method == "POST" else None, initial=initial)
    editlock.protect(form, initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = editlock.save_if_unchanged(
                form,
                review,
                panel_initial,
                lambda fresh: services.review_panel_record(
                    acting_user=request.user, review=fresh, **form.cleaned_data
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if saved:
                messages.success(request, "Fostering panel and agency decision saved")
                return HttpResponseRedirect(
                    reverse("fostering:household", args=[review.household_id])
                )
    return render(request, "fostering/panel_form.html", {"form": form, "review": review})
