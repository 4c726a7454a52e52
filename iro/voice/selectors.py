"""Reads for the voice pages and for the scorecard. Each issues a constant number of queries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import (
    Avg,
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.functions import Coalesce, ExtractDay, ExtractMonth, ExtractYear

from iro.accounts.access import user_id_of, visible_to
from iro.children.models import Child
from iro.core.prepared import prepared
from iro.reviews.models import Review
from iro.timetable.arithmetic import percent
from iro.timetable.calendar import add_months

from . import rules
from .models import (
    AdvocacyReferral,
    Complaint,
    ComplaintStage,
    Compliment,
    Consultation,
    FeedbackRequest,
    FeedbackResponse,
    IndependentVisitorRecord,
    RespondentType,
)


def _aged_at_least(years: int) -> Q:
    """Q over `_with_age_parts` rows: at least `years` old on the day (portable SQL: compares
    year, month and day rather than adding intervals, so 29 February works on both databases)."""
    return (
        Q(_age_years__gt=years)
        | Q(_age_years=years, _on_month__gt=F("_born_month"))
        | Q(_age_years=years, _on_month=F("_born_month"), _on_day__gte=F("_born_day"))
    )


def _with_age_parts(queryset: QuerySet[Any], on: str, born: str) -> QuerySet[Any]:
    return queryset.annotate(
        _age_years=ExtractYear(on) - ExtractYear(born),
        _on_month=ExtractMonth(on),
        _born_month=ExtractMonth(born),
        _on_day=ExtractDay(on),
        _born_day=ExtractDay(born),
    )


def reviews_expecting_consultation(date_from: date, date_to: date) -> QuerySet[Review]:
    """Reviews held in the period of children aged 4 or over on the day (the measure's
    denominator)."""
    held = Review.objects.filter(
        status=Review.Status.HELD, held_on__gte=date_from, held_on__lte=date_to
    )
    return _with_age_parts(held, "held_on", "child__date_of_birth").filter(
        _aged_at_least(rules.CONSULTATION_MIN_AGE)
    )


def consultation_counts(date_from: date, date_to: date) -> dict[str, int]:
    """One query: reviews of children 4+ held in the period, and those with a consultation that
    counts (met or offered to meet, including declined)."""
    totals = reviews_expecting_consultation(date_from, date_to).aggregate(
        denominator=Count("pk"),
        numerator=Count("pk", filter=Q(consultation__method__in=rules.counting_methods())),
    )
    return {"numerator": totals["numerator"] or 0, "denominator": totals["denominator"] or 0}


def advocacy_children_supported(date_from: date, date_to: date) -> int:
    """Children with an advocate at any time in the period: accepted by the advocacy service on
    or before its end, and not ended before its start."""
    return (
        AdvocacyReferral.objects.filter(accepted_on__isnull=False, accepted_on__lte=date_to)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=date_from))
        .values("child")
        .distinct()
        .count()
    )


def voice_measures(date_from: date, date_to: date) -> dict[str, dict[str, Any]]:
    """The scorecard's voice measures (domain.md section 7) for [date_from, date_to], in five
    queries whatever the size of the service."""
    consultation = consultation_counts(date_from, date_to)
    return {
        "consultation_before_review": {
            **consultation,
            "percent": percent(consultation["numerator"], consultation["denominator"]),
        },
        "advocacy_children_supported": {"count": advocacy_children_supported(date_from, date_to)},
        "independent_visitor_referrals": {
            "count": IndependentVisitorRecord.objects.filter(
                referred_on__gte=date_from, referred_on__lte=date_to
            ).count()
        },
        "compliments": {
            "count": Compliment.objects.filter(
                received_on__gte=date_from, received_on__lte=date_to
            ).count()
        },
        "complaints": {
            "count": Complaint.objects.filter(
                received_on__gte=date_from, received_on__lte=date_to
            ).count()
        },
    }


# --- the child's page and the review's page ---


@dataclass
class ChildVoice:
    consultations: list[Consultation]
    advocacy: list[AdvocacyReferral]
    visitors: list[IndependentVisitorRecord]


def child_voice(child: Child, limit: int = 10) -> ChildVoice:
    return ChildVoice(
        consultations=_consultations(limit, child_id=child.pk),
        advocacy=_advocacy(limit, child_id=child.pk),
        visitors=_visitors(limit, child_id=child.pk),
    )


@prepared
def _consultations(limit: int, *, child_id: int) -> QuerySet[Consultation]:
    return Consultation.objects.filter(child_id=child_id).select_related("review")[:limit]


@prepared
def _advocacy(limit: int, *, child_id: int) -> QuerySet[AdvocacyReferral]:
    return AdvocacyReferral.objects.filter(child_id=child_id)[:limit]


@prepared
def _visitors(limit: int, *, child_id: int) -> QuerySet[IndependentVisitorRecord]:
    return IndependentVisitorRecord.objects.filter(child_id=child_id)[:limit]


@dataclass
class ReviewVoice:
    consultation: Consultation | None
    unlinked: Consultation | None
    expected: bool
    feedback: list[FeedbackRequest]


def review_voice(review: Review) -> ReviewVoice:
    """The review's consultation (or an earlier one not yet linked) and its feedback requests."""
    consultation = Consultation.objects.filter(review=review).first()
    unlinked = None
    if consultation is None:
        unlinked = (
            Consultation.objects.filter(
                child_id=review.child_id, review__isnull=True, consulted_on__lte=review.held_on
            )
            .order_by("-consulted_on", "-id")
            .first()
        )
    feedback = list(
        FeedbackRequest.objects.filter(review=review)
        .select_related("response")
        .order_by("created_at", "id")
    )
    expected = rules.consultation_expected(review.child.date_of_birth, review.held_on)
    return ReviewVoice(consultation, unlinked, expected, feedback)


