"""The review cycle's sections on the child's page and on an IRO's "My children" page."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from iro.accounts.access import user_can
from iro.children.access import can_change_child_records
from iro.core.council import working_day_calendar
from iro.core.panels import Panel
from iro.core.prepared import aggregated, prepared

from . import selectors
from .models import Convening, Recommendation, Review


@prepared
def _arranging(*, period_id: int) -> QuerySet[Convening]:
    return Convening.objects.filter(period_id=period_id, status=Convening.Status.ARRANGING)[:1]


@prepared
def _recent_reviews(*, child_id: int) -> QuerySet[Review]:
    return Review.objects.filter(child_id=child_id).order_by("-held_on", "-pk")[:6]


@prepared
def _open_recommendations(*, child_id: int) -> QuerySet[Any]:
    return selectors.open_recommendations().filter(child_id=child_id)[:20]


def child_panel(request: HttpRequest, child: Any) -> Panel | None:
    """The next review being arranged, the last review and open recommendations (3 queries
    plus the calendar)."""
    if not user_can(request.user, "reviews.view"):
        return None
    as_of, calendar = timezone.localdate(), working_day_calendar()
    may_change = can_change_child_records(request.user, child)
    convening = (
        next(iter(_arranging(period_id=child.current_period_id)), None)
        if child.current_period_id
        else None
    )
    recent = _recent_reviews(child_id=child.pk)
    recommendations = selectors.tag_rows(
        "recommendations", _open_recommendations(child_id=child.pk), as_of, calendar
    )
    return Panel(
        template="reviews/_child_panel.html",
        order=20,
        context={
            "child_pk": child.pk,
            "looked_after": child.current_period_id is not None,
            "convening": convening,
            "convening_deadlines": (
                selectors.convening_deadlines(convening, as_of, calendar) if convening else []
            ),
            "recent": recent,
            "recommendations": recommendations,
            "can_convene": may_change and user_can(request.user, "reviews.convene"),
            "can_record": may_change and user_can(request.user, "reviews.record"),
        },
    )


@prepared
def _letters_to_do(*, iro_id: int, as_of: date) -> QuerySet[Any]:
    write, distribute = selectors.LETTER_TO_WRITE, selectors.MINUTES_TO_DISTRIBUTE
    return aggregated(
        selectors.tracked_reviews().filter(chair_id=iro_id),
        letters=Count("id", filter=write),
        letters_overdue=Count("id", filter=write & Q(minutes_written_due__lt=as_of)),
        distribute=Count("id", filter=distribute),
        distribute_overdue=Count("id", filter=distribute & Q(minutes_distributed_due__lt=as_of)),
    )


@prepared
def _recommendations_overdue(*, iro_id: int, as_of: date) -> QuerySet[Any]:
    return aggregated(
        Recommendation.objects.filter(
            status=Recommendation.Status.OPEN, child__iro_id=iro_id, due_date__lt=as_of
        ),
        overdue=Count("id"),
    )


def my_work_panel(request: HttpRequest, iro: Any) -> Panel | None:
    """Letters to write, minutes to distribute and overdue recommendations (2 queries)."""
    as_of = timezone.localdate()
    reviews = _letters_to_do(iro_id=iro.pk, as_of=as_of)[0]
    overdue = _recommendations_overdue(iro_id=iro.pk, as_of=as_of)[0]["overdue"]
    return Panel(
        template="reviews/_my_work_panel.html",
        order=20,
        context={
            "letters": reviews["letters"],
            "letters_overdue": reviews["letters_overdue"],
            "distribute": reviews["distribute"],
            "distribute_overdue": reviews["distribute_overdue"],
            "recommendations_overdue": overdue,
        },
    )
