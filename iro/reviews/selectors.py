"""Reading the review cycle. Each selector owns the joins that keep a page's queries constant."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from iro.accounts.access import user_can
from iro.accounts.models import ReviewingOfficer
from iro.children.access import can_change_child_records
from iro.children.models import Child
from iro.timetable.calendar import WorkingDayCalendar
from iro.timetable.reviews import deadline_status

from .models import Convening, Invitee, Recommendation, Review

# Reviews due within this many working days (or overdue) and not yet arranged are "to convene".
CONVENE_AHEAD_WORKING_DAYS = 25


@dataclass(frozen=True)
class Deadline:
    label: str
    due: date | None
    done_on: date | None
    status: str  # a deadline_status value, or "unknown" when there is no due date


def deadline(
    label: str, due: date | None, done_on: date | None, as_of: date, calendar: WorkingDayCalendar
) -> Deadline:
    if due is None:
        return Deadline(label, None, done_on, "unknown")
    return Deadline(label, due, done_on, deadline_status(due, as_of, done_on, calendar=calendar))


def tracked_reviews() -> QuerySet[Review]:
    """Held reviews whose letter and recommendations the product tracks: historical reviews
    imported from the 903 return carry no minutes dates, so they are not work to do."""
    return Review.objects.filter(status=Review.Status.HELD).exclude(source=Review.Source.SSDA903)


def _arranging() -> Any:
    return Convening.objects.filter(
        period_id=OuterRef("current_period_id"), status=Convening.Status.ARRANGING
    )


def children_to_convene(*, as_of: date, calendar: WorkingDayCalendar) -> QuerySet[Child]:
    """Children in care whose next review is due soon (or overdue) with nothing arranged."""
    horizon = calendar.add_working_days(as_of, CONVENE_AHEAD_WORKING_DAYS)
    return (
        Child.objects.filter(current_period__isnull=False)
        .filter(
            Q(current_period__next_review_due__lte=horizon)
            | Q(current_period__next_review_due__isnull=True)
        )
        .exclude(Exists(_arranging()))
        .select_related("current_period", "iro", "social_worker")
        .order_by("current_period__next_review_due", "last_name", "first_name", "pk")
    )


def convenings_arranging() -> QuerySet[Convening]:
    return (
        Convening.objects.filter(status=Convening.Status.ARRANGING)
        .select_related("child", "child__iro", "period")
        .annotate(
            invitations_to_send=Count(
                "invitees",
                filter=Q(invitees__invited=True, invitees__invitation_sent_on__isnull=True),
            )
        )
        .order_by("proposed_date", "pk")
    )


# A held review's letter still to write, and its minutes written but still to send.
LETTER_TO_WRITE = Q(minutes_written_on__isnull=True)
MINUTES_TO_DISTRIBUTE = Q(minutes_written_on__isnull=False, minutes_distributed_on__isnull=True)


def letters_to_write() -> QuerySet[Review]:
    return (
        tracked_reviews()
        .filter(LETTER_TO_WRITE)
        .select_related("child", "child__iro", "chair")
        .annotate(recommendation_count=Count("recommendations"))
        .order_by("minutes_written_due", "pk")
    )


def minutes_to_distribute() -> QuerySet[Review]:
    return (
        tracked_reviews()
        .filter(MINUTES_TO_DISTRIBUTE)
        .select_related("child", "child__iro", "chair")
        .order_by("minutes_distributed_due", "pk")
    )


def open_recommendations() -> QuerySet[Recommendation]:
    return (
        Recommendation.objects.filter(status=Recommendation.Status.OPEN)
        .select_related("child", "review", "owner")
        .order_by("due_date", "pk")
    )


# --- "My reviews" (an IRO) and the business-support convening queue -----------------------------

MY_REVIEW_SECTIONS = {
    "convene": "To convene",
    "hold": "To hold",
    "write": "Letters to write",
    "distribute": "To distribute",
    "recommendations": "Overdue recommendations",
}

QUEUE_SECTIONS = {
    "arrange": "Reviews to arrange",
    "invitations": "Invitations to send",
    "requests": "Convening requests not received",
    "distribute": "Minutes to distribute",
}


def visible_to(queryset: QuerySet[Any], user: Any, child: str = "child") -> QuerySet[Any]:
    """Leave out rows about restricted children this person is not named on."""
    through = Child.restricted_to.through
    user_id = user.pk if getattr(user, "is_authenticated", False) else 0
    prefix = f"{child}__" if child else ""
    named = Exists(through.objects.filter(child_id=OuterRef(f"{prefix}pk"), user_id=user_id))
    return queryset.filter(Q(**{f"{prefix}restricted": False}) | named)


def my_reviews(
    iro: ReviewingOfficer, *, user: Any, as_of: date, calendar: WorkingDayCalendar
) -> dict:
    """The querysets behind each section of an IRO's "My reviews" page."""
    sections = {
        "convene": children_to_convene(as_of=as_of, calendar=calendar).filter(iro=iro),
        "hold": convenings_arranging().filter(child__iro=iro),
        "write": letters_to_write().filter(chair=iro),
        "distribute": minutes_to_distribute().filter(chair=iro),
        "recommendations": open_recommendations().filter(child__iro=iro, due_date__lt=as_of),
    }
    return {
        name: visible_to(qs, user, "" if name == "convene" else "child")
        for name, qs in sections.items()
    }


def convening_queue(*, user: Any, as_of: date, calendar: WorkingDayCalendar) -> dict:
    """The querysets behind each section of the business-support convening queue."""
    sections = _queue(as_of=as_of, calendar=calendar)
    return {
        name: visible_to(qs, user, "" if name == "arrange" else "child")
        for name, qs in sections.items()
    }


