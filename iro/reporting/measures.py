"""The scorecard's measures (shared/domain.md §7), each defined once as a queryset filter.

A measure's figure and its drill-down list come from the same definition, so the numbers in the
scorecard, the annual report and the lists behind them always agree. Measures that share a
subject (reviews held in the period, periods of care, ...) are counted together in one aggregate
query: the scorecard's query count does not depend on the number of children.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any, Literal

from django.db.models import (
    Case,
    Count,
    DateField,
    F,
    IntegerField,
    Min,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from iro.caseloads.selectors import allocated_on, looked_after_during, looked_after_on
from iro.children.codes import PARTICIPATION
from iro.children.models import IROAllocation, PeriodOfCare
from iro.core.prepared import aggregated, keyed_rows
from iro.reviews.models import Review

from .arithmetic import ReportingPeriod, percent
from .stored import year_facts, years_answered

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
    # The service's records (compliments, ...): not reported for one IRO or team.
    service_only: bool = False
    # Which of the records of a longer span belong to a period: when given, the records of
    # several periods (three years, twelve months) are counted in one query over their span.
    within: Callable[[ReportingPeriod], Q] | None = None
    # The same records read from stored facts (`stored.years_answered` says when they answer).
    stored: Subject | None = None
    # How a drill-down lists the records.
    ordering: str = "pk"


def answering(subject: Subject, periods: list[ReportingPeriod]) -> Subject:
    """The subject to count for these periods: its stored facts when they answer every one
    (whole or to-date collection years, refreshed for their last day), else the live query."""
    if subject.stored is not None and years_answered(periods):
        return subject.stored
    return subject


@dataclass(frozen=True)
class _Dated:
    """`within` for records dated by one field: each record falls in at most one of several
    periods that do not overlap, so they can be counted grouped by period (see `_by_period`)."""

    field_name: str

    def __call__(self, period: ReportingPeriod) -> Q:
        return Q(
            **{
                f"{self.field_name}__gte": period.date_from,
                f"{self.field_name}__lte": period.date_to,
            }
        )


def dated(field_name: str) -> Callable[[ReportingPeriod], Q]:
    """`within` for records dated by one field."""
    return _Dated(field_name)


def stored_year_subject(
    key: str, condition: Q, columns: tuple[str, ...], row: Callable[[Any], list[Any]]
) -> Subject:
    """A per-child subject read from the stored year facts (`ChildYearFacts`): the rows of the
    children `condition` picks, one a year, scoped as the live queries are (the child's IRO
    and team now)."""
    return Subject(
        f"{key}:stored",
        "children",
        lambda period, scope: _scoped(
            year_facts(condition, period), scope, "child__", "child__iro_id"
        ),
        "child",
        columns,
        row,
        within=dated("year_start"),
        ordering="child_id",
    )


def _overlapping(period: ReportingPeriod) -> Q:
    return looked_after_during(period.date_from, period.date_to)


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
    # Its figure is not a count of records (a median, a sum, a rate per 10,000): computed by a
    # special function; its subject and base still say which records it is computed from.
    computed: bool = False

    @property
    def definition(self) -> str:
        """How the figure is counted, in words (the report's appendix)."""
        return self.description or f"{self.label}: counted in the period."


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
    queryset = PeriodOfCare.objects.filter(_overlapping(period))
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
    within=dated("held_on"),
)
PERIODS = Subject(
    "periods",
    "periods of care",
    _periods_touching,
    "child",
    ("Came into care", "Left care", "Reason left"),
    _period_row,
    within=_overlapping,
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
            on_date(period.date_to),
            description="Children in an open period of care on the last day of the period (or "
            "today, for a year to date).",
            higher_is_better=None,
        ),
    ]


def all_measures(period: ReportingPeriod) -> list[Measure]:
    return [*period_measures(period), *MEASURES, *derived_measures(period)]


def measure_by_key(key: str, period: ReportingPeriod) -> Measure | None:
    return next((m for m in all_measures(period) if m.key == key), None)


def count_subject(
    subject: Subject, measures: list[Measure], period: ReportingPeriod, scope: Scope
) -> dict[str, dict[str, Any]]:
    """All of one subject's measures in a single aggregate query."""
    return count_subject_over(subject, [(period, measures)], scope)[0]


