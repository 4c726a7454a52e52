"""Pages for supervision orders: the IRO's orders, the service's orders, recording an order
for a child and recording a review of its plan."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from iro.accounts.access import RestrictedRecord, SignedInRequest, child_visible_to, requires
from iro.accounts.selectors import own_reviewing_officer
from iro.audit.services import audit_read
from iro.children.access import require_child_records_change
from iro.children.selectors import child_for_user
from iro.core.forms import add_service_errors
from iro.timetable import fostering as rules

from . import selectors, services
from .access import require_order_review_recording
from .forms import OrderReviewForm, SupervisionOrderForm
from .models import SupervisionOrder

PAGE_SIZE = 50


def _list(request: HttpRequest, *, chair_id: int | None, mine: bool) -> HttpResponse:
    as_of = timezone.localdate()
    status = request.GET.get("status") or None
    if status not in selectors.STATUS_FILTERS:
        status = None
    page = Paginator(
        selectors.orders(user=request.user, as_of=as_of, chair_id=chair_id, status=status),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    audit_read(
        actor=request.user,
        object_type="supervision_orders",
        summary=f"{'My supervision orders' if mine else 'Supervision orders'} viewed "
        f"(page {page.number})",
        filters={"status": status},
    )
    return render(
        request,
        "orders/orders.html",
        {
            "mine": mine,
            "page": page,
            "rows": [
                (order, rules.order_status(order.ends_on, order.reviews_held, as_of))  # type: ignore[attr-defined]
                for order in page
            ],
            "counts": selectors.status_counts(user=request.user, as_of=as_of, chair_id=chair_id),
            "status": status,
            "statuses": selectors.STATUS_FILTERS,
        },
    )


@requires("orders.view_own")
def my_orders(request: HttpRequest) -> HttpResponse:
    return _list(request, chair_id=own_reviewing_officer(request.user).pk, mine=True)


@requires("orders.view_service")
def service_orders(request: HttpRequest) -> HttpResponse:
    return _list(request, chair_id=None, mine=False)


@requires("orders.record")
def order_new(request: SignedInRequest, pk: int) -> HttpResponse:
    child = child_for_user(request, pk)
    require_child_records_change(request.user, child, object_type="supervision_order")
    as_of = timezone.localdate()
    form = SupervisionOrderForm(
        request.POST if request.method == "POST" else None,
        as_of=as_of,
        initial={"made_on": as_of, "months": 12, "chair": child.iro_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.supervision_order_record(
                acting_user=request.user, child=child, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Supervision order recorded for {child.display_name}")
            return HttpResponseRedirect(reverse("children:detail", args=[child.pk]) + "#orders")
    return render(request, "orders/order_form.html", {"form": form, "child": child})


@requires("orders.record", object_type="supervision_order")
def review_new(request: SignedInRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(
        SupervisionOrder.objects.select_related("child", "chair", "child__iro"), pk=pk
    )
    if not child_visible_to(request.user, order.child):
        raise RestrictedRecord(order.child)
    require_order_review_recording(request.user, order)
    form = OrderReviewForm(
        request.POST if request.method == "POST" else None,
        initial={"held_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.supervision_order_review_record(
                acting_user=request.user, order=order, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Supervision order review recorded")
            return HttpResponseRedirect(
                reverse("children:detail", args=[order.child_id]) + "#orders"
            )
    return render(request, "orders/review_form.html", {"form": form, "order": order})
