"""The child protection measures (shared/domain.md section 9): initial and review conferences
in timescale, plans started (and by category), second or later plans, and plans that ended after
lasting 2 years or more. Each is one queryset filter over stored facts (the conference
timetable's due dates and timeliness, a plan's `long_plan_from`), so figure and drill-down
agree; a measure for one IRO counts the conferences and plans they chair."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, Q, QuerySet

from iro.conferences.models import Category, ChildProtectionPlan, Conference

from .arithmetic import ReportingPeriod
from .measures import Measure, Scope, Subject, _scoped, dated

_YES_NO = {True: "Yes", False: "No", None: "Not known"}


def _conferences(kind: str) -> Any:
    def records(period: ReportingPeriod, scope: Scope) -> QuerySet[Any]:
        queryset = Conference.objects.filter(
            kind=kind, held_on__gte=period.date_from, held_on__lte=period.date_to
        )
        return _scoped(queryset, scope, "child__", "chair_id")

    return records


def _plans_started(period: ReportingPeriod, scope: Scope) -> QuerySet[Any]:
    queryset = ChildProtectionPlan.objects.filter(
        start_date__gte=period.date_from, start_date__lte=period.date_to
    )
    return _scoped(queryset, scope, "child__", "chair_id")


def _plans_ended(period: ReportingPeriod, scope: Scope) -> QuerySet[Any]:
    queryset = ChildProtectionPlan.objects.filter(
        end_date__gte=period.date_from, end_date__lte=period.date_to
    )
    return _scoped(queryset, scope, "child__", "chair_id")


def _conference_row(conference: Any) -> list[Any]:
    return [conference.held_on, conference.due_date, _YES_NO[conference.in_timescale]]


def _plan_row(plan: Any) -> list[Any]:
    return [
        plan.start_date,
        plan.end_date,
        plan.get_initial_category_display(),
        "Not known" if plan.previous_plans is None else plan.previous_plans,
    ]


INITIAL_CONFERENCES = Subject(
    "initial_conferences",
    "initial child protection conferences",
    _conferences(Conference.Kind.INITIAL),
    "child",
    ("Date of conference", "Due by", "In timescale"),
    _conference_row,
    within=dated("held_on"),
)
REVIEW_CONFERENCES = Subject(
    "review_conferences",
    "review child protection conferences",
    _conferences(Conference.Kind.REVIEW),
    "child",
    ("Date of conference", "Due by", "In timescale"),
    _conference_row,
    within=dated("held_on"),
)
PLAN_COLUMNS = ("Plan started", "Plan ended", "Category", "Previous plans")
PLANS_STARTED = Subject(
    "cp_plans_started",
    "child protection plans",
    _plans_started,
    "child",
    PLAN_COLUMNS,
    _plan_row,
    within=dated("start_date"),
)
PLANS_ENDED = Subject(
    "cp_plans_ended",
    "child protection plans",
    _plans_ended,
    "child",
    PLAN_COLUMNS,
    _plan_row,
    within=dated("end_date"),
)

_TIMED = Q(in_timescale__isnull=False)

CONFERENCE_MEASURES: list[Measure] = [
    Measure(
        "icpc_in_timescale",
        "Initial child protection conferences within 15 working days",
        "Child protection",
        INITIAL_CONFERENCES,
        "rate",
        _TIMED,
        Q(in_timescale=True),
        description="Initial conferences held in the period within 15 working days of the "
        "strategy discussion that started section 47 enquiries, of those held in the period.",
    ),
    Measure(
        "rcpc_in_timescale",
        "Review child protection conferences in timescale",
        "Child protection",
        REVIEW_CONFERENCES,
        "rate",
        _TIMED,
        Q(in_timescale=True),
        description="Review conferences held in the period on time: the first within 3 months of "
        "the initial conference, later ones within 6 months of the previous conference.",
    ),
    Measure(
        "cp_plans_started",
        "Child protection plans started",
        "Child protection",
        PLANS_STARTED,
        "count",
        higher_is_better=None,
    ),
    Measure(
        "cp_plans_second_or_subsequent",
        "Plans that were the child's second or later plan",
        "Child protection",
        PLANS_STARTED,
        "rate",
        Q(previous_plans__isnull=False),
        Q(previous_plans__gte=1),
        description="Plans started in the period for a child who had a plan before, of the plans "
        "started whose number of previous plans is known.",
        higher_is_better=False,
    ),
    Measure(
        "cp_plans_ended_after_2_years",
        "Plans ending that had lasted 2 years or more",
        "Child protection",
        PLANS_ENDED,
        "rate",
        Q(),
        Q(end_date__gte=F("long_plan_from")),
        description="Plans that ended in the period and had lasted 2 years or more, of all plans "
        "that ended in the period.",
        higher_is_better=False,
    ),
]


def conference_measures(period: ReportingPeriod) -> list[Measure]:
    return CONFERENCE_MEASURES


def plans_by_category(period: ReportingPeriod, scope: Scope) -> dict[str, Any]:
    """`cp_plans_by_category`: the plans started in the period (the `cp_plans_started` records)
    by their initial category, every category listed (one query)."""
    labels = dict(Category.choices)
    counts = dict.fromkeys((str(label) for label in labels.values()), 0)
    rows = (
        _plans_started(period, scope).order_by().values("initial_category").annotate(n=Count("id"))
    )
    for row in rows:
        counts[str(labels[row["initial_category"]])] = row["n"]
    return {"cp_plans_by_category": counts}