def count_subject_over(
    subject: Subject, periods: list[tuple[ReportingPeriod, list[Measure]]], scope: Scope
) -> list[dict[str, dict[str, Any]]]:
    """One subject's measures for several periods: one aggregate query over their span when the
    subject says which records belong to a period (`within`), else one query a period."""
    subject = answering(subject, [period for period, _ in periods])
    if subject.service_only and not scope.is_service:
        return [{m.key: not_reported(m) for m in measures} for _, measures in periods]
    if subject.within is None or len(periods) == 1:
        groups = [[(period, measures)] for period, measures in periods]
    else:
        groups = [periods]
    results: list[dict[str, dict[str, Any]]] = []
    for group in groups:
        span = ReportingPeriod(
            min(p.date_from for p, _ in group),
            max(p.date_to for p, _ in group),
            group[-1][0].produced_on,
        )
        # The SQL is a function of the subject, the scope and each period's measures alone, so
        # it is compiled once per process for them (`keyed_rows`); the figures are read anew.
        key = (
            subject.key,
            scope,
            tuple((period, tuple(m.key for m in measures)) for period, measures in group),
        )
        if len(group) > 1 and isinstance(subject.within, _Dated) and _disjoint(group):
            totals_by_period = _by_period(
                partial(subject.records, span, scope), subject.within.field_name, group, key
            )
            for (_, measures), totals in zip(group, totals_by_period, strict=True):
                results.append(_figures(measures, totals, ""))
            continue
        aggregates: dict[str, Any] = {}
        for index, (period, measures) in enumerate(group):
            own = subject.within(period) if subject.within and len(group) > 1 else Q()
            for measure in measures:
                name = f"p{index}__{measure.key}"
                aggregates[f"{name}__d"] = Count("pk", filter=own & measure.base)
                if measure.numerator is not None:
                    aggregates[f"{name}__n"] = Count(
                        "pk", filter=own & measure.base & measure.numerator
                    )
        within = span if len(group) > 1 else group[0][0]
        totals = (
            _aggregate(subject, partial(subject.records, within, scope), aggregates, key)
            if aggregates
            else {}
        )
        for index, (_, measures) in enumerate(group):
            results.append(_figures(measures, totals, f"p{index}__"))
    return results


# Whether a count can be compiled once, found on its first call in the process for each key:
# not when its records carry an aggregate of their own (a count per child), as Django counts
# over those through a subquery that only `aggregate` builds. By key, not by subject: a subject
# can answer a short period with no aggregate at all (the oversight standard of a month).
_KEYABLE: dict[Any, bool] = {}


def _aggregate(
    subject: Subject,
    records: Callable[[], QuerySet[Any]],
    aggregates: dict[str, Any],
    key: Any,
) -> dict[str, Any]:
    """`records().aggregate(**aggregates)` (every one a count), compiled once per key."""
    if key not in _KEYABLE:
        if len(_KEYABLE) > 4096:  # bounded, like `keyed_rows`
            _KEYABLE.clear()
        queryset = records()
        _KEYABLE[key] = not any(a.contains_aggregate for a in queryset.query.annotations.values())
    if not _KEYABLE[key]:
        return records().aggregate(**aggregates)
    rows = keyed_rows(("aggregate", *key), lambda: aggregated(records(), **aggregates))
    return rows[0] if rows else dict.fromkeys(aggregates, 0)


def _disjoint(group: list[tuple[ReportingPeriod, list[Measure]]]) -> bool:
    ordered = sorted((period for period, _ in group), key=lambda p: p.date_from)
    return all(a.date_to < b.date_from for a, b in itertools.pairwise(ordered))


def _by_period(
    records: Callable[[], QuerySet[Any]],
    field_name: str,
    group: list[tuple[ReportingPeriod, list[Measure]]],
    key: Any,
) -> list[dict[str, Any]]:
    """Records dated by one field, counted for several periods that do not overlap in one query
    grouped by the period each record falls in (one row a period), rather than one filtered
    count per period and measure. A measure whose filters are the same in every period is
    counted once per row; one whose filters move with the period (its deadlines, say) is counted
    for its own period's row only."""
    bucket = Case(
        *[
            When(
                Q(**{f"{field_name}__gte": p.date_from, f"{field_name}__lte": p.date_to}),
                then=Value(index),
            )
            for index, (p, _) in enumerate(group)
        ],
        default=None,
        output_field=IntegerField(),
    )
    by_key: dict[str, list[Measure]] = {}
    for _, measures in group:
        for measure in measures:
            by_key.setdefault(measure.key, []).append(measure)
    same = {
        key
        for key, found in by_key.items()
        if len(found) == len(group)
        and all(m.base == found[0].base and m.numerator == found[0].numerator for m in found)
    }
    aggregates: dict[str, Any] = {}
    names: list[dict[str, str]] = [{} for _ in group]
    for index, (_, measures) in enumerate(group):
        for measure in measures:
            shared = measure.key in same
            name = measure.key if shared else f"p{index}__{measure.key}"
            names[index][measure.key] = name
            if f"{name}__d" in aggregates:
                continue
            own = Q() if shared else Q(reporting_period=index)
            aggregates[f"{name}__d"] = Count("pk", filter=own & measure.base)
            if measure.numerator is not None:
                aggregates[f"{name}__n"] = Count(
                    "pk", filter=own & measure.base & measure.numerator
                )

    def grouped() -> QuerySet[Any]:
        return (
            records()
            .annotate(reporting_period=bucket)
            .filter(reporting_period__isnull=False)
            .order_by()
            .values("reporting_period")
            .annotate(**aggregates)
        )

    rows = {row["reporting_period"]: row for row in keyed_rows(("by_period", *key), grouped)}
    totals: list[dict[str, Any]] = []
    for index, (_, measures) in enumerate(group):
        row = rows.get(index, {})
        mine: dict[str, Any] = {}
        for measure in measures:
            name = names[index][measure.key]
            mine[f"{measure.key}__d"] = row.get(f"{name}__d", 0)
            if measure.numerator is not None:
                mine[f"{measure.key}__n"] = row.get(f"{name}__n", 0)
        totals.append(mine)
    return totals


