"""The kinds of work an IRO carries besides the children in care they review.

Caseloads count an IRO's looked-after children; child protection conferences, foster carer
reviews and supervision order reviews are work too. Each app that owns such work registers a
kind here (in its AppConfig.ready), and the caseload pages weigh every registered kind without
importing the apps that own them, so no lower layer reaches up for them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class WorkloadKind:
    """One kind of work: `count_by_iro(day)` returns {ReviewingOfficer id: items held on day},
    counted in one query whatever the size of the service."""

    key: str  # e.g. "cp_plan"; also the key of its weight in the council's settings
    label: str  # e.g. "Children on a child protection plan"
    unit: str  # what one item is, singular: "child", "foster household"
    default_weight: Decimal  # against one looked-after child = 1
    count_by_iro: Callable[[date], dict[int, int]]
    order: int = 100


_KINDS: dict[str, WorkloadKind] = {}


def register_workload_kind(kind: WorkloadKind) -> None:
    """Register (or re-register, as tests reload apps) a kind of work by its key."""
    _KINDS[kind.key] = kind


def workload_kinds() -> list[WorkloadKind]:
    return sorted(_KINDS.values(), key=lambda kind: (kind.order, kind.key))
