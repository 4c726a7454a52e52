"""Pages for oversight between reviews, midpoint reviews, drift and dip-sampling."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from iro.accounts.access import SignedInRequest, requires
from iro.accounts.models import ReviewingOfficer
from iro.accounts.selectors import own_reviewing_officer, reviewing_officer_for
from iro.children.access import require_child_records_change
from iro.children.models import Child, Team
from iro.children.selectors import child_for_user
from iro.core.charts import BarGroup, grouped_bar_svg
from iro.core.forms import submitted
from iro.core.pagination import counted_page
from iro.core.params import int_param
from iro.reviews.models import Review

from . import drift_rules, selectors, services
from .forms import (
    NEXT_CHECK_WEEKS,
    DipSampleForm,
    MidpointReviewForm,
    OversightForm,
    oversight_defaults,
    parse_month,
)

PAGE_SIZE = 25


def _options(objects: Any) -> list[tuple[int, str]]:
    """(pk, name) pairs for a filter drop-down."""
    return [(item.pk, getattr(item, "name", str(item))) for item in objects]


def _own_iro(request: HttpRequest) -> ReviewingOfficer:
    return own_reviewing_officer(request.user)


def _in_care(child: Child) -> None:
    if child.current_period_id is None:
        raise Http404("Oversight is only recorded for a child in care")


@requires("oversight.record")
def oversight_new(request: SignedInRequest, pk: int) -> HttpResponse:
    child = child_for_user(request, pk)
    require_child_records_change(request.user, child)
    _in_care(child)
    recommendations = selectors.open_recommendations(child)
    form = OversightForm(
        request.POST if request.method == "POST" else None,
        recommendations=recommendations,
        initial=oversight_defaults(),
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and submitted(
            request,
            form,
            lambda: services.oversight_record(
                acting_user=request.user, child=child, **form.service_arguments()
            ),
            f"Oversight recorded for {child.display_name}",
        )
    ):
        return HttpResponseRedirect(reverse("children:detail", args=[child.pk]))
    return render(request, "monitoring/oversight_form.html", {"child": child, "form": form})


@requires("oversight.record")
def midpoint_new(request: SignedInRequest, pk: int) -> HttpResponse:
    child = child_for_user(request, pk)
    require_child_records_change(request.user, child)
    _in_care(child)
    today = timezone.localdate()
    form = MidpointReviewForm(
        request.POST if request.method == "POST" else None,
        initial={"date": today, "next_check_on": today + timedelta(weeks=NEXT_CHECK_WEEKS)},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and submitted(
            request,
            form,
            lambda: services.midpoint_review_record(
                acting_user=request.user, child=child, **form.service_arguments()
            ),
            f"Midpoint review recorded for {child.display_name}",
        )
    ):
        return HttpResponseRedirect(reverse("children:detail", args=[child.pk]))
    last_review = services.last_held_review(child)
    recommendations = (
        list(last_review.recommendations.order_by("due_date", "id")) if last_review else []
    )
    return render(
        request,
        "monitoring/midpoint_form.html",
        {
            "child": child,
            "form": form,
            "last_review": last_review,
            "recommendations": recommendations,
            "as_of": today,
        },
    )


@requires("oversight.view")
def child_oversights(request: SignedInRequest, pk: int) -> HttpResponse:
    child = child_for_user(request, pk)
    page = Paginator(selectors.oversights_for_child(child), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "monitoring/child_oversights.html", {"child": child, "page": page})


@requires("oversight.view")
def oversight_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    record = selectors.oversight_detail(pk)
    if record is None:
        raise Http404("No such oversight")
    child = child_for_user(request, record.child_id)
    return render(request, "monitoring/oversight_detail.html", {"record": record, "child": child})


def _drift_page(
    request: HttpRequest,
    *,
    iro_id: int | None,
    team_id: int | None,
    template_context: dict[str, Any],
) -> HttpResponse:
    rule = request.GET.get("rule") or None
    if rule not in drift_rules.RULES:
        rule = None
    as_of = timezone.localdate()
    # Filtered, counted, ordered and paginated in SQL from the stored facts; only the page's
    # children have their reasons written out. The counts give the list's length.
    counts = selectors.drift_counts(
        selectors.children_in_care_of(request.user, iro_id=iro_id, team_id=team_id)
    )
    page = counted_page(
        lambda offset, limit: selectors.drifting_page(
            request.user, offset, limit, iro_id=iro_id, team_id=team_id, rule=rule
        ),
        counts[rule] if rule else counts["drifting"],
        PAGE_SIZE,
        request,
    )
    page.object_list = selectors.page_rows(page.object_list, as_of)
    return render(
        request,
        "monitoring/drift.html",
        {
            "page": page,
            "rule": rule,
            "rule_label": drift_rules.RULES[rule][0] if rule else "",
            "rule_options": [
                (code, f"{label} ({counts[code]})")
                for code, (label, _) in drift_rules.RULES.items()
            ],
            "as_of": as_of,
            **template_context,
        },
    )


@requires("drift.view_own")
def my_drift(request: SignedInRequest) -> HttpResponse:
    iro = _own_iro(request)
    return _drift_page(
        request, iro_id=iro.pk, team_id=None, template_context={"iro": iro, "service": False}
    )


@requires("drift.view_service")
def service_drift(request: SignedInRequest) -> HttpResponse:
    iro_id, team_id = int_param(request.GET.get("iro")), int_param(request.GET.get("team"))
    iros = list(ReviewingOfficer.objects.all())
    iro = next((i for i in iros if i.pk == iro_id), None)
    return _drift_page(
        request,
        iro_id=iro.pk if iro is not None else None,
        team_id=team_id,
        template_context={
            "service": True,
            "iro_id": iro_id,
            "team_id": team_id,
            "iro_options": _options(iros),
            "team_options": _options(Team.objects.all()),
        },
    )


@requires("oversight.view")
def oversight_standards(request: SignedInRequest) -> HttpResponse:
    """Children and the oversight standard; an IRO sees their own children by default."""
    iros = list(ReviewingOfficer.objects.all())
    own = next((i for i in iros if i.user_id == request.user.pk), None)
    iro_id = (
        int_param(request.GET.get("iro")) if "iro" in request.GET else (own.pk if own else None)
    )
    iro = next((i for i in iros if i.pk == iro_id), None)
    status = request.GET.get("status", "below")
    if status not in {"below", "on_track", "met", ""}:
        status = "below"
    as_of = timezone.localdate()
    children = selectors.children_in_care(user=request.user, iro=iro)
    counts = selectors.standard_counts(children)
    settings = selectors.monitoring_settings()
    page = Paginator(selectors.by_standard(children, status=status or None), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page.object_list = selectors.page_rows(page.object_list, as_of, settings=settings)  # type: ignore[assignment]
    return render(
        request,
        "monitoring/standards.html",
        {
            "page": page,
            "counts": counts,
            "status": status,
            "iro_id": iro_id,
            "iro_options": _options(iros),
            "as_of": as_of,
            "settings": settings,
        },
    )


# --- Dip sampling -------------------------------------------------------------------------


@requires("qa.dip_sample")
def dip_sample(request: SignedInRequest) -> HttpResponse:
    as_of = timezone.localdate()
    month = parse_month(request.GET.get("month"), as_of)
    sample = selectors.dip_sample(month, user=request.user)
    return render(
        request,
        "monitoring/dip_sample.html",
        {
            "month": month,
            "months": selectors.months_with_dates(as_of),
            **sample,
        },
    )


def _rate(
    request: SignedInRequest, *, subject: Any, child: Child, kind: str, back_month: str
) -> HttpResponse:
    existing = getattr(subject, "dip_sample", None)
    initial = {"rating": existing.rating, "feedback": existing.feedback} if existing else {}
    form = DipSampleForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.dip_sample_rate(acting_user=request.user, **{kind: subject}, **form.cleaned_data)
        messages.success(request, f"Rating saved for {child.display_name}")
        return HttpResponseRedirect(reverse("monitoring:dip_sample") + f"?month={back_month}")
    return render(
        request,
        "monitoring/dip_sample_rate.html",
        {"form": form, "subject": subject, "child": child, "kind": kind, "month": back_month},
    )


@requires("qa.dip_sample")
def dip_sample_oversight(request: SignedInRequest, pk: int) -> HttpResponse:
    record = selectors.oversight_detail(pk)
    if record is None:
        raise Http404("No such oversight")
    child = child_for_user(request, record.child_id)
    return _rate(
        request, subject=record, child=child, kind="oversight", back_month=f"{record.date:%Y-%m}"
    )


@requires("qa.dip_sample")
def dip_sample_review(request: SignedInRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(
        Review.objects.select_related("chair").prefetch_related("recommendations"),
        pk=pk,
        status=Review.Status.HELD,
    )
    child = child_for_user(request, review.child_id)
    return _rate(
        request, subject=review, child=child, kind="review", back_month=f"{review.held_on:%Y-%m}"
    )


@requires("qa.view_report")
def dip_sample_report(request: SignedInRequest) -> HttpResponse:
    as_of = timezone.localdate()
    month = parse_month(request.GET.get("month"), as_of)
    report = selectors.dip_sample_report(month)
    chart = None
    if report["total"]:
        chart = grouped_bar_svg(
            f"Ratings given in {month:%B %Y}",
            [
                BarGroup(label, (float(n),))
                for (_value, label), n in zip(report["ratings"], report["totals"], strict=True)
            ],
            ("Items rated",),
        )
    return render(
        request,
        "monitoring/dip_sample_report.html",
        {
            "month": month,
            "months": selectors.months_with_dates(as_of),
            "report": report,
            "chart": chart,
        },
    )


@requires("qa.view_feedback")
def feedback(request: SignedInRequest) -> HttpResponse:
    """An IRO sees the feedback on their own work; a manager sees everyone's."""
    own = reviewing_officer_for(request.user)
    iros: list[ReviewingOfficer] = []
    iro_id = None
    if own is None:
        iros = list(ReviewingOfficer.objects.all())
        iro_id = int_param(request.GET.get("iro"))
        subject = next((i for i in iros if i.pk == iro_id), None)
    else:
        subject = own
    page = Paginator(selectors.feedback_for(subject, user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "monitoring/feedback.html",
        {"page": page, "own": own, "iro_options": _options(iros), "iro_id": iro_id},
    )