def child_reviews_for_consultation(child: Child, limit: int = 6) -> list[Review]:
    """Held reviews of the child without a consultation, newest first, for the form's choices."""
    return list(
        Review.objects.filter(
            child=child, status=Review.Status.HELD, consultation__isnull=True
        ).order_by("-held_on")[:limit]
    )


def consultations_to_do(
    iro: Any, as_of: date, user: Any, within_days: int = 28, limit: int = 20
) -> list[Child]:
    """The IRO's children aged 4 or over whose next review is due within `within_days` (or is
    overdue) and who have no consultation recorded since their last review. One query."""
    return _consultations_to_do(
        limit,
        iro_id=iro.pk,
        user_id=user_id_of(user),
        due_by=as_of + timedelta(days=within_days),
        born_by=add_months(as_of, -12 * rules.CONSULTATION_MIN_AGE),
    )


@prepared
def _consultations_to_do(
    limit: int, *, iro_id: int, user_id: int | None, due_by: date, born_by: date
) -> QuerySet[Child]:
    since_last = Consultation.objects.filter(
        child=OuterRef("pk"),
        consulted_on__gt=Coalesce(
            OuterRef("current_period__last_review_date"),
            OuterRef("current_period__first_known_date"),
        ),
    )
    return (
        visible_to(Child.objects.all(), user_id)
        .filter(
            iro_id=iro_id,
            current_period__isnull=False,
            current_period__next_review_due__lte=due_by,
            date_of_birth__lte=born_by,
        )
        .annotate(consulted=Exists(since_last))
        .filter(consulted=False)
        .select_related("current_period")
        .order_by("current_period__next_review_due", "last_name", "id")[:limit]
    )


# --- the manager's pages ---


def with_child_hidden(queryset: QuerySet[Any], user: Any, child: str = "child") -> QuerySet[Any]:
    """Annotate `child_hidden`: the row's child is a restricted record this person is not named
    on, so a list shows the child's ID but not their name (as the children's register does)."""
    through = Child.restricted_to.through
    # Nobody signed out is named on a record (0 is never a user's id).
    user_id = user.pk if getattr(user, "is_authenticated", False) else 0
    named = Exists(through.objects.filter(child_id=OuterRef(f"{child}_id"), user_id=user_id))
    return queryset.annotate(
        child_hidden=ExpressionWrapper(
            Q(**{f"{child}__restricted": True}) & ~named, output_field=BooleanField()
        )
    )


def advocacy_waiting(user: Any) -> QuerySet[AdvocacyReferral]:
    queryset = AdvocacyReferral.objects.filter(accepted_on__isnull=True, ended_on__isnull=True)
    return (
        with_child_hidden(queryset, user)
        .select_related("child", "child__iro")
        .order_by("referred_on", "id")
    )


def visitors_waiting(user: Any) -> QuerySet[IndependentVisitorRecord]:
    queryset = IndependentVisitorRecord.objects.filter(
        referred_on__isnull=False, matched_on__isnull=True
    )
    return (
        with_child_hidden(queryset, user)
        .select_related("child", "child__iro")
        .order_by("referred_on", "id")
    )


@dataclass
class WaitingTimes:
    count: int
    average_days: float | None
    longest_days: int | None


def _waiting(pairs: Sequence[tuple[date | None, date | None]]) -> WaitingTimes:
    days = [rules.waiting_days(start, end) for start, end in pairs if start and end]
    if not days:
        return WaitingTimes(0, None, None)
    return WaitingTimes(len(days), round(sum(days) / len(days), 1), max(days))