def _figures(measures: list[Measure], totals: dict[str, Any], prefix: str) -> dict[str, Any]:
    figures: dict[str, dict[str, Any]] = {}
    for measure in measures:
        denominator = totals[f"{prefix}{measure.key}__d"]
        if measure.kind == "rate":
            numerator = totals[f"{prefix}{measure.key}__n"]
            figures[measure.key] = {
                "numerator": numerator,
                "denominator": denominator,
                "percent": percent(numerator, denominator),
            }
        else:
            figures[measure.key] = {"count": denominator}
    return figures


def not_reported(measure: Measure) -> dict[str, Any]:
    """A figure that is not kept for this scope: null, never 0."""
    if measure.kind == "rate":
        return {"numerator": None, "denominator": None, "percent": None}
    return {"count": None}


def drill_down(
    measure: Measure, period: ReportingPeriod, scope: Scope, part: str = "numerator"
) -> QuerySet[Model]:
    """The records behind a figure: the numerator (or denominator) of a rate, or a count."""
    assert measure.subject is not None
    subject = answering(measure.subject, [period])
    if subject.service_only and not scope.is_service:
        return subject.records(period, scope).none()
    queryset = subject.records(period, scope).filter(measure.base)
    if part == "numerator" and measure.numerator is not None:
        queryset = queryset.filter(measure.numerator)
    return queryset


def on_date(day: date) -> Q:
    """Periods of care open on a day (the one rule, from the caseloads selectors)."""
    return looked_after_on(day)


# --- measures derived from stored facts, still one queryset filter each ---------------------


def _in_care_at_end(period: ReportingPeriod, scope: Scope) -> QuerySet[Any]:
    """Periods of care open on the period's last (as-at) day."""
    queryset = PeriodOfCare.objects.filter(on_date(period.date_to))
    return _scoped(queryset, scope, "child__", "child__iro_id")


def overdue_on(day: date) -> Q:
    """Periods of care whose next review was overdue on `day`, from the stored review history
    (the schedule writer's due dates; nothing re-derived here). The review that was next on the
    day is the first held after it, whose stored due date says when it was due; when none has
    been held since, it is the period's stored next review — or, for a period that has ended
    since, the review that was next when the child left (`review_due_when_left`), so a child who
    left care while overdue still counts on the days they were overdue in care. A review held
    after the day whose due date is before the day can only be that first one (each later
    review is due after the one before it was held), so one plain subquery answers it for every
    period at once."""
    held_after = Review.objects.filter(status=Review.Status.HELD, held_on__gt=day)
    # "None held since" from the period's stored last review (the schedule writer's), not a
    # second pass over every review held after the day.
    none_held_since = Q(last_review_date__isnull=True) | Q(last_review_date__lte=day)
    return Q(pk__in=held_after.filter(due_date__lt=day).values("period_id")) | (
        none_held_since & (Q(next_review_due__lt=day) | Q(review_due_when_left__lt=day))
    )


def _entries(period: ReportingPeriod, scope: Scope) -> QuerySet[Any]:
    """Periods of care that started in the period (start known), with the date their first IRO
    allocation on or after the start was made."""
    first_allocation = (
        IROAllocation.objects.filter(
            child_id=OuterRef("child_id"), start_date__gte=OuterRef("start_date")
        )
        .order_by()
        .values("child_id")
        .annotate(first=Min("start_date"))
        .values("first")
    )
    queryset = PeriodOfCare.objects.filter(
        start_known=True, start_date__gte=period.date_from, start_date__lte=period.date_to
    ).annotate(first_allocated=Subquery(first_allocation, output_field=DateField()))
    return _scoped(queryset, scope, "child__", "child__iro_id")


