"""Measures a council's IRO annual report needs beyond shared/domain.md §7: how reviews were
convened, meetings that did not go ahead, midpoint reviews, the dispute process, 360 feedback,
waits for an advocate or an independent visitor, the IRO team and the continuity of IROs.

Each is one queryset filter over a subject (counted with that subject's other measures in one
aggregate query, and listed by the same filter on the measure's page), or, where the figure is
not a count (a median, a sum of FTE, a rate per 10,000 children), a `computed` measure: its
figure comes from `special_measures` in one query, and its page lists the records it is
computed from. Registered through `iro.reporting.domain_measures`.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from statistics import median
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
)

from iro.accounts.models import ReviewingOfficer
from iro.children.models import Child, PeriodOfCare
from iro.core.council import council_settings
from iro.disputes.models import Dispute, DisputeMeeting, DisputeStage
from iro.monitoring.models import MidpointReview
from iro.reviews.models import Convening, Invitee, Reschedule, Review
from iro.voice.models import AdvocacyReferral, FeedbackResponse, IndependentVisitorRecord

from .arithmetic import ReportingPeriod
from .measures import (
    IN_CARE_AT_END,
    REVIEWS,
    Measure,
    Scope,
    Subject,
    _scoped,
    dated,
    drill_down,
    not_reported,
    period_measures,
    stored_year_subject,
)


def _held_in(period: ReportingPeriod, prefix: str = "") -> Q:
    return Q(
        **{
            f"{prefix}status": Review.Status.HELD,
            f"{prefix}held_on__gte": period.date_from,
            f"{prefix}held_on__lte": period.date_to,
        }
    )


# --- reviews: how many each child had, who was invited, what arrived in time ------------------


def _children_reviewed(period: ReportingPeriod, scope: Scope) -> QuerySet[Any]:
    """Children with a review held in the period, each with the number held in it: one join to
    the period's held reviews, grouped by child (a count per child of every child on the
    register, as a correlated subquery, scanned the whole register twice)."""
    queryset = Child.objects.filter(_held_in(period, "reviews__")).annotate(
        reviews_in_period=Count("reviews")
    )
    return _scoped(queryset, scope, "", "iro_id")


CHILDREN_REVIEWED = Subject(
    "children_reviewed",
    "children",
    _children_reviewed,
    "",
    ("Date of birth", "Reviews held in the period"),
    lambda child: [child.date_of_birth, child.reviews_in_period],
    # What `_children_reviewed` answered for each child and collection year, as stored.
    stored=stored_year_subject(
        "children_reviewed",
        Q(reviews_in_period__gt=0),
        ("Date of birth", "Reviews held in the period"),
        lambda facts: [facts.child.date_of_birth, facts.reviews_in_period],
    ),
)


def _reviews_convened(period: ReportingPeriod, scope: Scope) -> QuerySet[Any]:
    """Reviews held in the period, with whether a convening record lists a parent invited.
    Each is membership of one uncorrelated list of review ids, which the database builds once
    (a correlated EXISTS was run again for every review)."""
    # Nullable keys are left out: a NULL in an IN list makes "not in it" unknown, not false.
    convened = Convening.objects.filter(review_id__isnull=False).values("review_id")
    parents = Invitee.objects.filter(
        role=Invitee.Role.PARENT, invited=True, convening__review_id__isnull=False
    ).values("convening__review_id")
    queryset = Review.objects.filter(_held_in(period)).annotate(
        convened=ExpressionWrapper(Q(pk__in=convened), output_field=BooleanField()),
        parent_invited=ExpressionWrapper(Q(pk__in=parents), output_field=BooleanField()),
    )
    return _scoped(queryset, scope, "child__", "chair_id")


REVIEWS_CONVENED = Subject(
    "reviews_convened",
    "reviews",
    _reviews_convened,
    "child",
    REVIEWS.columns,
    REVIEWS.row,
    within=dated("held_on"),
)


def _convenings(period: ReportingPeriod, scope: Scope) -> QuerySet[Any]:
    """The convening records of reviews held in the period."""
    queryset = Convening.objects.filter(_held_in(period, "review__"))
    return _scoped(queryset, scope, "child__", "review__chair_id")


CONVENINGS = Subject(
    "convenings",
    "reviews convened",
    _convenings,
    "child",
    ("Date of review", "Request due by", "Request received", "Plan due by", "Plan received"),
    lambda c: [
        c.proposed_date,
        c.convening_request_due,
        c.convening_request_received_on,
        c.reports_due,
        c.care_plan_received_on,
    ],
    within=dated("review__held_on"),
)


def _meetings(period: ReportingPeriod, scope: Scope) -> QuerySet[Any]:
    """Every review meeting dated in the period: held, adjourned or cancelled."""
    queryset = Review.objects.filter(held_on__gte=period.date_from, held_on__lte=period.date_to)
    return _scoped(queryset, scope, "child__", "chair_id")


MEETINGS = Subject(
    "meetings",
    "review meetings",
    _meetings,
    "child",
    ("Date of meeting", "What happened", "Reason"),
    lambda r: [r.held_on, r.get_status_display(), r.status_reason],
    within=dated("held_on"),
)


def _reschedules(period: ReportingPeriod, scope: Scope) -> QuerySet[Any]:
    """Review dates moved, by the date the meeting had been set for."""
    queryset = Reschedule.objects.filter(
        from_date__gte=period.date_from, from_date__lte=period.date_to
    )
    return _scoped(queryset, scope, "convening__child__", "convening__child__iro_id")


RESCHEDULES = Subject(
    "reschedules",
    "rescheduled reviews",
    _reschedules,
    "convening__child",
    ("Was set for", "Moved to", "Reason"),
    lambda r: [r.from_date, r.to_date, r.reason],
    within=dated("from_date"),
)


def review_cycle_measures(period: ReportingPeriod) -> list[Measure]:
    by = period.deadlines_by
    return [
        Measure(
            "children_with_more_than_two_reviews",
            "Children with more than two reviews in the year",
            "Reviews",
            CHILDREN_REVIEWED,
            "count",
            Q(reviews_in_period__gt=2),
            description="Children with three or more reviews held in the period (a first review, "
            "a second within 3 months and another within 6 months, or a review brought forward).",
            higher_is_better=None,
        ),
        Measure(
            "parents_invited",
            "Reviews with a parent invited",
            "Reviews",
            REVIEWS_CONVENED,
            "rate",
            Q(convened=True),
            Q(parent_invited=True),
            description="Reviews held in the period, arranged in IRO Oversight, whose invitation "
            "list has at least one parent invited, of those arranged in IRO Oversight.",
        ),
        Measure(
            "convening_request_in_timescale",
            "Convening request received in time",
            "Timeliness",
            CONVENINGS,
            "rate",
            Q(convening_request_due__isnull=False, convening_request_due__lte=by),
            Q(
                convening_request_received_on__isnull=False,
                convening_request_received_on__lte=F("convening_request_due"),
            ),
            description="Reviews held in the period whose social worker's request to convene "
            "arrived by its due date (working days before the review, as the council sets), of "
            "those with a due date.",
        ),
        Measure(
            "care_plan_received_in_timescale",
            "Care plan received in time",
            "Timeliness",
            CONVENINGS,
            "rate",
            Q(reports_due__isnull=False, reports_due__lte=by),
            Q(care_plan_received_on__isnull=False, care_plan_received_on__lte=F("reports_due")),
            description="Reviews held in the period whose care or pathway plan reached the IRO "
            "by the reports' due date before the review, of those with a due date.",
        ),
        Measure(
            "reviews_rescheduled",
            "Review dates moved",
            "Meetings",
            RESCHEDULES,
            "count",
            description="Times a review's date was moved, counted in the period of the date it "
            "had been set for.",
            higher_is_better=False,
        ),
        Measure(
            "reviews_adjourned",
            "Review meetings adjourned",
            "Meetings",
            MEETINGS,
            "count",
            Q(status=Review.Status.ADJOURNED),
            description="Meetings in the period that began but were adjourned (not a review).",
            higher_is_better=False,
        ),
        Measure(
            "reviews_cancelled",
            "Review meetings cancelled",
            "Meetings",
            MEETINGS,
            "count",
            Q(status=Review.Status.CANCELLED),
            description="Meetings set for a day in the period that were cancelled (not a review).",
            higher_is_better=False,
        ),
    ]


# --- midpoint reviews, the dispute process ------------------------------------------------


def _midpoints(period: ReportingPeriod, scope: Scope) -> QuerySet[Any]:
    queryset = MidpointReview.objects.filter(
        oversight__date__gte=period.date_from, oversight__date__lte=period.date_to
    )
    return _scoped(queryset, scope, "oversight__child__", "oversight__iro_id")


MIDPOINTS = Subject(
    "midpoint_reviews",
    "midpoint reviews",
    _midpoints,
    "oversight__child",
    ("Date", "Scale (0 to 10)"),
    lambda m: [m.oversight.date, m.scale],
    within=dated("oversight__date"),
)


def _disputes_raised(period: ReportingPeriod, scope: Scope) -> QuerySet[Any]:
    queryset = Dispute.objects.filter(
        raised_on__gte=period.date_from, raised_on__lte=period.date_to
    )
    return _scoped(queryset, scope, "child__", "raised_by_id")


def _dispute_row(dispute: Any) -> list[Any]:
    return [dispute.raised_on, dispute.get_category_display(), dispute.get_status_display()]


DISPUTES_RAISED = Subject(
    "disputes_raised",
    "disputes",
    _disputes_raised,
    "child",
    ("Raised", "Category", "Status"),
    _dispute_row,
    within=dated("raised_on"),
)


def _dispute_meetings(period: ReportingPeriod, scope: Scope) -> QuerySet[Any]:
    return DisputeMeeting.objects.filter(held_on__gte=period.date_from, held_on__lte=period.date_to)


DISPUTE_MEETINGS = Subject(
    "dispute_meetings",
    "dispute meetings",
    _dispute_meetings,
    "",
    ("Held", "Attendees"),
    lambda m: [m.held_on, m.attendees],
    service_only=True,
    within=dated("held_on"),
)

process_measures: list[Measure] = [
    Measure(
        "midpoint_reviews",
        "Midpoint reviews",
        "Oversight",
        MIDPOINTS,
        "count",
        description="Oversights in the period recorded as a midpoint review written to the child.",
        higher_is_better=None,
    ),
    Measure(
        "disputes_raised",
        "Disputes raised",
        "Disputes",
        DISPUTES_RAISED,
        "count",
        description="Every dispute raised in the period, informal or straight to a formal stage.",
        higher_is_better=None,
    ),
    Measure(
        "dispute_meetings_held",
        "Dispute meetings held",
        "Disputes",
        DISPUTE_MEETINGS,
        "count",
        description="Dispute resolution meetings held in the period.",
        higher_is_better=None,
    ),
]


# --- 360 feedback -------------------------------------------------------------------------


def _feedback(period: ReportingPeriod, scope: Scope) -> QuerySet[Any]:
    queryset = FeedbackResponse.objects.filter(
        received_on__gte=period.date_from, received_on__lte=period.date_to
    )
    return _scoped(queryset, scope, "request__review__child__", "request__review__chair_id")


FEEDBACK = Subject(
    "feedback",
    "feedback responses",
    _feedback,
    "request__review__child",
    ("Received", "From", "Rating (1 to 5)"),
    lambda r: [r.received_on, r.request.get_respondent_type_display(), r.rating],
    within=dated("received_on"),
)

feedback_measures: list[Measure] = [
    Measure(
        "feedback_responses",
        "360 feedback responses",
        "Voice",
        FEEDBACK,
        "count",
        description="Feedback about a review received in the period, from the child, parents, "
        "carers and professionals, online or on paper.",
        higher_is_better=None,
    ),
    Measure(
        "feedback_rated_good",
        "360 feedback rating the review good or better",
        "Voice",
        FEEDBACK,
        "rate",
        Q(),
        Q(rating__gte=4),
        description="Feedback received in the period rating the review 4 or 5 out of 5.",
    ),
]


# --- waits for an advocate or an independent visitor ------------------------------------------


def _advocacy_started(period: ReportingPeriod, scope: Scope) -> QuerySet[Any]:
    return AdvocacyReferral.objects.filter(
        accepted_on__gte=period.date_from, accepted_on__lte=period.date_to
    )


def _visitors_matched(period: ReportingPeriod, scope: Scope) -> QuerySet[Any]:
    return IndependentVisitorRecord.objects.filter(
        referred_on__isnull=False, matched_on__gte=period.date_from, matched_on__lte=period.date_to
    )


ADVOCACY_STARTED = Subject(
    "advocacy_started",
    "advocacy referrals",
    _advocacy_started,
    "child",
    ("Referred", "Accepted", "Days waited"),
    lambda r: [r.referred_on, r.accepted_on, (r.accepted_on - r.referred_on).days],
    service_only=True,
)
VISITORS_MATCHED = Subject(
    "visitors_matched",
    "independent visitor referrals",
    _visitors_matched,
    "child",
    ("Referred", "Matched", "Days waited"),
    lambda r: [r.referred_on, r.matched_on, (r.matched_on - r.referred_on).days],
    service_only=True,
)

ADVOCACY_WAIT = Measure(
    "advocacy_wait_median_days",
    "Median days from referral to an advocate starting",
    "Voice",
    ADVOCACY_STARTED,
    "count",
    description="Of the advocacy referrals accepted by the advocacy service in the period, the "
    "median number of days from referral to acceptance.",
    higher_is_better=False,
    computed=True,
)
VISITOR_WAIT = Measure(
    "independent_visitor_wait_median_days",
    "Median days from referral to an independent visitor match",
    "Voice",
    VISITORS_MATCHED,
    "count",
    description="Of the children matched with an independent visitor in the period, the median "
    "number of days from referral to match.",
    higher_is_better=False,
    computed=True,
)


def _median_days(records: QuerySet[Any], start: str, end: str) -> dict[str, Any]:
    days = [(b - a).days for a, b in records.values_list(start, end)]
    return {"count": float(median(days)) if days else None, "records": len(days)}


# A computed figure carries `records`: how many records its page lists (what it is computed from).


# --- the IRO team -------------------------------------------------------------------------


def _iros_in_post(period: ReportingPeriod, scope: Scope) -> QuerySet[Any]:
    day = period.date_to
    return ReviewingOfficer.objects.filter(
        Q(start_date__lte=day), Q(end_date__isnull=True) | Q(end_date__gte=day)
    )


def _iro_row(iro: Any) -> list[Any]:
    return [
        iro.name,
        float(iro.fte),
        iro.get_contract_display(),
        iro.other_duties,
        float(iro.other_duties_weight),
    ]


IROS = Subject(
    "iros",
    "IROs",
    _iros_in_post,
    "",
    ("IRO", "FTE", "Contract", "Other duties", "Weight of other duties"),
    _iro_row,
    service_only=True,
)

team_measures: list[Measure] = [
    Measure(
        "iros_in_post",
        "IROs in post",
        "IRO team",
        IROS,
        "count",
        description="IROs employed on the last day of the period (or today, for a year to date).",
        higher_is_better=None,
    ),
    Measure(
        "iros_permanent",
        "IROs on permanent contracts",
        "IRO team",
        IROS,
        "count",
        Q(contract=ReviewingOfficer.Contract.PERMANENT),
        higher_is_better=None,
    ),
    Measure(
        "iros_part_time",
        "IROs working part time",
        "IRO team",
        IROS,
        "count",
        Q(fte__lt=Decimal("1")),
        description="IROs in post whose FTE is less than 1.",
        higher_is_better=None,
    ),
    Measure(
        "iros_agency",
        "Agency IROs",
        "IRO team",
        IROS,
        "count",
        Q(contract=ReviewingOfficer.Contract.AGENCY),
        higher_is_better=None,
    ),
    Measure(
        "iros_with_other_duties",
        "IROs with additional duties",
        "IRO team",
        IROS,
        "count",
        ~Q(other_duties="") | Q(other_duties_weight__gt=0),
        description="IROs in post with duties besides children in care (their weight is the "
        "share of their time those duties take).",
        higher_is_better=None,
    ),
]

TEAM_FTE = Measure(
    "iro_team_fte",
    "IRO team FTE",
    "IRO team",
    IROS,
    "count",
    description="The sum of the FTE of the IROs in post on the last day of the period.",
    higher_is_better=None,
    computed=True,
)
ESTABLISHMENT = Measure(
    "iro_establishment_fte",
    "IRO establishment (FTE)",
    "IRO team",
    IROS,
    "count",
    description="The FTE of IRO posts the service is funded for, from the council settings as "
    "they are on the day the figures are produced, so given only for a period that ended within "
    "the year before that day; its list shows the IROs in post.",
    higher_is_better=None,
    computed=True,
)
VACANCIES = Measure(
    "iro_vacancies",
    "Vacant IRO posts",
    "IRO team",
    IROS,
    "count",
    description="Vacant IRO posts, from the council settings as they are on the day the figures "
    "are produced, so given only for a period that ended within the year before that day; its "
    "list shows the IROs in post.",
    higher_is_better=False,
    computed=True,
)


# --- continuity of IRO ------------------------------------------------------------------------


def _in_care_all_period(period: ReportingPeriod, scope: Scope) -> QuerySet[Any]:
    """Children looked after on the period's first and last days without a break, each with
    the number of different IROs allocated to them at some time in the period."""
    whole = PeriodOfCare.objects.filter(
        Q(start_date__isnull=True) | Q(start_date__lte=period.date_from),
        Q(end_date__isnull=True) | Q(end_date__gt=period.date_to),
    )
    # The different IROs of each child's allocations that touch the period, counted over one
    # join grouped by child (a child with none counts 0): at 20,000 children in care a tenth
    # faster than a correlated count per child.
    touching = Q(iro_allocations__start_date__lte=period.date_to) & (
        Q(iro_allocations__end_date__isnull=True)
        | Q(iro_allocations__end_date__gte=period.date_from)
    )
    queryset = Child.objects.filter(pk__in=whole.values("child_id")).annotate(
        iros_in_period=Count("iro_allocations__iro_id", filter=touching, distinct=True)
    )
    return _scoped(queryset, scope, "", "iro_id")


IN_CARE_ALL_PERIOD = Subject(
    "in_care_all_period",
    "children",
    _in_care_all_period,
    "",
    ("Date of birth", "IROs in the period"),
    lambda child: [child.date_of_birth, child.iros_in_period],
    # What `_in_care_all_period` answered for each child and collection year, as stored.
    stored=stored_year_subject(
        "in_care_all_period",
        Q(in_care_all_period=True),
        ("Date of birth", "IROs in the period"),
        lambda facts: [facts.child.date_of_birth, facts.iros_in_period],
    ),
)

CONTINUITY = Measure(
    "iro_continuity",
    "Children who kept the same IRO all year",
    "IRO team",
    IN_CARE_ALL_PERIOD,
    "rate",
    Q(),
    Q(iros_in_period=1),
    description="Children looked after for the whole period whose allocations in it were all to "
    "one IRO, of the children looked after for the whole period.",
)


# --- children in care per 10,000 -----------------------------------------------------------

RATE_PER_10000 = Measure(
    "children_looked_after_per_10000",
    "Children in care per 10,000 children",
    "Children in care",
    IN_CARE_AT_END,
    "count",
    description="Children in care at the end of the period per 10,000 children aged 0 to 17 "
    "in the council's area (the population the council settings hold; not recorded if unset).",
    higher_is_better=None,
    computed=True,
)


def measures_for(period: ReportingPeriod) -> list[Measure]:
    return [
        RATE_PER_10000,
        *review_cycle_measures(period),
        *process_measures,
        *feedback_measures,
        ADVOCACY_WAIT,
        VISITOR_WAIT,
        *team_measures,
        TEAM_FTE,
        ESTABLISHMENT,
        VACANCIES,
        CONTINUITY,
    ]


def _at_end(period: ReportingPeriod, scope: Scope) -> int:
    """Children in care at the end, by the `children_looked_after_at_end` definition."""
    at_end = next(m for m in period_measures(period) if m.key == "children_looked_after_at_end")
    return drill_down(at_end, period, scope).count()


def _number(value: Decimal | None, records: int) -> dict[str, Any]:
    return {"count": None if value is None else float(value), "records": records}


def special_measures(period: ReportingPeriod, scope: Scope) -> dict[str, Any]:
    """The computed measures' figures (one query each) and the breakdowns of the report."""
    settings = council_settings()
    population = settings.child_population
    rate: dict[str, Any] = {"count": None, "records": None}
    if population:
        at_end = _at_end(period, scope)
        rate = {
            "count": round(at_end * 10000 / population, 1),
            "records": at_end,
            "population": population,
        }
    results: dict[str, Any] = {
        RATE_PER_10000.key: rate,
        **stages_reached(period, scope),
    }
    if scope.is_service:
        team = IROS.records(period, scope).aggregate(total=Sum("fte"), n=Count("pk"))
        results.update(
            {
                ADVOCACY_WAIT.key: _median_days(
                    drill_down(ADVOCACY_WAIT, period, scope), "referred_on", "accepted_on"
                ),
                VISITOR_WAIT.key: _median_days(
                    drill_down(VISITOR_WAIT, period, scope), "referred_on", "matched_on"
                ),
                TEAM_FTE.key: _number(team["total"], team["n"]),
            }
        )
        # The settings hold today's establishment: not a figure for a year long past.
        current = period.date_to >= (period.produced_on or period.date_to) - timedelta(days=366)
        results[ESTABLISHMENT.key] = _number(
            settings.iro_establishment_fte if current else None, team["n"]
        )
        results[VACANCIES.key] = {
            "count": settings.iro_vacancies if current else None,
            "records": team["n"],
        }
    else:
        for measure in (ADVOCACY_WAIT, VISITOR_WAIT, TEAM_FTE, ESTABLISHMENT, VACANCIES):
            results[measure.key] = not_reported(measure)
    return results


def stages_reached(period: ReportingPeriod, scope: Scope) -> dict[str, Any]:
    """Disputes raised in the period by the highest stage each reached (one query)."""
    names = dict(DisputeStage.objects.values_list("order", "name"))
    rows = (
        _disputes_raised(period, scope)
        .order_by()
        .values("highest_stage_order")
        .annotate(n=Count("id"))
    )
    reached = {r["highest_stage_order"]: r["n"] for r in rows}
    return {
        "disputes_by_stage_reached": {
            names.get(order, f"Stage {order}"): reached[order] for order in sorted(reached)
        }
    }
