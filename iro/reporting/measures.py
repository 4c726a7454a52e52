"""The scorecard's measures (shared/domain.md §7), each defined once as a queryset filter.

A measure's figure and its drill-down list come from the same definition, so the numbers in the
scorecard, the annual report and the lists behind them always agree. Measures that share a
subject (reviews held in the period, periods of care, ...) are counted together in one aggregate
query: the scorecard's query count does not depend on the number of children.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from django.db.models import Count, Model, Q, QuerySet

from iro.children.codes import PARTICIPATION
from iro.children.models import PeriodOfCare
from iro.reviews.models import Review

from .arithmetic import ReportingPeriod, percent

Kind = Literal["rate", "count"]


@dataclass(frozen=True)
class Scope:
    """Narrow the measures to one IRO's or one team's work (None: the whole service)."""

    iro_id: int | None = None
    team_id: int | None = None

    @property
    def is_service(self) -> bool:
        return self.iro_id is None and self.team_id is None


@dataclass(frozen=True)
class Subject:
    """A family of records counted together, e.g. the reviews held in the period.

    `columns` and `row` say how a drill-down list shows one record; `child_path` leads from a
    record to its child (empty when the records are not about one child)."""

    key: str
    noun: str
    records: Callable[[ReportingPeriod, Scope], QuerySet[Any]]
    child_path: str
    columns: tuple[str, ...] = ("Record",)
    row: Callable[[Any], list[Any]] = field(default=lambda record: [str(record)])


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    section: str
    subject: Subject | None  # None: computed by a special function, not a queryset filter
    kind: Kind
    base: Q = field(default_factory=Q)  # which records count (the denominator of a rate)
    numerator: Q | None = None  # for rates: which of those are "good"
    description: str = ""
    higher_is_better: bool | None = True


def _scoped(queryset: QuerySet[Any], scope: Scope, child_path: str, iro_path: str) -> QuerySet[Any]:
    if scope.iro_id is not None:
        queryset = queryset.filter(**{iro_path: scope.iro_id})
    if scope.team_id is not None:
        queryset = queryset.filter(**{f"{child_path}team_id": scope.team_id})
    return queryset


def _reviews_held(period: ReportingPeriod, scope: Scope) -> QuerySet[Any]:
    queryset = Review.objects.filter(
        status=Review.Status.HELD, held_on__gte=period.date_from, held_on__lte=period.date_to
    )
    # A review belongs to the IRO who chaired it.
    return _scoped(queryset, scope, "child__", "chair_id")


def _periods_touching(period: ReportingPeriod, scope: Scope) -> QuerySet[Any]:
    queryset = PeriodOfCare.objects.filter(
        Q(start_date__isnull=True) | Q(start_date__lte=period.date_to),
        Q(end_date__isnull=True) | Q(end_date__gte=period.date_from),
    )
    return _scoped(queryset, scope, "child__", "child__iro_id")


def _review_row(review: Any) -> list[Any]:
    return [
        review.held_on,
        review.number_label,
        review.due_date,
        {True: "Yes", False: "No", None: "Not known"}[review.in_timescale],
        review.participation_code,
    ]


def _period_row(period: Any) -> list[Any]:
    return [period.start_date, period.end_date, period.reason_ceased]


REVIEWS = Subject(
    "reviews",
    "reviews",
    _reviews_held,
    "child",
    ("Date of review", "Review", "Due by", "In timescale", "Participation"),
    _review_row,
)
PERIODS = Subject(
    "periods",
    "periods of care",
    _periods_touching,
    "child",
    ("Came into care", "Left care", "Reason left"),
    _period_row,
)

_PN = {f"PN{i}": Q(participation_code=f"PN{i}") for i in range(8)}
_PN_1_TO_6 = Q(participation_code__in=[f"PN{i}" for i in range(1, 7)])
_PN_1_TO_7 = Q(participation_code__in=[f"PN{i}" for i in range(1, 8)])
_LATER = Q(number__gte=2) | Q(number__isnull=True)
_TIMED = Q(in_timescale__isnull=False)

MEASURES: list[Measure] = [
    Measure(
        "reviews_held",
        "Reviews held",
        "Reviews",
        REVIEWS,
        "count",
        description="Statutory reviews held in the period (cancelled or adjourned meetings are not reviews).",
        higher_is_better=None,
    ),
    Measure(
        "reviews_first",
        "First reviews",
        "Reviews",
        REVIEWS,
        "count",
        Q(number=1),
        higher_is_better=None,
    ),
    Measure(
        "reviews_second",
        "Second reviews",
        "Reviews",
        REVIEWS,
        "count",
        Q(number=2),
        higher_is_better=None,
    ),
    Measure(
        "reviews_subsequent",
        "Subsequent reviews",
        "Reviews",
        REVIEWS,
        "count",
        Q(number__gte=3) | Q(number__isnull=True),
        description="Third and later reviews, and reviews of children who came into care before the data.",
        higher_is_better=None,
    ),
    Measure(
        "first_reviews_in_timescale",
        "First reviews in timescale",
        "Timeliness",
        REVIEWS,
        "rate",
        Q(number=1),
        Q(in_timescale=True),
        description="First reviews held within 20 working days of coming into care.",
    ),
    Measure(
        "later_reviews_in_timescale",
        "Second and later reviews in timescale",
        "Timeliness",
        REVIEWS,
        "rate",
        _LATER & _TIMED,
        Q(in_timescale=True),
        description="Second reviews within 3 months and later ones within 6 months of the previous "
        "review. Reviews whose due date is not known (the first known review of a child in care "
        "before the data) are left out.",
    ),
    Measure(
        "reviews_in_timescale",
        "All reviews in timescale",
        "Timeliness",
        REVIEWS,
        "rate",
        _TIMED,
        Q(in_timescale=True),
        description="Every review held on or before its due date, where the due date is known.",
    ),
    *[
        Measure(
            f"participation_{code}",
            f"Participation {code}",
            "Participation",
            REVIEWS,
            "count",
            condition,
            description=PARTICIPATION[code],
            higher_is_better=None,
        )
        for code, condition in _PN.items()
    ],
    Measure(
        "participation",
        "Children who took part in their review",
        "Participation",
        REVIEWS,
        "rate",
        _PN_1_TO_7,
        _PN_1_TO_6,
        description="Reviews with codes PN1 to PN6 out of reviews with PN1 to PN7 (children under 4, "
        "PN0, are left out).",
    ),
    Measure(
        "attended_in_person",
        "Attended in person (PN1–PN4)",
        "Participation",
        REVIEWS,
        "count",
        Q(participation_code__in=["PN1", "PN2", "PN3", "PN4"]),
        higher_is_better=None,
    ),
    Measure(
        "views_conveyed_absent",
        "Views conveyed while absent (PN5–PN6)",
        "Participation",
        REVIEWS,
        "count",
        Q(participation_code__in=["PN5", "PN6"]),
        higher_is_better=None,
    ),
]


def period_measures(period: ReportingPeriod) -> list[Measure]:
    """Measures whose filters depend on the dates (entries and exits)."""
    return [
        Measure(
            "entries",
            "Children coming into care",
            "Children in care",
            PERIODS,
            "count",
            Q(start_known=True, start_date__gte=period.date_from, start_date__lte=period.date_to),
            description="Periods of care that started in the period.",
            higher_is_better=None,
        ),
        Measure(
            "exits",
            "Children leaving care",
            "Children in care",
            PERIODS,
            "count",
            Q(end_date__gte=period.date_from, end_date__lte=period.date_to),
            description="Periods of care that ended in the period.",
            higher_is_better=None,
        ),
        Measure(
            "children_looked_after_at_end",
            "Children in care at the end of the period",
            "Children in care",
            PERIODS,
            "count",
            (Q(start_date__isnull=True) | Q(start_date__lte=period.date_to))
            & (Q(end_date__isnull=True) | Q(end_date__gt=period.date_to)),
            description="Children in an open period of care on the last day of the period.",
            higher_is_better=None,
        ),
    ]


def all_measures(period: ReportingPeriod) -> list[Measure]:
    return [*period_measures(period), *MEASURES]


def measure_by_key(key: str, period: ReportingPeriod) -> Measure | None:
    return next((m for m in all_measures(period) if m.key == key), None)


def count_subject(
    subject: Subject, measures: list[Measure], period: ReportingPeriod, scope: Scope
) -> dict[str, dict[str, Any]]:
    """All of one subject's measures in a single aggregate query."""
    aggregates: dict[str, Any] = {}
    for measure in measures:
        aggregates[f"{measure.key}__d"] = Count("pk", filter=measure.base)
        if measure.numerator is not None:
            aggregates[f"{measure.key}__n"] = Count("pk", filter=measure.base & measure.numerator)
    totals = subject.records(period, scope).aggregate(**aggregates) if aggregates else {}
    results: dict[str, dict[str, Any]] = {}
    for measure in measures:
        if measure.kind == "rate":
            numerator, denominator = totals[f"{measure.key}__n"], totals[f"{measure.key}__d"]
            results[measure.key] = {
                "numerator": numerator,
                "denominator": denominator,
                "percent": percent(numerator, denominator),
            }
        else:
            results[measure.key] = {"count": totals[f"{measure.key}__d"]}
    return results