def _allocated_in_time() -> Q:
    """Periods of care whose first IRO allocation on or after the start was made by the
    allocation deadline: some allocation starts between the two. One list of periods, which the
    database builds once; the first allocation as a subquery was run again for every period
    each time a figure's filter named it."""
    in_time = PeriodOfCare.objects.filter(
        child__iro_allocations__start_date__gte=F("start_date"),
        child__iro_allocations__start_date__lte=F("iro_allocation_due"),
    )
    return Q(pk__in=in_time.values("pk"))


# One object for every period, so the periods of a page share its count (`_by_period`
# compares the measures' filters, and two lists built apart are never equal).
ALLOCATED_IN_TIME = _allocated_in_time()


def _allocations_at_end(period: ReportingPeriod, scope: Scope) -> QuerySet[Any]:
    """IRO allocations running on the last (as-at) day for children looked after that day."""
    queryset = allocated_on(period.date_to)
    if scope.iro_id is not None:
        queryset = queryset.filter(iro_id=scope.iro_id)
    if scope.team_id is not None:
        queryset = queryset.filter(child__team_id=scope.team_id)
    return queryset


def _entry_row(period: Any) -> list[Any]:
    return [
        period.start_date,
        period.iro_notification_due,
        period.iro_notified_on,
        period.iro_allocation_due,
        period.first_allocated,
    ]


def _allocation_row(allocation: Any) -> list[Any]:
    return [allocation.iro.name, allocation.start_date]


IN_CARE_AT_END = Subject(
    "in_care_at_end",
    "children",
    _in_care_at_end,
    "child",
    ("Came into care", "Left care", "Reason left"),
    _period_row,
)
ENTRIES = Subject(
    "entries",
    "children coming into care",
    _entries,
    "child",
    (
        "Came into care",
        "IRO service to be told by",
        "IRO service told",
        "IRO due by",
        "IRO allocated",
    ),
    _entry_row,
    within=dated("start_date"),
)
ALLOCATED_AT_END = Subject(
    "allocated_at_end",
    "children allocated to an IRO",
    _allocations_at_end,
    "child",
    ("IRO", "Allocated on"),
    _allocation_row,
)


def derived_measures(period: ReportingPeriod) -> list[Measure]:
    """Measures over stored derived facts (due dates, allocations) rather than raw records."""
    return [
        Measure(
            "reviews_overdue_at_end",
            "Children with an overdue review at the end of the period",
            "Timeliness",
            IN_CARE_AT_END,
            "count",
            overdue_on(period.date_to),
            description="Children in care on the last day (or today, for a year to date) whose "
            "next review was due before that day and had not been held by it.",
            higher_is_better=False,
        ),
        Measure(
            "iro_notified_in_timescale",
            "IRO service told of a new child within 2 working days",
            "Timeliness",
            ENTRIES,
            "rate",
            Q(iro_notification_due__isnull=False, iro_notified_on__isnull=False),
            Q(iro_notified_on__lte=F("iro_notification_due")),
            description="Children coming into care in the period whose IRO service was told "
            "within 2 working days of the start, of those whose notification date is recorded "
            "(with the first allocation). A child with no date recorded, or whose start date is "
            "not known, is left out, never counted late.",
        ),
        Measure(
            "iro_allocated_in_timescale",
            "IRO allocated within 5 working days",
            "Timeliness",
            ENTRIES,
            "rate",
            Q(iro_allocation_due__isnull=False)
            & (Q(iro_allocation_due__lte=period.deadlines_by) | ALLOCATED_IN_TIME),
            ALLOCATED_IN_TIME,
            description="Children coming into care in the period whose IRO was allocated within "
            "5 working days, of those whose 5 days have passed. A child whose start date is not "
            "known is left out, never counted late.",
        ),
    ]


# The caseload figure is children ÷ FTE, not a count of records; its drill-down lists the
# allocations it counts (`ALLOCATED_AT_END`), computed by `iro.reporting.scorecard`.
CASELOAD_PER_FTE = Measure(
    "caseload_per_fte",
    "Children per full-time IRO",
    "Caseloads",
    None,
    "count",
    description="On the last day (or today, for a year to date): all children allocated to an "
    "IRO divided by all IROs' FTE for children in care, with the range across IROs (IRO "
    "Handbook: 50 to 70).",
    higher_is_better=None,
)
MONTHLY_AVERAGE = Measure(
    "children_looked_after_monthly_average",
    "Children in care: monthly average",
    "Children in care",
    None,
    "count",
    description="Mean over the months of the children in care on each month's last day (for "
    "the month under way, today).",
    higher_is_better=None,
)

# Measures that are not a count of one subject's records, with what their figure links to.
SPECIAL_MEASURES: list[Measure] = [MONTHLY_AVERAGE, CASELOAD_PER_FTE]
