"""Reading the register. Each selector owns the joins that keep a page's query count constant."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Case, CharField, Count, IntegerField, Q, QuerySet, Value, When
from django.http import Http404, HttpRequest

from iro.accounts.access import (
    RestrictedRecord,
    child_visible_to,
    record_hidden_for,
    refusal_summary,
    user_id_of,
)
from iro.accounts.models import ReviewingOfficer
from iro.audit.services import audit_record
from iro.core.council import review_timescales, working_day_calendar
from iro.core.prepared import prepared
from iro.timetable.calendar import WorkingDayCalendar
from iro.timetable.reviews import ReviewStatus, ReviewTimescales

from .models import Child, Episode, IROAllocation, IROCover, PeriodOfCare, display_name


def in_care_on(day: date, prefix: str = "") -> Q:
    """Periods of care looked after on ``day``: the SQL form of `iro.timetable.care.in_care_on`
    (started on or before the day, or before the data; not yet ended on it). ``prefix`` reaches
    the period from another model, e.g. ``"current_period__"`` or ``"periods__"``."""
    return (Q(**{f"{prefix}start_date__isnull": True}) | Q(**{f"{prefix}start_date__lte": day})) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gt": day})
    )


STATUS_ORDER = {
    ReviewStatus.OVERDUE: 0,
    ReviewStatus.NO_IRO: 1,
    ReviewStatus.DUE_SOON: 2,
    ReviewStatus.ON_TRACK: 3,
}


@prepared
def _child_for_page(*, child_id: int) -> QuerySet[Child]:
    return Child.objects.select_related("current_period", "iro", "team", "social_worker").filter(
        pk=child_id
    )[:1]


def child_for_user(request: HttpRequest, pk: int) -> Child:
    """The child a page shows, with the joins the page needs, if this user may open the record;
    the read (or the refusal, for a restricted record) goes on the audit trail with the page."""
    found = _child_for_page(child_id=pk)
    if not found:
        raise Http404("No child matches the given query.")
    child = found[0]
    # Restricted records: only the people named on them; every attempt is recorded.
    if not child_visible_to(request.user, child):
        audit_record(
            actor=request.user,
            action="denied",
            object_type="child",
            object_id=child.pk,
            child_id=child.pk,
            summary=refusal_summary("opening a restricted record"),
            changes={"request": f"{request.method} {request.path}"[:300]},
        )
        raise RestrictedRecord(child)
    audit_record(
        actor=request.user,
        action="view",
        object_type="child",
        object_id=child.pk,
        child_id=child.pk,
        summary=(f"Restricted record opened: {request.path}" if child.restricted else request.path)[
            :300
        ],
    )
    return child


@dataclass(frozen=True)
class ScheduleContext:
    as_of: date
    due_soon_by: date
    calendar: WorkingDayCalendar
    timescales: ReviewTimescales


def schedule_context(as_of: date) -> ScheduleContext:
    calendar = working_day_calendar()
    timescales = review_timescales()
    return ScheduleContext(
        as_of=as_of,
        due_soon_by=calendar.add_working_days(as_of, timescales.due_soon_working_days),
        calendar=calendar,
        timescales=timescales,
    )


def _status(as_of: date, due_soon_by: date, values: dict[ReviewStatus, Any], field: Any) -> Case:
    due = "current_period__next_review_due"
    return Case(
        When(iro__isnull=True, then=Value(values[ReviewStatus.NO_IRO])),
        When(**{f"{due}__isnull": True}, then=Value(values[ReviewStatus.DUE_SOON])),
        When(**{f"{due}__lt": as_of}, then=Value(values[ReviewStatus.OVERDUE])),
        When(**{f"{due}__lte": due_soon_by}, then=Value(values[ReviewStatus.DUE_SOON])),
        default=Value(values[ReviewStatus.ON_TRACK]),
        output_field=field,
    )


def with_review_status(
    queryset: QuerySet[Child], context: ScheduleContext, *, urgency: bool = True
) -> QuerySet[Child]:
    """Annotate `review_status` and `urgency` in SQL, following `timetable.reviews.review_status`
    (no IRO first; an unknown due date counts as due soon; overdue from the day after). The
    urgency (the schedule's order) is left out where only the statuses are counted."""
    return _with_status(queryset, context.as_of, context.due_soon_by, urgency=urgency)


def _with_status(
    queryset: QuerySet[Child], as_of: date, due_soon_by: date, *, urgency: bool
) -> QuerySet[Child]:
    labels = {s: s.value for s in ReviewStatus}
    annotations = {"review_status": _status(as_of, due_soon_by, labels, CharField())}
    if urgency:
        annotations["urgency"] = _status(as_of, due_soon_by, STATUS_ORDER, IntegerField())
    return queryset.annotate(**annotations)


# The schedule's order: most urgent first, then soonest due.
SCHEDULE_ORDER = (
    "urgency",
    "current_period__next_review_due",
    "last_name",
    "first_name",
    "la_child_id",
)

# The columns a schedule row shows (the pages' table and the `review_schedule` CLI).
SCHEDULE_VALUES = (
    "pk",
    "la_child_id",
    "first_name",
    "last_name",
    "iro__name",
    "current_period__start_date",
    "current_period__last_review_date",
    "current_period__next_review_number",
    "current_period__next_review_due",
    "review_status",
)


@dataclass(frozen=True)
class ScheduledPeriod:
    start_date: date | None
    last_review_date: date | None
    next_review_number: int | None
    next_review_due: date | None


@dataclass(frozen=True)
class ScheduleRow:
    """One child on the review schedule, as its row shows them, read as plain values: building
    a child, a period and an IRO for every row was a quarter of drawing a page of the schedule.
    `iro` is the IRO's name (None: not allocated); `record_hidden` as `with_record_hidden`."""

    pk: int
    la_child_id: str
    display_name: str
    iro: str | None
    review_status: str
    current_period: ScheduledPeriod
    record_hidden: bool = False


def schedule_rows(queryset: QuerySet[Child]) -> list[ScheduleRow]:
    """The rows of (a page of) `review_schedule`, annotated or not with `record_hidden`."""
    hidden = "record_hidden" in queryset.query.annotations
    names = (*SCHEDULE_VALUES, "record_hidden") if hidden else SCHEDULE_VALUES
    return _schedule_rows(queryset.values(*names))


def _schedule_rows(values: Iterable[dict[str, Any]]) -> list[ScheduleRow]:
    return [
        ScheduleRow(
            pk=v["pk"],
            la_child_id=v["la_child_id"],
            display_name=display_name(v["first_name"], v["last_name"], v["la_child_id"]),
            iro=v["iro__name"],
            review_status=v["review_status"],
            current_period=ScheduledPeriod(
                start_date=v["current_period__start_date"],
                last_review_date=v["current_period__last_review_date"],
                next_review_number=v["current_period__next_review_number"],
                next_review_due=v["current_period__next_review_due"],
            ),
            record_hidden=bool(v.get("record_hidden", False)),
        )
        for v in values
    ]


def schedule_page(
    context: ScheduleContext,
    user: Any,
    offset: int,
    limit: int,
    *,
    iro_id: int | None = None,
    team_id: int | None = None,
    status: str | None = None,
) -> list[ScheduleRow]:
    """Rows `offset` to `offset + limit` of `review_schedule`, each with `record_hidden` for
    this person: the pages' query, compiled once (`iro.core.prepared`)."""
    return _schedule_rows(
        _schedule_page(
            offset,
            limit,
            iro_id=iro_id,
            team_id=team_id,
            status=status or None,
            user_id=user_id_of(user),
            as_of=context.as_of,
            due_soon_by=context.due_soon_by,
        )
    )


@prepared
def _schedule_page(
    offset: int,
    limit: int,
    *,
    iro_id: int | None,
    team_id: int | None,
    status: str | None,
    user_id: int | None,
    as_of: date,
    due_soon_by: date,
) -> QuerySet[Any]:
    queryset = _with_status(children_looked_after(), as_of, due_soon_by, urgency=True)
    queryset = _scoped_ids(queryset, iro_id=iro_id, team_id=team_id, status=status)
    return record_hidden_for(queryset.order_by(*SCHEDULE_ORDER), user_id).values(
        *SCHEDULE_VALUES, "record_hidden"
    )[offset : offset + limit]


def children_looked_after() -> QuerySet[Child]:
    return Child.objects.filter(current_period__isnull=False)


def review_schedule(
    context: ScheduleContext,
    *,
    iro: ReviewingOfficer | None = None,
    team_id: int | None = None,
    status: str | None = None,
) -> QuerySet[Child]:
    """Every child currently looked after with their next review, most urgent first."""
    queryset = with_review_status(children_looked_after(), context)
    return _scoped(queryset, iro=iro, team_id=team_id, status=status).order_by(*SCHEDULE_ORDER)


def review_status_counts(
    context: ScheduleContext, *, iro: ReviewingOfficer | None = None, team_id: int | None = None
) -> dict[str, int]:
    """How many of the schedule's children are at each status (one grouped query)."""
    counts = {status.value: 0 for status in ReviewStatus}
    for row in _status_counts(
        iro_id=iro.pk if iro is not None else None,
        team_id=team_id,
        as_of=context.as_of,
        due_soon_by=context.due_soon_by,
    ):
        counts[row["review_status"]] = row["n"]
    return counts


@prepared
def _status_counts(
    *, iro_id: int | None, team_id: int | None, as_of: date, due_soon_by: date
) -> QuerySet[Any]:
    queryset = _with_status(children_looked_after(), as_of, due_soon_by, urgency=False)
    grouped = _scoped_ids(queryset, iro_id=iro_id, team_id=team_id).order_by()
    return grouped.values("review_status").annotate(n=Count("id"))  # type: ignore[misc]


def _scoped(
    queryset: QuerySet[Child],
    *,
    iro: ReviewingOfficer | None = None,
    team_id: int | None = None,
    status: str | None = None,
) -> QuerySet[Child]:
    return _scoped_ids(
        queryset, iro_id=iro.pk if iro is not None else None, team_id=team_id, status=status
    )


def _scoped_ids(
    queryset: QuerySet[Child],
    *,
    iro_id: int | None = None,
    team_id: int | None = None,
    status: str | None = None,
) -> QuerySet[Child]:
    if iro_id is not None:
        queryset = queryset.filter(iro_id=iro_id)
    if team_id is not None:
        queryset = queryset.filter(team_id=team_id)
    if status:
        queryset = queryset.filter(review_status=status)  # type: ignore[misc]
    return queryset


def children_register(
    *,
    search: str = "",
    iro_id: int | None = None,
    team_id: int | None = None,
    looked_after: str = "yes",
) -> QuerySet[Child]:
    queryset = Child.objects.select_related("current_period", "iro", "team", "social_worker")
    if looked_after == "yes":
        queryset = queryset.filter(current_period__isnull=False)
    elif looked_after == "no":
        queryset = queryset.filter(current_period__isnull=True)
    if search:
        terms = search.split()
        for term in terms:
            queryset = queryset.filter(
                Q(first_name__icontains=term)
                | Q(last_name__icontains=term)
                | Q(la_child_id__iexact=term)
            )
    if iro_id:
        queryset = queryset.filter(iro_id=iro_id)
    if team_id:
        queryset = queryset.filter(team_id=team_id)
    return queryset.order_by("last_name", "first_name", "la_child_id")


def child_record(child: Child) -> dict[str, object]:
    """Everything the child page shows, in a fixed number of queries."""
    periods = _periods(child_id=child.pk)
    # Each period's episodes from one query, kept on the period as `episode_list` (a
    # prefetch, built anew on every request, cost more than the rows).
    by_period: dict[int, list[Episode]] = {}
    for episode in _episodes(child_id=child.pk):
        by_period.setdefault(episode.period_id, []).append(episode)
    for period in periods:
        period.episode_list = by_period.get(period.pk, [])
    return {
        "periods": periods,
        "reviews": _reviews(child_id=child.pk),
        "allocations": _allocations(child_id=child.pk),
    }


@prepared
def _periods(*, child_id: int) -> QuerySet[PeriodOfCare]:
    return PeriodOfCare.objects.filter(child_id=child_id).order_by("-first_known_date")


@prepared
def _episodes(*, child_id: int) -> QuerySet[Episode]:
    return Episode.objects.filter(child_id=child_id).order_by("start_date", "pk")


@prepared
def _reviews(*, child_id: int) -> QuerySet[Any]:
    # The reviews app sits above this one: its model is reached through the relation.
    review: Any = Child._meta.get_field("reviews").related_model
    return review.objects.filter(child_id=child_id).select_related("chair").order_by("-held_on")


@prepared
def _allocations(*, child_id: int) -> QuerySet[IROAllocation]:
    return (
        IROAllocation.objects.filter(child_id=child_id)
        .select_related("iro", "recorded_by")
        .order_by("-start_date", "-id")
    )


def iro_covers() -> QuerySet[IROCover]:
    """Cover arrangements, latest first, with the joins the cover page needs."""
    return IROCover.objects.select_related(
        "absent_iro", "covering_iro", "child", "recorded_by"
    ).order_by("-start_date", "-id")
