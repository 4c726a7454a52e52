"""Reading child protection records. Each selector owns its joins and annotations, so a page's
query count does not grow with the service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Case, CharField, Count, IntegerField, Q, QuerySet, Value, When

from iro.children.models import Child
from iro.core.prepared import prepared

from .models import ChildProtectionPlan, Conference, Section47Enquiry

STATUSES = (("overdue", "Overdue"), ("due_soon", "Due soon"), ("on_track", "On track"))
_ORDER = {"overdue": 0, "due_soon": 1, "on_track": 2}


def open_on(day: date, prefix: str = "") -> Q:
    """Plans running on ``day``: started on or before it and not ended by it (a plan that ends
    on a day is not running that day, as with a period of care)."""
    return Q(**{f"{prefix}start_date__lte": day}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gt": day})
    )


def open_plans_by_chair(day: date) -> dict[int, int]:
    """{ReviewingOfficer id: children on a plan they chair on ``day``}, in one query (the
    workload kind "cp_plan")."""
    rows = (
        ChildProtectionPlan.objects.filter(open_on(day), chair__isnull=False)
        .order_by()
        .values("chair_id")
        .annotate(n=Count("child_id", distinct=True))
    )
    return {row["chair_id"]: row["n"] for row in rows}


@dataclass(frozen=True)
class DueContext:
    as_of: date
    due_soon_by: date


def _with_status(queryset: QuerySet[Any], due: str, context: DueContext) -> QuerySet[Any]:
    """Annotate `due_status` and `urgency` from a stored due date: overdue from the day after
    it, due soon within the review timetable's due-soon window, else on track."""

    def case(values: dict[str, Any], field: Any) -> Case:
        return Case(
            When(**{f"{due}__lt": context.as_of}, then=Value(values["overdue"])),
            When(**{f"{due}__lte": context.due_soon_by}, then=Value(values["due_soon"])),
            default=Value(values["on_track"]),
            output_field=field,
        )

    return queryset.annotate(
        due_status=case({k: k for k in _ORDER}, CharField()),
        urgency=case(_ORDER, IntegerField()),
    )


def initial_conferences_due(
    context: DueContext, *, chair_id: int | None = None, status: str | None = None
) -> QuerySet[Section47Enquiry]:
    """Section 47 enquiries whose initial conference is still to be held, most urgent first."""
    queryset = _with_status(
        Section47Enquiry.objects.filter(icpc_held_on__isnull=True, icpc_not_required=False)
        .exclude(icpc_due__isnull=True)
        .select_related("child", "chair"),
        "icpc_due",
        context,
    )
    if chair_id is not None:
        queryset = queryset.filter(chair_id=chair_id)
    if status:
        queryset = queryset.filter(due_status=status)
    return queryset.order_by("urgency", "icpc_due", "child__la_child_id", "pk")


def review_conferences_due(
    context: DueContext, *, chair_id: int | None = None, status: str | None = None
) -> QuerySet[ChildProtectionPlan]:
    """Plans still running, with their next review conference, most urgent first."""
    queryset = _with_status(
        ChildProtectionPlan.objects.filter(
            end_date__isnull=True, next_review_due__isnull=False
        ).select_related("child", "chair"),
        "next_review_due",
        context,
    )
    if chair_id is not None:
        queryset = queryset.filter(chair_id=chair_id)
    if status:
        queryset = queryset.filter(due_status=status)
    return queryset.order_by("urgency", "next_review_due", "child__la_child_id", "pk")


def status_counts(queryset: QuerySet[Any]) -> dict[str, int]:
    counts = dict.fromkeys(_ORDER, 0)
    for row in queryset.order_by().values("due_status").annotate(n=Count("pk")):
        counts[row["due_status"]] = row["n"]
    return counts


@dataclass
class ChildProtection:
    enquiries: list[Section47Enquiry]
    plans: list[ChildProtectionPlan]
    conferences: list[Conference]

    @property
    def open_plan(self) -> ChildProtectionPlan | None:
        return next((p for p in self.plans if p.end_date is None), None)


def child_protection(child: Child) -> ChildProtection:
    """A child's enquiries, plans and conferences, latest first (three queries)."""
    return ChildProtection(
        enquiries=_enquiries(child_id=child.pk),
        plans=_plans(child_id=child.pk),
        conferences=_conferences(child_id=child.pk),
    )


@prepared
def _enquiries(*, child_id: int) -> QuerySet[Section47Enquiry]:
    return (
        Section47Enquiry.objects.filter(child_id=child_id)
        .select_related("chair")
        .order_by("-strategy_discussion_on")
    )


@prepared
def _plans(*, child_id: int) -> QuerySet[ChildProtectionPlan]:
    return (
        ChildProtectionPlan.objects.filter(child_id=child_id)
        .select_related("chair")
        .order_by("-start_date")
    )


@prepared
def _conferences(*, child_id: int) -> QuerySet[Conference]:
    return (
        Conference.objects.filter(child_id=child_id)
        .select_related("chair")
        .order_by("-held_on", "-pk")
    )
