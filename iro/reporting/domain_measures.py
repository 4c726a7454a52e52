"""Measures counted from the review cycle, oversight, disputes and the child's voice.

They sit with the scorecard (not in each module) because shared/domain.md §7 defines them as
one set; each is a queryset filter like the core measures, so figure and drill-down agree.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from iro.children.models import PeriodOfCare
from iro.disputes.models import (
    CafcassReferral,
    Category,
    Dispute,
    GoodPracticeAlert,
    LegalAdviceRecord,
)
from iro.monitoring.models import OversightRecord
from iro.voice.rules import counting_methods
from iro.voice.selectors import reviews_expecting_consultation, voice_measures

from .arithmetic import ReportingPeriod, percent
from .measures import REVIEWS, Measure, Scope, Subject, _scoped

# --- the review cycle: minutes and recommendations ------------------------------------------


def review_measures(period: ReportingPeriod) -> list[Measure]:
    due_by_end = {
        "minutes_written": Q(minutes_written_due__lte=period.date_to),
        "minutes_distributed": Q(minutes_distributed_due__lte=period.date_to),
        "recommendations_issued": Q(recommendations_due__lte=period.date_to),
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
            description="Reviews whose 20-working-day deadline fell by the end of the period.",
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
            description="Reviews whose 20-working-day deadline fell by the end of the period.",
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
            description="Reviews whose 5-working-day deadline fell by the end of the period.",
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
)


def children_in_care_six_months(period: ReportingPeriod, scope: Scope) -> set[int]:
    """Children looked after for at least 6 months (183 days) of the period."""
    queryset = PeriodOfCare.objects.filter(
        Q(start_date__isnull=True) | Q(start_date__lte=period.date_to),
        Q(end_date__isnull=True) | Q(end_date__gte=period.date_from),
    )
    queryset = _scoped(queryset, scope, "child__", "child__iro_id")
    days: dict[int, int] = defaultdict(int)
    for child_id, start, end in queryset.values_list("child_id", "start_date", "end_date"):
        first = max(start or period.date_from, period.date_from)
        last = min(end or period.date_to, period.date_to)
        days[child_id] += max(0, (last - first).days + 1)
    return {child for child, total in days.items() if total >= 183}


def oversight_counts(period: ReportingPeriod, scope: Scope) -> dict[int, int]:
    return dict(
        _oversights(period, Scope(team_id=scope.team_id))
        .values("child_id")
        .annotate(n=Count("id"))
        .values_list("child_id", "n")
    )


def children_with_oversights(
    period: ReportingPeriod, scope: Scope, at_least: int
) -> tuple[set[int], set[int]]:
    """(children meeting the standard, children it applies to)."""
    eligible = children_in_care_six_months(period, scope)
    counts = oversight_counts(period, scope)
    return {c for c in eligible if counts.get(c, 0) >= at_least}, eligible


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
    "cafcass", "Cafcass referrals", _cafcass, "child", ("Referred",), lambda r: [r.referred_on]
)
LEGAL_ADVICE = Subject(
    "legal_advice",
    "requests for legal advice",
    _legal_advice,
    "child",
    ("Sought",),
    lambda r: [r.sought_on],
)
ALERTS = Subject(
    "alerts",
    "good-practice alerts",
    _alerts,
    "child",
    ("Raised", "Recognises"),
    lambda r: [r.raised_on, r.praised],
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
    ]


# --- specials for the scorecard -------------------------------------------------------------

SPECIALS: list[Measure] = [
    Measure(
        "children_with_2_oversights",
        "Children with at least 2 oversights",
        "Oversight",
        None,
        "rate",
        description="Children in care for at least 6 months of the period with 2 or more IRO "
        "oversights recorded in it.",
    ),
    Measure(
        "children_with_4_oversights",
        "Children with at least 4 oversights",
        "Oversight",
        None,
        "rate",
        description="Children in care for at least 6 months of the period with 4 or more IRO "
        "oversights recorded in it.",
    ),
    Measure(
        "advocacy_children_supported",
        "Children supported by an advocate",
        "Voice",
        None,
        "count",
        higher_is_better=None,
    ),
    Measure(
        "independent_visitor_referrals",
        "Independent visitor referrals",
        "Voice",
        None,
        "count",
        higher_is_better=None,
    ),
    Measure("compliments", "Compliments received", "Voice", None, "count", higher_is_better=None),
    Measure("complaints", "Complaints received", "Voice", None, "count", higher_is_better=None),
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
        *dispute_measures(period),
        *SPECIALS,
    ]


def special_measures(period: ReportingPeriod, scope: Scope) -> dict[str, Any]:
    results: dict[str, Any] = dispute_categories(period, scope)
    for at_least in (2, 4):
        met, eligible = children_with_oversights(period, scope, at_least)
        results[f"children_with_{at_least}_oversights"] = {
            "numerator": len(met),
            "denominator": len(eligible),
            "percent": percent(len(met), len(eligible)),
        }
    # The voice records are the service's, not one IRO's or team's.
    voice = voice_measures(period.date_from, period.date_to) if scope.is_service else {}
    for key in (
        "advocacy_children_supported",
        "independent_visitor_referrals",
        "compliments",
        "complaints",
    ):
        results[key] = voice.get(key, {"count": None})
    return results


def special_children(key: str, period: ReportingPeriod, scope: Scope, part: str) -> set[int] | None:
    """Children behind a special rate (for drill-downs)."""
    for at_least in (2, 4):
        if key == f"children_with_{at_least}_oversights":
            met, eligible = children_with_oversights(period, scope, at_least)
            return met if part == "numerator" else eligible
    return None
