"""Reading supervision orders: a fixed number of queries per page."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Min, Q, QuerySet

from iro.accounts.access import visible_children
from iro.children.models import Child
from iro.core.prepared import prepared
from iro.timetable.fostering import order_status

from .models import SupervisionOrder

STATUS_FILTERS = {
    "awaiting_first_review": "Waiting for the first review",
    "first_review_held": "First review held",
    "order_ended": "Order ended",
}


def running_on(day: date) -> Q:
    return Q(made_on__lte=day, ends_on__gte=day)


def orders_by_chair(day: date) -> dict[int, int]:
    """{IRO id: supervision orders running on `day` they chair} (one query): the workload kind
    "supervision_order" in the caseloads."""
    rows = (
        SupervisionOrder.objects.filter(running_on(day))
        .order_by()
        .values("chair_id")
        .annotate(n=Count("pk"))
        .values_list("chair_id", "n")
    )
    return dict(rows)


def _status_q(status: str | None, as_of: date) -> Q:
    if status == "order_ended":
        return Q(ends_on__lt=as_of)
    if status == "awaiting_first_review":
        return Q(ends_on__gte=as_of, reviews_held=0)
    if status == "first_review_held":
        return Q(ends_on__gte=as_of, reviews_held__gt=0)
    return Q()


def orders(
    *, user: Any, as_of: date, chair_id: int | None = None, status: str | None = None
) -> QuerySet[SupervisionOrder]:
    """Orders (restricted children's only for the people named on them), annotated with the
    reviews held and the first review's date, running orders first (one query)."""
    children = visible_children(Child.objects.all(), user).values("pk")
    queryset = (
        SupervisionOrder.objects.filter(child_id__in=children)
        .select_related("child", "chair")
        .annotate(reviews_held=Count("reviews"), first_review_on=Min("reviews__held_on"))
    )
    if chair_id is not None:
        queryset = queryset.filter(chair_id=chair_id)
    return queryset.filter(_status_q(status, as_of)).order_by("-ends_on", "made_on", "pk")


def status_counts(*, user: Any, as_of: date, chair_id: int | None = None) -> dict[str, int]:
    base: Any = orders(user=user, as_of=as_of, chair_id=chair_id).order_by()
    rows = base.values_list("ends_on", "reviews_held")
    counts = dict.fromkeys(STATUS_FILTERS, 0)
    for ends_on, held in rows:
        counts[order_status(ends_on, held, as_of).value] += 1
    return counts


def orders_for_child(child: Child) -> list[SupervisionOrder]:
    """The child's orders with their reviews (two queries)."""
    return _orders_for_child(child_id=child.pk)


@prepared
def _orders_for_child(*, child_id: int) -> QuerySet[SupervisionOrder]:
    return (
        SupervisionOrder.objects.filter(child_id=child_id)
        .select_related("chair")
        .prefetch_related("reviews__chair")
        .order_by("-made_on", "pk")
    )
