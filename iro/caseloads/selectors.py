"""Reading caseloads. Each selector issues a fixed number of queries however many IROs, children
or months there are: counts are aggregated in SQL, and history is computed by the pure rules over
rows fetched in one query per table."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from iro.children.models import Child, IROAllocation, PeriodOfCare
from iro.core.council import council_settings
from iro.core.workload import WorkloadKind, workload_kinds
from iro.timetable.calendar import add_months

from . import forecast as forecast_model
from . import rules
from .models import ReviewingOfficer, WorkloadWeight

HISTORY_MONTHS = 12


def in_post(as_of: date) -> Q:
    """IROs who have started and not yet left on `as_of` (an end date is the last day worked)."""
    return Q(start_date__lte=as_of) & (Q(end_date__isnull=True) | Q(end_date__gte=as_of))


def looked_after_on(day: date, path: str = "") -> Q:
    """Periods of care (at `path`) in which the child is looked after on `day`, in the DfE's
    meaning (SSDA903 guidance, "looked after on a day"): the period started on or before the
    day and had not ended by it. A period whose start is before the data counts as started."""
    return (Q(**{f"{path}start_date__isnull": True}) | Q(**{f"{path}start_date__lte": day})) & (
        Q(**{f"{path}end_date__isnull": True}) | Q(**{f"{path}end_date__gt": day})
    )


def looked_after_during(date_from: date, date_to: date, path: str = "") -> Q:
    """Periods of care (at `path`) that touch the span [date_from, date_to]: started by its end
    (or before the data) and not ended before its start. The children "in care in the period"
    of every measure (the scorecard's periods of care, the independence indicators)."""
    return (Q(**{f"{path}start_date__isnull": True}) | Q(**{f"{path}start_date__lte": date_to})) & (
        Q(**{f"{path}end_date__isnull": True}) | Q(**{f"{path}end_date__gte": date_from})
    )


def running_on(day: date, path: str = "") -> Q:
    """IRO allocations (at `path`) running on `day` (an allocation's end date is its first day
    off) for children looked after that day: who held whom on a day, from the allocation
    history."""
    in_care = PeriodOfCare.objects.filter(looked_after_on(day)).values("child_id")
    return (
        Q(**{f"{path}start_date__lte": day})
        & (Q(**{f"{path}end_date__isnull": True}) | Q(**{f"{path}end_date__gt": day}))
        & Q(**{f"{path}child_id__in": in_care})
    )


def allocated_on(day: date) -> QuerySet[IROAllocation]:
    """The allocations `running_on` the day."""
    return IROAllocation.objects.filter(running_on(day))


def officers_with_caseloads(day: date) -> QuerySet[ReviewingOfficer]:
    """IROs annotated with `children_now`: the children looked after allocated to them on `day`
    (one query; the same count on the Caseloads page, the scorecard and allocation)."""
    return ReviewingOfficer.objects.annotate(children_now=_children_held_on(day))


def _children_held_on(day: date) -> Any:
    """An IRO's children looked after allocated to them on `day` (a subquery on the IRO)."""
    held = (
        allocated_on(day)
        .filter(iro_id=OuterRef("pk"))
        .order_by()
        .values("iro_id")
        .annotate(n=Count("child_id", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(held), 0)


def caseloads_on(day: date, iro_id: int | None = None) -> rules.ServiceCaseload:
    """Children per FTE on `day` for the service (or one IRO): the one rule of
    `rules.service_caseload` over the IROs in post or still holding children (one query)."""
    officers = officers_with_caseloads(day).filter(in_post(day) | Q(children_now__gt=0))
    if iro_id is not None:
        officers = officers.filter(pk=iro_id)
    return rules.service_caseload(_loads(officers, day))


def caseloads_on_days(
    days: Iterable[date], iro_id: int | None = None
) -> dict[date, rules.ServiceCaseload]:
    """`caseloads_on` for several days (a monthly scorecard's months) in one query: each IRO
    annotated with the children they held on each day. `rules.service_caseload` leaves out, as
    `caseloads_on` does, the IROs neither in post nor holding children on the day."""
    unique = sorted(set(days))
    officers = ReviewingOfficer.objects.all()
    if iro_id is not None:
        officers = officers.filter(pk=iro_id)
    # Every day counted over one join to the IROs' allocations, grouped by IRO (a subquery per
    # IRO and day ran the allocations again for each of them).
    rows = list(
        officers.annotate(
            **{
                f"children_on_{i}": Count(
                    "allocations__child_id",
                    distinct=True,
                    filter=running_on(day, "allocations__"),
                )
                for i, day in enumerate(unique)
            }
        )
    )
    found: dict[date, rules.ServiceCaseload] = {}
    for i, day in enumerate(unique):
        for officer in rows:
            officer.children_now = getattr(officer, f"children_on_{i}")  # type: ignore[attr-defined]
        found[day] = rules.service_caseload(_loads(rows, day))
    return found


def _loads(officers: Any, day: date) -> list[rules.OfficerCaseload]:
    return [
        rules.OfficerCaseload(
            iro_id=o.pk,
            children=o.children_now,
            fte=o.fte_for_children_in_care,
            in_post=o.start_date <= day and (o.end_date is None or o.end_date >= day),
        )
        for o in officers
    ]


# --- weighted workload: the other kinds of work IROs carry ---------------------------------------


def workload_weights() -> dict[str, Decimal]:
    """{kind key: the council's weight} for every registered kind, its default when the council
    has set none (one query)."""
    stored = dict(WorkloadWeight.objects.values_list("kind", "weight"))
    return {kind.key: stored.get(kind.key, kind.default_weight) for kind in workload_kinds()}


@dataclass(frozen=True)
class KindTotal:
    kind: WorkloadKind
    weight: Decimal
    items: int  # held by the IROs counted on the day


@dataclass(frozen=True)
class OtherWork:
    """Every registered kind of work on a day: its weight and who holds how many."""

    kinds: list[KindTotal]
    by_iro: dict[int, dict[str, int]]  # IRO id -> kind key -> items
    weights: dict[str, Decimal]

    def items_of(self, iro_id: int) -> dict[str, int]:
        return self.by_iro.get(iro_id, {})

    def units_of(self, iro_id: int) -> Decimal:
        """The other work's weighted units for one IRO (children not included)."""
        return rules.weighted_workload(0, self.items_of(iro_id), self.weights)


def other_work_on(day: date) -> OtherWork:
    """The registered kinds' items held on `day`: one query per kind, plus one for weights."""
    weights = workload_weights()
    by_iro: dict[int, dict[str, int]] = {}
    totals: list[KindTotal] = []
    for kind in workload_kinds():
        counts = kind.count_by_iro(day)
        for iro_id, n in counts.items():
            by_iro.setdefault(iro_id, {})[kind.key] = n
        totals.append(KindTotal(kind=kind, weight=weights[kind.key], items=sum(counts.values())))
    return OtherWork(kinds=totals, by_iro=by_iro, weights=weights)


@dataclass(frozen=True)
class CaseloadRow:
    officer: ReviewingOfficer
    children: int
    fte: Decimal  # FTE for children in care
    per_fte: Decimal | None
    position: rules.BandPosition | None
    in_post: bool
    items: dict[str, int] = field(default_factory=dict)  # other work by kind key
    workload: Decimal = Decimal("0")  # weighted units: children + other work
    workload_per_fte: Decimal | None = None
    workload_position: rules.BandPosition | None = None

    def items_of(self, key: str) -> int:
        return self.items.get(key, 0)


@dataclass(frozen=True)
class CaseloadSummary:
    as_of: date
    lower: int
    upper: int
    rows: list[CaseloadRow]
    looked_after: int
    allocated: int
    unallocated: int
    fte: Decimal
    per_fte: Decimal | None
    position: rules.BandPosition | None
    kinds: list[KindTotal] = field(default_factory=list)
    workload: Decimal = Decimal("0")
    workload_per_fte: Decimal | None = None
    workload_position: rules.BandPosition | None = None

    @property
    def leavers_holding_children(self) -> list[CaseloadRow]:
        return [row for row in self.rows if not row.in_post and row.children]

    @property
    def other_work(self) -> Decimal:
        """The weighted units of the work besides children looked after."""
        return self.workload - self.allocated


def caseload_summary(as_of: date) -> CaseloadSummary:
    """The caseload per IRO in post (and any leaver still holding children) on `as_of` and the
    service's figure, by `rules.service_caseload` (the scorecard uses the same), with each
    IRO's weighted workload: children and every registered kind of work at its weight. Four
    queries, and one per registered kind of work."""
    band = council_settings()
    other = other_work_on(as_of)
    officers = list(
        officers_with_caseloads(as_of)
        .filter(in_post(as_of) | Q(children_now__gt=0) | Q(pk__in=list(other.by_iro)))
        .select_related("user")
        .order_by("name", "pk")
    )
    loads = _loads(officers, as_of)
    service = rules.service_caseload(loads)
    rows = []
    for officer, load in zip(officers, loads, strict=True):
        items = other.items_of(officer.pk)
        units = rules.weighted_workload(load.children, items, other.weights)
        per_fte = rules.workload_per_fte(units, load.fte)
        rows.append(
            CaseloadRow(
                officer=officer,
                children=load.children,
                fte=load.fte,
                per_fte=load.per_fte,
                position=rules.band_position(
                    load.per_fte, band.caseload_lower, band.caseload_upper
                ),
                in_post=load.in_post,
                items=items,
                workload=units,
                workload_per_fte=per_fte,
                workload_position=rules.band_position(
                    per_fte, band.caseload_lower, band.caseload_upper
                ),
            )
        )
    counted = {row.officer.pk for row in rows}
    kinds = [
        KindTotal(
            kind=total.kind,
            weight=total.weight,
            items=sum(other.items_of(pk).get(total.kind.key, 0) for pk in counted),
        )
        for total in other.kinds
    ]
    workload = rules.weighted_workload(
        service.children, {k.kind.key: k.items for k in kinds}, other.weights
    )
    workload_per_fte = rules.workload_per_fte(workload, service.fte)
    totals = Child.objects.filter(current_period__isnull=False).aggregate(
        looked_after=Count("pk"), unallocated=Count("pk", filter=Q(iro__isnull=True))
    )
    return CaseloadSummary(
        as_of=as_of,
        lower=band.caseload_lower,
        upper=band.caseload_upper,
        rows=rows,
        looked_after=totals["looked_after"],
        allocated=service.children,
        unallocated=totals["unallocated"],
        fte=service.fte,
        per_fte=service.per_fte,
        position=rules.band_position(service.per_fte, band.caseload_lower, band.caseload_upper),
        kinds=kinds,
        workload=workload,
        workload_per_fte=workload_per_fte,
        workload_position=rules.band_position(
            workload_per_fte, band.caseload_lower, band.caseload_upper
        ),
    )


def month_ends(as_of: date, months: int = HISTORY_MONTHS) -> list[date]:
    """The last day of each of the `months` months before the month of `as_of`, oldest first."""
    first_of_this_month = as_of.replace(day=1)
    return [
        add_months(first_of_this_month, -i + 1) - timedelta(days=1) for i in range(months, 0, -1)
    ]


@dataclass(frozen=True)
class CaseloadHistory:
    months: list[rules.MonthCaseload]
    positions: list[rules.BandPosition | None]
    officers: list[tuple[ReviewingOfficer, list[int]]] = field(default_factory=list)

    @property
    def recent_months(self) -> list[rules.MonthCaseload]:
        return self.months[-(HISTORY_MONTHS + 1) :]

    @property
    def rows(self) -> list[tuple[rules.MonthCaseload, rules.BandPosition | None]]:
        return list(zip(self.months, self.positions, strict=True))


def caseload_history(as_of: date, months: int = HISTORY_MONTHS) -> CaseloadHistory:
    """Children per IRO and per FTE at each of the last `months` month ends and today, from the
    IRO allocation history (four queries). FTE is each IRO's current FTE, counted while in post."""
    days = [*month_ends(as_of, months), as_of]
    since = days[0]
    allocations = IROAllocation.objects.filter(start_date__lte=as_of).filter(
        Q(end_date__isnull=True) | Q(end_date__gt=since)
    )
    periods = PeriodOfCare.objects.filter(Q(end_date__isnull=True) | Q(end_date__gt=since))
    officers = list(ReviewingOfficer.objects.order_by("name", "pk"))
    history = rules.caseload_history(
        days,
        allocations.values_list("child_id", "iro_id", "start_date", "end_date"),
        periods.annotate(starts=Coalesce("start_date", "first_known_date")).values_list(
            "child_id", "starts", "end_date"
        ),
        [(o.pk, o.fte_for_children_in_care, o.start_date, o.end_date) for o in officers],
    )
    # The table by IRO shows the last 12 month ends and today, however long the history.
    recent = history[-(HISTORY_MONTHS + 1) :]
    held = {iro_id for month in recent for iro_id in month.by_iro}
    table = [
        (officer, [month.by_iro.get(officer.pk, 0) for month in recent])
        for officer in officers
        if officer.pk in held
    ]
    band = council_settings()
    positions = [
        rules.band_position(month.per_fte, band.caseload_lower, band.caseload_upper)
        for month in history
    ]
    return CaseloadHistory(months=history, positions=positions, officers=table)


# --- continuity ----------------------------------------------------------------------------------


def children_with_iro_changes() -> Any:  # a QuerySet[Child] with annotations
    """Children looked after annotated with `iro_changes`: allocations running in their current
    period of care after the first (one aggregate query)."""
    in_period = Q(iro_allocations__end_date__isnull=True) | Q(
        iro_allocations__end_date__gt=F("current_period__first_known_date")
    )
    return (
        Child.objects.filter(current_period__isnull=False)
        .annotate(allocations_in_period=Count("iro_allocations", filter=in_period))
        .annotate(iro_changes=F("allocations_in_period") - 1)
    )


def continuity_distribution() -> dict[str, int]:
    counts = children_with_iro_changes().values_list("allocations_in_period", flat=True)
    return rules.continuity_distribution(rules.iro_changes(n) for n in counts)


def children_with_many_iro_changes(minimum: int = 3) -> QuerySet[Child]:
    return (
        children_with_iro_changes()
        .filter(allocations_in_period__gte=minimum + 1)
        .select_related("iro", "current_period")
        .order_by("-allocations_in_period", "last_name", "first_name", "pk")
    )


@dataclass(frozen=True)
class SplitSiblings:
    sibling_group: str
    children: list[Child]


def split_sibling_groups() -> list[SplitSiblings]:
    """Brothers and sisters in care who have different IROs (one query)."""
    groups: dict[str, list[Child]] = {}
    for child in (
        Child.objects.filter(current_period__isnull=False)
        .exclude(sibling_group="")
        .select_related("iro")
        .order_by("sibling_group", "last_name", "first_name", "pk")
    ):
        groups.setdefault(child.sibling_group, []).append(child)
    return [
        SplitSiblings(sibling_group=group, children=children)
        for group, children in groups.items()
        if len({child.iro_id for child in children}) > 1
    ]


# --- allocation suggestions ----------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    officer: ReviewingOfficer
    children: int
    per_fte: Decimal | None
    position: rules.BandPosition | None
    siblings: int
    workload: Decimal = Decimal("0")
    workload_per_fte: Decimal | None = None
    workload_position: rules.BandPosition | None = None


def allocation_suggestions(child: Child, as_of: date, limit: int = 3) -> list[Suggestion]:
    """IROs in post to suggest for `child`: whoever holds the child's siblings first, then those
    with room, lowest weighted workload per FTE first (four queries, and one per registered
    kind of work)."""
    band = council_settings()
    other = other_work_on(as_of)
    officers = {
        o.pk: o
        for o in officers_with_caseloads(as_of).filter(in_post(as_of)).exclude(pk=child.iro_id or 0)
    }
    siblings: dict[int, int] = {}
    if child.sibling_group:
        siblings = dict(
            Child.objects.filter(
                sibling_group=child.sibling_group,
                current_period__isnull=False,
                iro__in=list(officers),
            )
            .exclude(pk=child.pk)
            .values_list("iro")
            .annotate(n=Count("pk"))
            .values_list("iro", "n")
        )
    candidates = [
        rules.Candidate(
            iro_id=o.pk,
            children=o.children_now,  # type: ignore[attr-defined]
            fte=o.fte_for_children_in_care,
            siblings=siblings.get(o.pk, 0),
            other_work=other.units_of(o.pk),
        )
        for o in officers.values()
    ]
    return [
        Suggestion(
            officer=officers[c.iro_id],
            children=c.children,
            per_fte=c.per_fte,
            position=rules.band_position(c.per_fte, band.caseload_lower, band.caseload_upper),
            siblings=c.siblings,
            workload=c.workload,
            workload_per_fte=c.workload_per_fte,
            workload_position=rules.band_position(
                c.workload_per_fte, band.caseload_lower, band.caseload_upper
            ),
        )
        for c in rules.rank_candidates(candidates, upper=band.caseload_upper, limit=limit)
    ]


# --- forecast ------------------------------------------------------------------------------------


def demand_forecast(as_of: date) -> forecast_model.Forecast:
    """The forecast from periods of care that were open at any time in the window the model
    reads (one query)."""
    since = add_months(as_of, -max(forecast_model.HAZARD_WINDOW_MONTHS, 24) - 1)
    known: list[forecast_model.Period] = []
    unknown: list[forecast_model.Period] = []
    rows: Any = PeriodOfCare.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=since)
    ).values_list("start_date", "first_known_date", "end_date")
    for start, first_known, end in rows.iterator(chunk_size=2000):
        if start is not None:
            known.append((start, end))
        else:
            unknown.append((first_known, end))
    return forecast_model.project(known, as_of, start_unknown=unknown)
