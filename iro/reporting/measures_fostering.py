"""Measures of the other meetings IROs chair: foster carer reviews (Fostering Services
(England) Regulations 2011, regulation 28) and supervision order reviews. Each is a queryset
filter like the core measures, so the scorecard's figure, the trend and the drill-down agree."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from iro.fostering.models import FosterCarerReview
from iro.orders.models import SupervisionOrderReview

from .arithmetic import ReportingPeriod
from .measures import Measure, Scope, Subject, _scoped, dated


def _foster_reviews(period: ReportingPeriod, scope: Scope) -> QuerySet[Any]:
    """Foster carer reviews held in the period, by the IRO who chaired them. Households are not
    in a children's team, so a team's figures have none."""
    queryset = FosterCarerReview.objects.filter(
        held_on__gte=period.date_from, held_on__lte=period.date_to
    ).select_related("household", "chair")
    if scope.team_id is not None:
        return queryset.none()
    if scope.iro_id is not None:
        queryset = queryset.filter(chair_id=scope.iro_id)
    return queryset


def _order_reviews(period: ReportingPeriod, scope: Scope) -> QuerySet[Any]:
    queryset = SupervisionOrderReview.objects.filter(
        held_on__gte=period.date_from, held_on__lte=period.date_to
    ).select_related("chair")
    return _scoped(queryset, scope, "order__child__", "chair_id")


FOSTER_REVIEWS = Subject(
    "foster_carer_reviews",
    "foster carer reviews",
    _foster_reviews,
    "",
    ("Household", "Date of review", "Due by", "In timescale", "Fostering IRO"),
    lambda r: [
        r.household.reference,
        r.held_on,
        r.due_on,
        {True: "Yes", False: "No", None: "Not known"}[r.in_timescale],
        r.chair.name,
    ],
    within=dated("held_on"),
)
ORDER_REVIEWS = Subject(
    "supervision_order_reviews",
    "supervision order reviews",
    _order_reviews,
    "order__child",
    ("Date of review", "Order made", "IRO"),
    lambda r: [r.held_on, r.order.made_on, r.chair.name],
    within=dated("held_on"),
)


def fostering_measures(period: ReportingPeriod) -> list[Measure]:
    return [
        Measure(
            "foster_carer_reviews_in_timescale",
            "Foster carer reviews in timescale",
            "Foster carer and supervision order reviews",
            FOSTER_REVIEWS,
            "rate",
            Q(in_timescale__isnull=False),
            Q(in_timescale=True),
            description="Foster carer reviews held in the period that were held within a year "
            "of approval (the first) or of the review before (Fostering Services (England) "
            "Regulations 2011, regulation 28).",
        ),
        Measure(
            "supervision_order_reviews_held",
            "Supervision order reviews held",
            "Foster carer and supervision order reviews",
            ORDER_REVIEWS,
            "count",
            description="Reviews of the plan for children who left care proceedings on a "
            "supervision order, chaired by an IRO, held in the period.",
            higher_is_better=None,
        ),
    ]
