from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from iro.accounts.access import SignedInRequest, child_visible_to, requires, with_record_hidden
from iro.accounts.data_protection import subject_access_zip
from iro.accounts.forms import ChildRestrictionForm
from iro.accounts.models import ReviewingOfficer
from iro.accounts.selectors import own_reviewing_officer
from iro.accounts.services import child_restriction_set, require_named_to_change_restriction
from iro.audit.services import audit_read
from iro.core.confirm import confirm_step, confirmation
from iro.core.forms import add_service_errors, submitted
from iro.core.pagination import counted_page
from iro.core.panels import collect
from iro.core.params import int_param
from iro.timetable.reviews import review_status

from . import selectors, services
from .access import covering_now
from .forms import (
    ChildAdmitForm,
    IROAllocateForm,
    IROCoverEndForm,
    IROCoverForm,
    PeriodOfCareStartForm,
    RestrictionLiftRequestForm,
)
from .models import Child, RestrictionLiftRequest, Team

PAGE_SIZE = 50


def _active_iros() -> Any:
    today = timezone.localdate()
    return ReviewingOfficer.objects.filter(Q(end_date__isnull=True) | Q(end_date__gte=today))


@requires("children.view")
def child_list(request: SignedInRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip()[:100]
    iro_id = int_param(request.GET.get("iro"))
    team_id = int_param(request.GET.get("team"))
    looked_after = request.GET.get("looked_after", "yes")
    if looked_after not in {"yes", "no", "all"}:
        looked_after = "yes"
    queryset = with_record_hidden(
        selectors.children_register(
            search=search, iro_id=iro_id, team_id=team_id, looked_after=looked_after
        ),
        request.user,
    )
    if search:  # a restricted record is found by its exact child ID only, never by name
        queryset = queryset.filter(Q(record_hidden=False) | Q(la_child_id__iexact=search))
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    audit_read(
        actor=request.user,
        object_type="children_register",
        summary=f"Children's register {'searched' if search else 'viewed'} (page {page.number})",
        filters={"q": search, "iro": iro_id, "team": team_id, "looked_after": looked_after},
    )
    return render(
        request,
        "children/list.html",
        {
            "page": page,
            "search": search,
            "iro_id": iro_id,
            "team_id": team_id,
            "looked_after": looked_after,
            "iros": list(ReviewingOfficer.objects.all()),
            "teams": list(Team.objects.all()),
        },
    )


@requires("children.view")
def child_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    child = selectors.child_for_user(request, pk)
    context = selectors.schedule_context(timezone.localdate())
    record = selectors.child_record(child)
    status = None
    if child.current_period is not None:
        status = review_status(
            child.current_period.next_review_due,
            context.as_of,
            has_iro=child.iro_id is not None,
            calendar=context.calendar,
            timescales=context.timescales,
        )
    return render(
        request,
        "children/detail.html",
        {
            "child": child,
            "status": status,
            "as_of": context.as_of,
            "panels": collect("child_panel", request, child),
            **record,
        },
    )


@requires("children.add")
def child_admit(request: SignedInRequest) -> HttpResponse:
    form = ChildAdmitForm(request.POST or None)
    existing = None
    if request.method == "POST" and form.is_valid():
        la_child_id = form.cleaned_data["la_child_id"]
        try:
            child = services.child_admit(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            # Lead to the child already on the register (by ID only: it may be restricted).
            existing = Child.objects.filter(la_child_id=la_child_id).first()
        else:
            messages.success(request, f"{child.display_name} has been added to the register")
            return HttpResponseRedirect(reverse("children:detail", args=[child.pk]))
    return render(request, "children/admit.html", {"form": form, "existing": existing})


@requires("children.start_period")
def period_of_care_start(request: SignedInRequest, pk: int) -> HttpResponse:
    """A child who has left care comes back into care: a new period, the details kept."""
    child = selectors.child_for_user(request, pk)
    if child.current_period_id is not None:
        messages.error(request, f"{child.display_name} is already in care")
        return HttpResponseRedirect(reverse("children:detail", args=[child.pk]))
    form = PeriodOfCareStartForm(
        request.POST or None,
        initial={"team": child.team_id, "social_worker": child.social_worker_id},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and submitted(
            request,
            form,
            lambda: services.period_of_care_start(
                acting_user=request.user, child=child, **form.cleaned_data
            ),
            f"{child.display_name} is back in care: a new period started",
        )
    ):
        return HttpResponseRedirect(reverse("children:detail", args=[child.pk]))
    return render(request, "children/period_start.html", {"form": form, "child": child})


@requires("children.allocate_iro")
def iro_allocate(request: SignedInRequest, pk: int) -> HttpResponse:
    child = selectors.child_for_user(request, pk)
    iros = _active_iros()
    period = child.current_period
    form = IROAllocateForm(
        request.POST or None,
        iro_queryset=iros,
        ask_notified=services.notification_unrecorded(period),
        initial={"start_date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.iro_allocate(acting_user=request.user, child=child, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"{form.cleaned_data['iro']} is now {child.display_name}'s IRO"
            )
            return HttpResponseRedirect(reverse("children:detail", args=[child.pk]))
    caseloads = dict(
        Child.objects.filter(current_period__isnull=False, iro__isnull=False)
        .values_list("iro")
        .annotate(n=Count("id"))
        .values_list("iro", "n")
    )
    return render(
        request,
        "children/allocate.html",
        {
            "child": child,
            "form": form,
            "iros": list(iros),
            "caseloads": caseloads,
            "panels": collect("allocation_panel", request, child),
        },
    )


@requires("caseload.view_own")
def my_children(request: SignedInRequest) -> HttpResponse:
    iro = own_reviewing_officer(request.user)
    context = selectors.schedule_context(timezone.localdate())
    counts = selectors.review_status_counts(context, iro=iro)
    page = _paginated(
        lambda offset, limit: selectors.schedule_page(
            context, request.user, offset, limit, iro_id=iro.pk if iro else None
        ),
        100,
        sum(counts.values()),
        request,
    )
    covered = covering_now(request.user, context.as_of)
    covering = (
        selectors.schedule_rows(
            with_record_hidden(selectors.review_schedule(context).filter(covered), request.user)[
                :200
            ]
        )
        if covered is not None
        else []
    )
    return render(
        request,
        "children/my_children.html",
        {
            "iro": iro,
            "page": page,
            "covering": covering,
            "counts": counts,
            "as_of": context.as_of,
            "panels": collect("my_work_panel", request, iro),
        },
    )


@requires("reviews.view_due")
def reviews_due(request: SignedInRequest) -> HttpResponse:
    iro_id = int_param(request.GET.get("iro"))
    team_id = int_param(request.GET.get("team"))
    status = request.GET.get("status") or None
    if status not in {None, "overdue", "due_soon", "on_track", "no_iro"}:
        status = None
    iro = ReviewingOfficer.objects.filter(pk=iro_id).first() if iro_id else None
    context = selectors.schedule_context(timezone.localdate())
    counts = selectors.review_status_counts(context, iro=iro, team_id=team_id)
    page = _paginated(
        lambda offset, limit: selectors.schedule_page(
            context,
            request.user,
            offset,
            limit,
            iro_id=iro.pk if iro else None,
            team_id=team_id,
            status=status,
        ),
        PAGE_SIZE,
        counts[status] if status else sum(counts.values()),
        request,
    )
    return render(
        request,
        "children/reviews_due.html",
        {
            "page": page,
            "counts": counts,
            "as_of": context.as_of,
            "iro_id": iro_id,
            "team_id": team_id,
            "status": status,
            "iros": list(ReviewingOfficer.objects.all()),
            "teams": list(Team.objects.all()),
            "panels": collect("service_home_panel", request, None),
        },
    )


def _paginated(
    fetch: Callable[[int, int], list[Any]], per_page: int, count: int, request: SignedInRequest
) -> Any:
    """A page of the schedule as plain rows (`fetch(offset, limit)`)."""
    return counted_page(fetch, count, per_page, request)


@requires("children.cover")
def iro_covers(request: SignedInRequest) -> HttpResponse:
    """Cover arrangements now and to come, then past ones; the manager arranges new ones."""
    today = timezone.localdate()
    current = list(selectors.iro_covers().filter(end_date__gte=today))
    past = Paginator(selectors.iro_covers().filter(end_date__lt=today), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "children/covers.html", {"current": current, "past": past, "today": today}
    )


@requires("children.cover")
def iro_cover_new(request: SignedInRequest) -> HttpResponse:
    form = IROCoverForm(request.POST or None, iro_queryset=_active_iros(), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            cover = services.iro_cover_arrange(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{cover.covering_iro} covers for {cover.absent_iro} from "
                f"{cover.start_date:%-d %B %Y} to {cover.end_date:%-d %B %Y}",
            )
            return HttpResponseRedirect(reverse("children:iro_covers"))
    return render(request, "children/cover_new.html", {"form": form})


@requires("children.cover")
def iro_cover_end(request: SignedInRequest, pk: int) -> HttpResponse:
    cover = get_object_or_404(selectors.iro_covers(), pk=pk)
    form = IROCoverEndForm(request.POST or None, initial={"end_date": timezone.localdate()})
    if (
        request.method == "POST"
        and form.is_valid()
        and submitted(
            request,
            form,
            lambda: services.iro_cover_end(
                acting_user=request.user, cover=cover, end_date=form.cleaned_data["end_date"]
            ),
            f"Cover by {cover.covering_iro} has been ended",
        )
    ):
        return HttpResponseRedirect(reverse("children:iro_covers"))
    return render(request, "children/cover_end.html", {"form": form, "cover": cover})


@requires("children.restrict")
def restriction_lift_ask(request: SignedInRequest, pk: int) -> HttpResponse:
    """Someone not named on a restricted record asks the named people to lift it."""
    child = get_object_or_404(Child, pk=pk)
    if not child.restricted or child_visible_to(request.user, child):
        return HttpResponseRedirect(reverse("children:restriction", args=[child.pk]))
    form = RestrictionLiftRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.restriction_lift_request(
                acting_user=request.user, child=child, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, "Your request has been sent to the people named on the record"
            )
            return HttpResponseRedirect(reverse("children:list"))
    return render(
        request,
        "children/restriction_lift_ask.html",
        {"form": form, "la_child_id": child.la_child_id},
    )


@requires("children.restrict")
@require_POST
def restriction_lift_decide(request: SignedInRequest, pk: int) -> HttpResponse:
    lift_request = get_object_or_404(RestrictionLiftRequest.objects.select_related("child"), pk=pk)
    approve = request.POST.get("decision") == "approve"
    try:
        services.restriction_lift_decide(
            acting_user=request.user, request=lift_request, approve=approve
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, "The restriction has been lifted" if approve else "The request was refused"
        )
    return HttpResponseRedirect(reverse("children:restriction", args=[lift_request.child_id]))


@requires("children.restrict")
def restriction(request: SignedInRequest, pk: int) -> HttpResponse:
    child = get_object_or_404(Child, pk=pk)
    require_named_to_change_restriction(request.user, child)
    initial = {"restricted": child.restricted, "users": list(child.restricted_to.all())}
    # An empty POST is meaningful here: nothing ticked lifts the restriction.
    form = ChildRestrictionForm(request.POST if request.method == "POST" else None, initial=initial)
    lifting = child.restricted and not (form.is_bound and form.data.get("restricted"))
    step = confirm_step(request) if lifting else "do"
    if request.method == "POST" and form.is_valid() and step != "change":
        if step == "ask":
            named = ", ".join(str(u) for u in child.restricted_to.all()) or "nobody"
            return confirmation(
                request,
                title=f"Lift the restriction on child {child.la_child_id}",
                will_happen=[
                    "Everyone who may open children's records will be able to open this one, "
                    "and see the child's name on every list",
                    f"The people named on the restriction ({named}) are no longer listed",
                ],
                warning="Only lift a restriction when the reason for it has gone.",
                button="Lift the restriction",
                back=reverse("children:restriction", args=[child.pk]),
            )
        try:
            child_restriction_set(
                acting_user=request.user,
                child=child,
                restricted=form.cleaned_data["restricted"],
                users=form.cleaned_data["users"],
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(
                request,
                f"Child {child.la_child_id} is now a restricted record"
                if child.restricted
                else f"Child {child.la_child_id} is no longer restricted",
            )
            return HttpResponseRedirect(reverse("children:restriction", args=[child.pk]))
    pending = child.lift_requests.filter(approved__isnull=True).select_related("requested_by")
    return render(
        request,
        "children/restriction.html",
        {"child": child, "form": form, "pending": list(pending)},
    )


def _safe_name(text: str) -> str:
    # A file name from data: letters, digits and hyphens only (no header injection).
    return "".join(c for c in text if c.isalnum() or c == "-") or "child"


@requires("children.export_sar")
def subject_access_export(request: SignedInRequest, pk: int) -> HttpResponse:
    child = selectors.child_for_user(request, pk)
    content = subject_access_zip(child=child, acting_user=request.user)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="subject-access-{_safe_name(child.la_child_id)}.zip"'
    )
    return response
