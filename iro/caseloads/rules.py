"""Caseload arithmetic (domain.md section 4): children per FTE, the Handbook band, FTE needed,
caseload history and IRO continuity. Pure Python on plain values, no Django."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from enum import StrEnum

from iro.timetable.care import in_care_on

PLANNING_TARGETS = (70, 60, 50)


class BandPosition(StrEnum):
    BELOW = "below"
    WITHIN = "within"
    ABOVE = "above"


def children_per_fte(children: int, fte: Decimal) -> Decimal | None:
    """Children per full-time equivalent, to one decimal place (None when there is no FTE)."""
    if fte <= 0:
        return None
    return (Decimal(children) / fte).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def weighted_workload(
    children: int, items: Mapping[str, int], weights: Mapping[str, Decimal]
) -> Decimal:
    """An IRO's workload in looked-after-child units: each child looked after counts 1, each
    item of another kind of work (a foster household, a child on a plan) its kind's weight.
    Other duties not recorded here still come off the FTE (`fte_for_children_in_care`)."""
    units = Decimal(children) + sum(
        (Decimal(count) * weights.get(kind, Decimal("0")) for kind, count in items.items()),
        Decimal("0"),
    )
    return units.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def workload_per_fte(units: Decimal, fte: Decimal) -> Decimal | None:
    """Weighted workload per FTE, to one decimal place (None when there is no FTE)."""
    if fte <= 0:
        return None
    return (units / fte).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class OfficerCaseload:
    """One IRO on a day: the children allocated to them and their FTE for children in care (FTE
    after other duties take their share). `in_post`: started and not yet left that day."""

    iro_id: int
    children: int
    fte: Decimal
    in_post: bool = True

    @property
    def per_fte(self) -> Decimal | None:
        return children_per_fte(self.children, self.fte)


@dataclass(frozen=True)
class ServiceCaseload:
    """The service's children per FTE on a day, the way the IRO Handbook and councils' annual
    reports count it: all allocated children ÷ all FTE for children in care of the IROs in post
    (not the mean of each IRO's ratio), with the range across IROs and each IRO's own figure."""

    children: int
    fte: Decimal
    per_fte: Decimal | None
    lowest: Decimal | None
    highest: Decimal | None
    by_iro: dict[int, Decimal | None]


def service_caseload(officers: Iterable[OfficerCaseload]) -> ServiceCaseload:
    """Children held by anyone (a leaver still holding children counts them) ÷ the FTE of the IROs
    in post; the range and `by_iro` are over the IROs that have FTE for children in care and are
    in post or still hold children, keyed by IRO id (two IROs may share a name)."""
    rows = [o for o in officers if o.in_post or o.children]
    children = sum(o.children for o in rows)
    fte = sum((o.fte for o in rows if o.in_post), Decimal("0"))
    by_iro = {o.iro_id: o.per_fte for o in rows}
    known = [v for v in by_iro.values() if v is not None]
    return ServiceCaseload(
        children=children,
        fte=fte,
        per_fte=children_per_fte(children, fte),
        lowest=min(known) if known else None,
        highest=max(known) if known else None,
        by_iro=by_iro,
    )


def band_position(per_fte: Decimal | None, lower: int, upper: int) -> BandPosition | None:
    """Below, within or above the good-practice band (inclusive at both ends)."""
    if per_fte is None:
        return None
    if per_fte < lower:
        return BandPosition.BELOW
    if per_fte > upper:
        return BandPosition.ABOVE
    return BandPosition.WITHIN


def fte_needed(children: float, per_fte: int) -> Decimal:
    """FTE for children in care needed to hold `children` at `per_fte` each, rounded up to 0.1."""
    if per_fte <= 0:
        raise ValueError("per_fte must be positive")
    return (Decimal(str(children)) / Decimal(per_fte)).quantize(
        Decimal("0.1"), rounding=ROUND_CEILING
    )


@dataclass(frozen=True)
class CapacityRow:
    per_fte: int
    fte_now: Decimal
    gap_now: Decimal  # positive: more FTE needed than the service has
    fte_forecast: Decimal
    gap_forecast: Decimal
    # Counting the other recorded work too (foster households, children on plans, ...).
    fte_all_now: Decimal | None = None
    gap_all_now: Decimal | None = None
    fte_all_forecast: Decimal | None = None
    gap_all_forecast: Decimal | None = None


def capacity_plan(
    *,
    children_now: int,
    children_forecast: float,
    available_fte: Decimal,
    targets: Sequence[int] = PLANNING_TARGETS,
    other_work: Decimal | None = None,
) -> list[CapacityRow]:
    """The FTE needed to bring the average to each target, now and under the forecast, and the
    gap against the FTE the service has for children in care. With `other_work` (the weighted
    units of the other recorded work, held flat over the forecast), also the FTE needed to hold
    all of it at the target workload per FTE."""
    rows = []
    for target in targets:
        now = fte_needed(children_now, target)
        later = fte_needed(children_forecast, target)
        all_now = all_later = None
        if other_work is not None:
            all_now = fte_needed(float(Decimal(children_now) + other_work), target)
            all_later = fte_needed(float(Decimal(str(children_forecast)) + other_work), target)
        rows.append(
            CapacityRow(
                per_fte=target,
                fte_now=now,
                gap_now=now - available_fte,
                fte_forecast=later,
                gap_forecast=later - available_fte,
                fte_all_now=all_now,
                gap_all_now=None if all_now is None else all_now - available_fte,
                fte_all_forecast=all_later,
                gap_all_forecast=None if all_later is None else all_later - available_fte,
            )
        )
    return rows


# --- caseload history ----------------------------------------------------------------------------

Allocation = tuple[int, int, date, date | None]  # child id, IRO id, start, end (first day off)
PeriodRow = tuple[int, date, date | None]  # child id, start, end (first day out of care)
OfficerRow = tuple[int, Decimal, date, date | None]  # IRO id, FTE for children, start, last day


@dataclass(frozen=True)
class MonthCaseload:
    on: date
    by_iro: dict[int, int] = field(default_factory=dict)
    children: int = 0
    fte: Decimal = Decimal("0")

    @property
    def per_fte(self) -> Decimal | None:
        return children_per_fte(self.children, self.fte)


def _covers(start: date, end: date | None, day: date) -> bool:
    return in_care_on(day, start=start, end=end)


def caseload_history(
    days: Sequence[date],
    allocations: Iterable[Allocation],
    periods: Iterable[PeriodRow],
    officers: Iterable[OfficerRow],
) -> list[MonthCaseload]:
    """For each day (usually month ends): the children each IRO held (an allocation running on
    that day for a child in care that day), the service total and the FTE of the IROs in post."""
    periods_by_child: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for child_id, start, end in periods:
        periods_by_child[child_id].append((start, end))
    allocation_rows = list(allocations)
    officer_rows = list(officers)
    months = []
    for day in days:
        held: dict[int, set[int]] = defaultdict(set)
        for child_id, iro_id, start, end in allocation_rows:
            if _covers(start, end, day) and any(
                _covers(p_start, p_end, day) for p_start, p_end in periods_by_child[child_id]
            ):
                held[iro_id].add(child_id)
        fte = sum(
            (
                officer_fte
                for _id, officer_fte, start, last_day in officer_rows
                if start <= day and (last_day is None or last_day >= day)
            ),
            Decimal("0"),
        )
        by_iro = {iro_id: len(children) for iro_id, children in held.items()}
        months.append(
            MonthCaseload(
                on=day,
                by_iro=by_iro,
                children=len(set().union(*held.values())) if held else 0,
                fte=fte,
            )
        )
    return months


# --- continuity ----------------------------------------------------------------------------------

CONTINUITY_BUCKETS = ("0", "1", "2", "3 or more")


def iro_changes(allocations_in_period: int) -> int:
    """IRO changes in a period of care: every allocation after the first is a change."""
    return max(allocations_in_period - 1, 0)


def continuity_distribution(changes: Iterable[int]) -> dict[str, int]:
    """Children by number of IRO changes: 0, 1, 2, 3 or more."""
    counts = dict.fromkeys(CONTINUITY_BUCKETS, 0)
    for n in changes:
        counts[CONTINUITY_BUCKETS[min(n, 3)]] += 1
    return counts


# --- allocation suggestions ----------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    iro_id: int
    children: int
    fte: Decimal  # FTE for children in care
    siblings: int = 0  # the child's brothers and sisters this IRO already holds
    other_work: Decimal = Decimal("0")  # weighted units of other recorded work

    @property
    def per_fte(self) -> Decimal | None:
        return children_per_fte(self.children, self.fte)

    @property
    def workload(self) -> Decimal:
        return Decimal(self.children) + self.other_work

    @property
    def workload_per_fte(self) -> Decimal | None:
        return workload_per_fte(self.workload, self.fte)


def rank_candidates(
    candidates: Iterable[Candidate], *, upper: int, limit: int = 3
) -> list[Candidate]:
    """IROs to suggest for a child: first whoever holds the child's siblings (most siblings
    first), then up to `limit` IROs with room below the band's upper bound, lowest children per
    FTE first; when nobody has room, the `limit` lowest so the manager still sees the least bad.
    "Room" and "lowest" are by weighted workload: children plus the other recorded work (foster
    households, children on plans) at their weights, per FTE. IROs with no FTE for children in
    care are never suggested."""
    usable = [c for c in candidates if c.fte > 0]
    with_siblings = sorted(
        (c for c in usable if c.siblings), key=lambda c: (-c.siblings, c.workload / c.fte)
    )
    others = sorted(
        (c for c in usable if not c.siblings), key=lambda c: (c.workload / c.fte, c.iro_id)
    )
    with_room = [c for c in others if (c.workload + 1) / c.fte <= upper]
    return with_siblings + (with_room or others)[:limit]