def _queue(*, as_of: date, calendar: WorkingDayCalendar) -> dict:
    return {
        "arrange": children_to_convene(as_of=as_of, calendar=calendar),
        "invitations": convenings_arranging().filter(
            Exists(
                Invitee.objects.filter(
                    convening_id=OuterRef("pk"), invited=True, invitation_sent_on__isnull=True
                )
            )
        ),
        "requests": convenings_arranging().filter(
            convening_request_received_on__isnull=True, convening_request_due__lte=as_of
        ),
        "distribute": minutes_to_distribute(),
    }


def section_counts(querysets: dict[str, QuerySet[Any]]) -> dict[str, int]:
    return {name: queryset.order_by().count() for name, queryset in querysets.items()}


# --- Recommendations for operational staff -----------------------------------------------------


def recommendations_for_user(user: Any) -> QuerySet[Recommendation]:
    """Recommendations addressed to the user, or for children whose social worker they are."""
    return visible_to(
        Recommendation.objects.filter(Q(owner=user) | Q(child__social_worker__user=user))
        .select_related("child", "review", "owner", "completed_by")
        .order_by("due_date", "pk"),
        user,
    )


def recommendation_completable_by(user: Any, recommendation: Recommendation) -> bool:
    """Whoever may change the child's records, or the person it is addressed to (or the
    child's social worker), may mark it done."""
    if can_change_child_records(user, recommendation.child):
        return True
    return recommendations_for_user(user).filter(pk=recommendation.pk).exists()


def completable_recommendations(user: Any, review: Review) -> set[int]:
    """The recommendations of a review this person may mark done: all of them for whoever
    records reviews, otherwise those addressed to them or their children (one query)."""
    if user_can(user, "reviews.record"):
        return {r.pk for r in review.recommendations.all()}
    if not user_can(user, "recommendations.complete"):
        return set()
    return set(recommendations_for_user(user).filter(review=review).values_list("pk", flat=True))


# --- One review, one convening -----------------------------------------------------------------


def review_for_page(pk: int) -> Review:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        Review.objects.select_related(
            "child", "child__iro", "child__social_worker", "period", "chair", "recorded_by"
        ).prefetch_related(
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.select_related("owner", "completed_by"),
            )
        ),
        pk=pk,
    )


def convening_of(review: Review) -> Convening | None:
    return (
        Convening.objects.filter(review=review).prefetch_related("invitees", "reschedules").first()
    )


def convening_for_page(pk: int) -> Convening:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        Convening.objects.select_related(
            "child", "child__iro", "child__social_worker", "period", "review", "created_by"
        ).prefetch_related("invitees", "reschedules"),
        pk=pk,
    )


def open_convening(child: Child) -> Convening | None:
    if child.current_period_id is None:
        return None
    return (
        Convening.objects.filter(
            period_id=child.current_period_id, status=Convening.Status.ARRANGING
        )
        .prefetch_related("invitees")
        .first()
    )


def meetings_not_held(convening: Convening) -> QuerySet[Review]:
    return Review.objects.filter(period_id=convening.period_id).exclude(status=Review.Status.HELD)


# --- Deadlines shown with each row (computed per page of rows, never over a whole list) ---------


def convening_deadlines(
    convening: Convening, as_of: date, calendar: WorkingDayCalendar
) -> list[Deadline]:
    return [
        deadline(
            "Social worker's convening request",
            convening.convening_request_due,
            convening.convening_request_received_on,
            as_of,
            calendar,
        ),
        deadline(
            "Care plan and reports to the IRO",
            convening.reports_due,
            convening.care_plan_received_on,
            as_of,
            calendar,
        ),
    ]


def review_deadlines(review: Review, as_of: date, calendar: WorkingDayCalendar) -> list[Deadline]:
    if review.status != Review.Status.HELD:
        return []
    return [
        deadline(
            "Issue the recommendations",
            review.recommendations_due,
            review.recommendations_issued_on,
            as_of,
            calendar,
        ),
        deadline(
            "Write the letter to the child",
            review.minutes_written_due,
            review.minutes_written_on,
            as_of,
            calendar,
        ),
        deadline(
            "Distribute the minutes",
            review.minutes_distributed_due,
            review.minutes_distributed_on,
            as_of,
            calendar,
        ),
    ]


def _review_due(child: Child, as_of: date, calendar: WorkingDayCalendar) -> list[Deadline]:
    period = child.current_period
    due = period.next_review_due if period else None
    if due is None:
        return [Deadline("Review", None, None, "unknown")]
    status = deadline_status(due, as_of, None, calendar=calendar, soon_working_days=10)
    return [Deadline("Review", due, None, status)]


def tag_rows(section: str, rows: Any, as_of: date, calendar: WorkingDayCalendar) -> list[Any]:
    """The page's rows, each with `tags`: the deadlines that section is about."""
    result = list(rows)
    for row in result:
        if section in {"convene", "arrange"}:
            row.tags = _review_due(row, as_of, calendar)
        elif section in {"invitations", "requests"}:
            row.tags = convening_deadlines(row, as_of, calendar)
        elif section == "hold":
            held = deadline("Hold and record the review", row.proposed_date, None, as_of, calendar)
            row.tags = [*convening_deadlines(row, as_of, calendar), held]
        elif section == "write":
            row.tags = review_deadlines(row, as_of, calendar)[:2]
        elif section == "distribute":
            row.tags = review_deadlines(row, as_of, calendar)[2:]
        elif section == "recommendations":
            if row.status == Recommendation.Status.NO_LONGER_NEEDED:
                row.tags = [Deadline("", row.due_date, None, "no_longer_needed")]
            else:
                row.tags = [deadline("", row.due_date, row.completed_on, as_of, calendar)]
    return result
