"""One row per dispute for other systems and for the annual report's working papers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import IO

from iro.core import tabular
from iro.timetable.calendar import WorkingDayCalendar

from . import rules
from .models import Dispute, DisputeStage

COLUMNS = (
    "reference",
    "child_id",
    "scope",
    "category",
    "category_label",
    "raised_on",
    "raised_by",
    "formal",
    "formal_raised_on",
    "stage_reached",
    "current_stage",
    "status",
    "resolved_on",
    "working_days_taken",
    "formal_working_days_taken",
    "formal_in_timescale",
    "meeting_held_on",
    "outcome",
)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def dispute_rows(
    date_from: date, date_to: date, calendar: WorkingDayCalendar, timescales: rules.FormalTimescales
) -> Iterator[dict[str, str]]:
    """Disputes raised from `date_from` to `date_to` inclusive. Working days run to the date
    resolved, or to `date_to` for a dispute still open."""
    stage_names = dict(DisputeStage.objects.values_list("order", "name"))
    queryset = (
        Dispute.objects.filter(raised_on__gte=date_from, raised_on__lte=date_to)
        .select_related("child", "raised_by", "current_stage")
        .order_by("raised_on", "id")
    )
    for dispute in queryset.iterator(chunk_size=500):
        end = dispute.resolved_on or date_to
        in_timescale: bool | None = None
        if dispute.is_formal and dispute.formal_raised_on and dispute.resolved_on:
            in_timescale = rules.resolved_in_timescale(
                dispute.formal_raised_on, dispute.resolved_on, calendar, timescales
            )
        yield {
            "reference": dispute.reference,
            "child_id": dispute.child.la_child_id if dispute.child else "",
            "scope": dispute.scope,
            "category": dispute.category,
            "category_label": dispute.get_category_display(),
            "raised_on": _cell(dispute.raised_on),
            "raised_by": _cell(dispute.raised_by.name),
            "formal": _cell(dispute.is_formal),
            "formal_raised_on": _cell(dispute.formal_raised_on),
            "stage_reached": stage_names.get(dispute.highest_stage_order, ""),
            "current_stage": dispute.current_stage.name,
            "status": dispute.status,
            "resolved_on": _cell(dispute.resolved_on),
            "working_days_taken": str(rules.working_days_taken(dispute.raised_on, end, calendar)),
            "formal_working_days_taken": (
                str(rules.working_days_taken(dispute.formal_raised_on, end, calendar))
                if dispute.formal_raised_on
                else ""
            ),
            "formal_in_timescale": _cell(in_timescale),
            "meeting_held_on": _cell(dispute.meeting_held_on),
            "outcome": _cell(dispute.outcome),
        }


def write_csv(rows: Iterator[dict[str, str]], out: IO[str]) -> int:
    return tabular.write_csv(out, COLUMNS, rows)