def drill_down(
    measure: Measure, period: ReportingPeriod, scope: Scope, part: str = "numerator"
) -> QuerySet[Model]:
    """The records behind a figure: the numerator (or denominator) of a rate, or a count."""
    assert measure.subject is not None
    queryset = measure.subject.records(period, scope).filter(measure.base)
    if part == "numerator" and measure.numerator is not None:
        queryset = queryset.filter(measure.numerator)
    return queryset


def on_date(day: date) -> Q:
    """Periods of care open on a day."""
    return (Q(start_date__isnull=True) | Q(start_date__lte=day)) & (
        Q(end_date__isnull=True) | Q(end_date__gt=day)
    )


# Measures computed by `iro.reporting.scorecard.special_measures`, listed for display.
SPECIAL_MEASURES: list[Measure] = [
    Measure(
        "children_looked_after_monthly_average",
        "Children in care: monthly average",
        "Children in care",
        None,
        "count",
        description="Mean over the months of the children in care on each month's last day.",
        higher_is_better=None,
    ),
    Measure(
        "reviews_overdue_at_end",
        "Children with an overdue review at the end of the period",
        "Timeliness",
        None,
        "count",
        description="Children in care on the last day whose next review was due before that day "
        "and had not been held.",
        higher_is_better=False,
    ),
    Measure(
        "iro_allocated_in_timescale",
        "IRO allocated within 5 working days",
        "Timeliness",
        None,
        "rate",
        description="Children coming into care in the period whose IRO was allocated within 5 "
        "working days.",
    ),
    Measure(
        "caseload_per_fte",
        "Children per full-time IRO",
        "Caseloads",
        None,
        "count",
        description="Average over IROs of children allocated on the last day divided by the FTE "
        "they have for children in care (IRO Handbook: 50 to 70).",
        higher_is_better=None,
    ),
]
