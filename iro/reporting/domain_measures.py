"""Measures counted from the review cycle, oversight, disputes and the child's voice.

They sit with the scorecard (not in each module) because shared/domain.md §7 defines them as
one set; each is a queryset filter like the core measures, so figure and drill-down agree.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, Least

from iro.children.models import Child
from iro.disputes.models import (
    CafcassReferral,
    Category,
    Dispute,
    GoodPracticeAlert,
    LegalAdviceRecord,
)
from iro.monitoring.models import OversightRecord
from iro.voice.models import AdvocacyReferral, IndependentVisitorRecord
from iro.voice.rules import CONSULTATION_METHODS, counting_methods
from iro.voice.selectors import reviews_expecting_consultation

from . import report_measures
from .arithmetic import ReportingPeriod
from .measures import REVIEWS, Measure, Scope, Subject, _scoped, dated, stored_year_subject
from .measures_conferences import conference_measures, plans_by_category
from .measures_fostering import fostering_measures

# --- the review cycle: minutes and recommendations ------------------------------------------


def review_measures(period: ReportingPeriod) -> list[Measure]:
    # Every review held in the period whose deadline has passed by the day the figures are
    # produced (not only by the period's end); an unknown deadline is left out, never late.
    by = period.deadlines_by
    due_by_end = {
        "minutes_written": Q(minutes_written_due__lte=by),
        "minutes_distributed": Q(minutes_distributed_due__lte=by),
        "recommendations_issued": Q(recommendations_due__lte=by),
    }
    return [
        Measure(
            "minutes_written_in_timescale",
            "Letters to the child written within 20 working days",
            "Timeliness",
            REVIEWS,
            "rate",
            due_by_end["minutes_written"],
            Q(minutes_written_on__isnull=False, minutes_written_on__lte=F("minutes_written_due")),
            description="Reviews held in the period whose 20-working-day deadline has passed.",
        ),
        Measure(
            "minutes_distributed_in_timescale",
            "Minutes distributed within 20 working days",
            "Timeliness",
            REVIEWS,
            "rate",
            due_by_end["minutes_distributed"],
            Q(
                minutes_distributed_on__isnull=False,
                minutes_distributed_on__lte=F("minutes_distributed_due"),
            ),
            description="Reviews held in the period whose 20-working-day deadline has passed.",
        ),
        Measure(
            "recommendations_issued_in_timescale",
            "Recommendations issued within 5 working days",
            "Timeliness",
            REVIEWS,
            "rate",
            due_by_end["recommendations_issued"],
            Q(
                recommendations_issued_on__isnull=False,
                recommendations_issued_on__lte=F("recommendations_due"),
            ),
            description="Reviews held in the period whose 5-working-day deadline has passed.",
        ),
    ]


# --- oversight ----------------------------------------------------------------------------------


def _oversights(period: ReportingPeriod, scope: Scope) -> QuerySet[Any]:
    queryset = OversightRecord.objects.filter(date__gte=period.date_from, date__lte=period.date_to)
    return _scoped(queryset, scope, "child__", "iro_id")


OVERSIGHTS = Subject(
    "oversights",
    "oversights",
    _oversights,
    "child",
    ("Date", "Type"),
    lambda o: [o.date, o.get_type_display()],
    within=dated("date"),
)


# Looked after for at least 6 months of the period: 183 days.
SIX_MONTHS = timedelta(days=183)


def _children_in_care(period: ReportingPeriod, scope: Scope) -> QuerySet[Any]:
    """Children looked after at some time in the period, each annotated in SQL with the days they
    were looked after in it (a day counts when the child is looked after on it: from the start of
    a period of care up to, not including, its end) and the oversights recorded in it (by any
    IRO: the standard is about the child)."""
    after_end = period.date_to + timedelta(days=1)
    if after_end - period.date_from < SIX_MONTHS:
        # Nobody can be looked after for 6 months of a shorter period (a month of the monthly
        # scorecard): no child counts, so nothing is asked of the database (and the counting
        # query is not even built).
        return Child.objects.none().annotate(
            days_looked_after=Value(timedelta(0), output_field=DurationField()),
            oversights_in_period=Value(0),
        )
    # Days are summed over a join to the child's periods of care that overlap the period (one
    # pass, grouped by child); the oversights by a subquery, so the join does not multiply them.
    # `periods__isnull=False`: the "start before the data" test below would otherwise turn the
    # join into an outer one, and a child never in care (on the protection register only)
    # would count as looked after for the whole period.
    overlapping = (
        Q(periods__isnull=False)
        & (Q(periods__start_date__isnull=True) | Q(periods__start_date__lte=period.date_to))
        & (Q(periods__end_date__isnull=True) | Q(periods__end_date__gt=period.date_from))
    )
    first = Greatest(
        Coalesce("periods__start_date", Value(period.date_from)), Value(period.date_from)
    )
    last = Least(Coalesce("periods__end_date", Value(after_end)), Value(after_end))
    oversights = (
        OversightRecord.objects.filter(
            child_id=OuterRef("pk"), date__gte=period.date_from, date__lte=period.date_to
        )
        .order_by()
        .values("child_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    queryset = Child.objects.filter(overlapping).annotate(
        days_looked_after=Sum(ExpressionWrapper(last - first, output_field=DurationField())),
        oversights_in_period=Coalesce(Subquery(oversights), 0),
    )
    return _scoped(queryset, scope, "", "iro_id")


def _child_row(child: Any) -> list[Any]:
    return [
        child.date_of_birth,
        child.days_looked_after.days if child.days_looked_after else 0,
        child.oversights_in_period,
    ]


def _stored_child_row(facts: Any) -> list[Any]:
    return [facts.child.date_of_birth, facts.days_looked_after.days, facts.oversights_in_period]


_IN_CARE_COLUMNS = ("Date of birth", "Days looked after in the period", "Oversights in the period")
CHILDREN_IN_CARE = Subject(
    "children_in_care",
    "children",
    _children_in_care,
    "",
    _IN_CARE_COLUMNS,
    _child_row,
    # What `_children_in_care` answered for each child and collection year, as stored.
    stored=stored_year_subject(
        "children_in_care", Q(in_care_in_period=True), _IN_CARE_COLUMNS, _stored_child_row
    ),
)


def oversight_standard_measures() -> list[Measure]:
    return [
        Measure(
            f"children_with_{at_least}_oversights",
            f"Children with at least {at_least} oversights",
            "Oversight",
            CHILDREN_IN_CARE,
            "rate",
            Q(days_looked_after__gte=SIX_MONTHS),
            Q(oversights_in_period__gte=at_least),
            description="Children in care for at least 6 months of the period with "
            f"{at_least} or more IRO oversights recorded in it.",
        )
        for at_least in (2, 4)
    ]


# --- disputes -----------------------------------------------------------------------------------


def _disputes(period: ReportingPeriod, scope: Scope) -> QuerySet[Any]:
    return _scoped(Dispute.objects.all(), scope, "child__", "raised_by_id")


def _dispute_row(dispute: Any) -> list[Any]:
    return [
        dispute.raised_on,
        dispute.get_category_display(),
        dispute.current_stage.name if dispute.current_stage_id else "",
        dispute.get_status_display(),
        dispute.resolved_on,
    ]


DISPUTES = Subject(
    "disputes",
    "disputes",
    _disputes,
    "child",
    ("Raised", "Category", "Stage", "Status", "Resolved"),
    _dispute_row,
    within=lambda period: Q(),
)


def _cafcass(period: ReportingPeriod, scope: Scope) -> QuerySet[Any]:
    queryset = CafcassReferral.objects.filter(
        referred_on__gte=period.date_from, referred_on__lte=period.date_to
    )
    return _scoped(queryset, scope, "child__", "iro_id")


def _legal_advice(period: ReportingPeriod, scope: Scope) -> QuerySet[Any]:
    queryset = LegalAdviceRecord.objects.filter(
        sought_on__gte=period.date_from, sought_on__lte=period.date_to
    )
    return _scoped(queryset, scope, "child__", "iro_id")


def _alerts(period: ReportingPeriod, scope: Scope) -> QuerySet[Any]:
    queryset = GoodPracticeAlert.objects.filter(
        raised_on__gte=period.date_from, raised_on__lte=period.date_to
    )
    return _scoped(queryset, scope, "child__", "iro_id")


CAFCASS = Subject(
    "cafcass",
    "Cafcass referrals",
    _cafcass,
    "child",
    ("Referred",),
    lambda r: [r.referred_on],
    within=dated("referred_on"),
)
LEGAL_ADVICE = Subject(
    "legal_advice",
    "requests for legal advice",
    _legal_advice,
    "child",
    ("Sought",),
    lambda r: [r.sought_on],
    within=dated("sought_on"),
)
ALERTS = Subject(
    "alerts",
    "good-practice alerts",
    _alerts,
    "child",
    ("Raised", "Recognises"),
    lambda r: [r.raised_on, r.praised],
    within=dated("raised_on"),
)


def _informal(period: ReportingPeriod) -> Q:
    # Raised in the period at the informal stage (not straight to a formal stage).
    return Q(raised_on__gte=period.date_from, raised_on__lte=period.date_to) & (
        Q(formal_raised_on__isnull=True) | Q(formal_raised_on__gt=F("raised_on"))
    )


def _formal(period: ReportingPeriod) -> Q:
    return Q(formal_raised_on__gte=period.date_from, formal_raised_on__lte=period.date_to)


def dispute_measures(period: ReportingPeriod) -> list[Measure]:
    return [
        Measure(
            "disputes_informal",
            "Informal disputes raised",
            "Disputes",
            DISPUTES,
            "count",
            _informal(period),
            higher_is_better=None,
        ),
        Measure(
            "disputes_formal",
            "Formal disputes raised",
            "Disputes",
            DISPUTES,
            "count",
            _formal(period),
            higher_is_better=None,
        ),
        Measure(
            "formal_disputes_resolved_in_timescale",
            "Formal disputes resolved within 20 working days",
            "Disputes",
            DISPUTES,
            "rate",
            _formal(period) & (Q(resolved_on__isnull=False) | Q(formal_due__lt=period.date_to)),
            Q(resolved_on__isnull=False, resolved_on__lte=F("formal_due")),
            description="Formal disputes raised in the period that are resolved or past their 20 "
            "working days.",
        ),
        Measure(
            "cafcass_referrals",
            "Referrals to Cafcass",
            "Disputes",
            CAFCASS,
            "count",
            higher_is_better=None,
        ),
        Measure(
            "legal_advice_sought",
            "Independent legal advice sought",
            "Disputes",
            LEGAL_ADVICE,
            "count",
            higher_is_better=None,
        ),
        Measure(
            "good_practice_alerts",
            "Good-practice alerts",
            "Disputes",
            ALERTS,
            "count",
            higher_is_better=None,
        ),
    ]


def dispute_categories(period: ReportingPeriod, scope: Scope) -> dict[str, Any]:
    labels = dict(Category.choices)
    results: dict[str, Any] = {}
    for key, condition in (
        ("disputes_informal_by_category", _informal(period)),
        ("disputes_formal_by_category", _formal(period)),
    ):
        rows = _disputes(period, scope).filter(condition).values("category").annotate(n=Count("id"))
        results[key] = {labels.get(r["category"], r["category"]): r["n"] for r in rows}
    return results


# --- the child's voice --------------------------------------------------------------------------


def _consultation_base(period: ReportingPeriod, scope: Scope) -> QuerySet[Any]:
    return _scoped(
        reviews_expecting_consultation(period.date_from, period.date_to),
        scope,
        "child__",
        "chair_id",
    )


CONSULTED = Subject(
    "consultation",
    "reviews",
    _consultation_base,
    "child",
    REVIEWS.columns,
    REVIEWS.row,
    within=dated("held_on"),
)


def voice_measures_for(period: ReportingPeriod) -> list[Measure]:
    return [
        Measure(
            "consultation_before_review",
            "Children consulted before their review",
            "Participation",
            CONSULTED,
            "rate",
            Q(),
            Q(consultation__method__in=counting_methods()),
            description="Reviews of children aged 4 or over where the IRO met, or offered to meet, "
            "the child beforehand (a child who declined counts).",
        ),
        *[
            Measure(
                f"consultation_{rule.code}",
                f"Consulted: {rule.label[0].lower()}{rule.label[1:]}",
                "Participation",
                CONSULTED,
                "count",
                Q(consultation__method=rule.code),
                description="Reviews of children aged 4 or over held in the period whose "
                f"consultation is recorded as '{rule.label}'.",
                higher_is_better=None,
            )
            for rule in CONSULTATION_METHODS
        ],
    ]


# --- the service's voice records (the service's, not one IRO's or team's) -------------------


def _advocacy(period: ReportingPeriod, scope: Scope) -> QuerySet[Any]:
    """Children with an advocate at any time in the period: accepted by the advocacy service on
    or before its end, and not ended before its start."""
    supported = AdvocacyReferral.objects.filter(
        Q(accepted_on__isnull=False, accepted_on__lte=period.date_to),
        Q(ended_on__isnull=True) | Q(ended_on__gte=period.date_from),
    )
    return Child.objects.filter(pk__in=supported.values("child_id"))


def _visitor_referrals(period: ReportingPeriod, scope: Scope) -> QuerySet[Any]:
    return IndependentVisitorRecord.objects.filter(
        referred_on__gte=period.date_from, referred_on__lte=period.date_to
    )


def _received(model_name: str) -> Any:
    def records(period: ReportingPeriod, scope: Scope) -> QuerySet[Any]:
        from django.apps import apps

        model = apps.get_model("voice", model_name)
        return model.objects.filter(
            received_on__gte=period.date_from, received_on__lte=period.date_to
        )

    return records


ADVOCACY = Subject(
    "advocacy",
    "children",
    _advocacy,
    "",
    ("Date of birth",),
    lambda child: [child.date_of_birth],
    service_only=True,
)
VISITORS = Subject(
    "independent_visitors",
    "independent visitor referrals",
    _visitor_referrals,
    "child",
    ("Referred", "Matched"),
    lambda r: [r.referred_on, r.matched_on],
    service_only=True,
    within=dated("referred_on"),
)
COMPLIMENTS = Subject(
    "compliments",
    "compliments",
    _received("Compliment"),
    "",
    ("Received",),
    lambda r: [r.received_on],
    service_only=True,
    within=dated("received_on"),
)
COMPLAINTS = Subject(
    "complaints",
    "complaints",
    _received("Complaint"),
    "",
    ("Received",),
    lambda r: [r.received_on],
    service_only=True,
    within=dated("received_on"),
)

VOICE_COUNTS: list[Measure] = [
    Measure(
        "advocacy_children_supported",
        "Children supported by an advocate",
        "Voice",
        ADVOCACY,
        "count",
        higher_is_better=None,
    ),
    Measure(
        "independent_visitor_referrals",
        "Independent visitor referrals",
        "Voice",
        VISITORS,
        "count",
        higher_is_better=None,
    ),
    Measure(
        "compliments", "Compliments received", "Voice", COMPLIMENTS, "count", higher_is_better=None
    ),
    Measure(
        "complaints", "Complaints received", "Voice", COMPLAINTS, "count", higher_is_better=None
    ),
]


def measures_for(period: ReportingPeriod) -> list[Measure]:
    oversight = Measure(
        "oversights_recorded",
        "IRO oversights recorded",
        "Oversight",
        OVERSIGHTS,
        "count",
        higher_is_better=None,
    )
    return [
        *review_measures(period),
        *voice_measures_for(period),
        oversight,
        *oversight_standard_measures(),
        *dispute_measures(period),
        *VOICE_COUNTS,
        *report_measures.measures_for(period),
        *conference_measures(period),
        *fostering_measures(period),
    ]


def special_measures(period: ReportingPeriod, scope: Scope) -> dict[str, Any]:
    return {
        **dispute_categories(period, scope),
        **report_measures.special_measures(period, scope),
        **plans_by_category(period, scope),
    }