def waiting_times(date_from: date, date_to: date) -> dict[str, WaitingTimes]:
    """Referral to acceptance (advocacy) and referral to match (independent visitor) for those
    accepted or matched in the period. Two queries; the day arithmetic is done on the dates."""
    advocacy = list(
        AdvocacyReferral.objects.filter(
            accepted_on__gte=date_from, accepted_on__lte=date_to
        ).values_list("referred_on", "accepted_on")
    )
    visitors = list(
        IndependentVisitorRecord.objects.filter(
            matched_on__gte=date_from, matched_on__lte=date_to, referred_on__isnull=False
        ).values_list("referred_on", "matched_on")
    )
    return {"advocacy": _waiting(advocacy), "independent_visitor": _waiting(visitors)}


@dataclass
class FeedbackByType:
    respondent_type: str
    label: str
    requested: int
    responses: int
    average_rating: float | None


def feedback_by_type(date_from: date, date_to: date) -> list[FeedbackByType]:
    """Requests made and responses received in the period, with average ratings (two queries)."""
    requested = dict(
        FeedbackRequest.objects.filter(
            created_at__date__gte=date_from, created_at__date__lte=date_to
        )
        .values_list("respondent_type")
        .annotate(n=Count("id"))
        .values_list("respondent_type", "n")
    )
    received = {
        row["request__respondent_type"]: row
        for row in FeedbackResponse.objects.filter(
            received_on__gte=date_from, received_on__lte=date_to
        )
        .values("request__respondent_type")
        .annotate(n=Count("id"), avg=Avg("rating"))
    }
    rows = []
    for value, label in RespondentType.choices:
        got = received.get(value, {})
        avg = got.get("avg")
        rows.append(
            FeedbackByType(
                value,
                str(label),
                requested.get(value, 0),
                got.get("n", 0),
                round(float(avg), 1) if avg is not None else None,
            )
        )
    return rows


def feedback_quotes(date_from: date, date_to: date, limit: int = 12) -> list[FeedbackResponse]:
    """Responses whose authors agreed to be quoted, with something to quote, each text once."""
    candidates = (
        FeedbackResponse.objects.filter(
            received_on__gte=date_from, received_on__lte=date_to, consent_to_quote=True
        )
        .exclude(went_well="", could_be_better="")
        .select_related("request")
        .order_by("-received_on", "-id")[: limit * 5]
    )
    seen: set[str] = set()
    quotes = []
    for response in candidates:
        text = (response.went_well or response.could_be_better).strip()
        if text and text not in seen:
            seen.add(text)
            quotes.append(response)
    return quotes[:limit]


def feedback_responses(
    date_from: date, date_to: date, user: Any, respondent_type: str | None = None
) -> QuerySet[FeedbackResponse]:
    """Feedback received in the period, newest first, with the review and child for the link."""
    queryset = with_child_hidden(
        FeedbackResponse.objects.filter(received_on__gte=date_from, received_on__lte=date_to),
        user,
        "request__review__child",
    ).select_related("request", "request__review", "request__review__child")
    if respondent_type:
        queryset = queryset.filter(request__respondent_type=respondent_type)
    return queryset.order_by("-received_on", "-id")


def complaints_by_stage_and_outcome(date_from: date, date_to: date) -> list[dict[str, Any]]:
    """Stages of complaints received in the period, counted by stage and outcome (one query)."""
    rows = (
        ComplaintStage.objects.filter(
            complaint__received_on__gte=date_from, complaint__received_on__lte=date_to
        )
        .values("stage", "outcome")
        .annotate(n=Count("id"))
        .order_by("stage", "outcome")
    )
    stage_names = {n: r.name for n, r in rules.COMPLAINT_STAGES.items()}
    outcomes = dict(ComplaintStage.Outcome.choices)
    return [
        {
            "stage": stage_names.get(row["stage"], str(row["stage"])),
            "outcome": outcomes.get(row["outcome"], "Awaiting response"),
            "count": row["n"],
        }
        for row in rows
    ]


def compliments_list(
    date_from: date | None = None, date_to: date | None = None
) -> QuerySet[Compliment]:
    queryset = Compliment.objects.select_related("about_iro")
    if date_from:
        queryset = queryset.filter(received_on__gte=date_from)
    if date_to:
        queryset = queryset.filter(received_on__lte=date_to)
    return queryset.order_by("-received_on", "-id")


def complaints_list(*, open_only: bool = False) -> QuerySet[Complaint]:
    queryset = Complaint.objects.select_related("about_iro")
    if open_only:
        queryset = queryset.filter(closed=False)
    return queryset.order_by("closed", "current_due_on", "-received_on", "-id")


def complaint_detail(pk: int) -> Complaint:
    return Complaint.objects.select_related("about_iro").prefetch_related("stages").get(pk=pk)
