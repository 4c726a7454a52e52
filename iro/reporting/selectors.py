"""Shaping scorecard results for tables, exports and charts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from .arithmetic import ReportingPeriod
from .arithmetic import year_label as year_label  # where the report and exports find it
from .measures import ALLOCATED_AT_END, CASELOAD_PER_FTE, Measure, Scope, answering, drill_down
from .scorecard import measures_for


@dataclass
class Listing:
    """The records behind one figure, ready for a table or a CSV."""

    title: str
    noun: str
    columns: tuple[str, ...]
    records: QuerySet[Any]
    row: Callable[[Any], list[Any]]
    child_path: str

    def child_of(self, record: Any) -> Any:
        target = record
        for part in self.child_path.split("__") if self.child_path else []:
            target = getattr(target, part)
        return target if self.child_path else None


def drill_down_for(key: str, period: ReportingPeriod, scope: Scope, part: str) -> Listing | None:
    """The records behind one figure, from the same definition as the figure. `period` is the
    period as reported (see `scorecard.reporting_period`)."""
    measure = next((m for m in measures_for(period) if m.key == key), None)
    if measure is None:
        return None
    if measure.key == CASELOAD_PER_FTE.key:
        # Children per FTE: the allocations it counts (the children, by IRO).
        subject = ALLOCATED_AT_END
        records = subject.records(period, scope).select_related("child", "iro")
        return Listing(
            measure.label,
            subject.noun,
            subject.columns,
            records.order_by("iro__name", "iro_id", "pk"),
            subject.row,
            subject.child_path,
        )
    if measure.subject is None:
        return None
    # The live query or the stored facts, whichever `drill_down` reads.
    subject = answering(measure.subject, [period])
    records = drill_down(measure, period, scope, part)
    if subject.child_path:
        records = records.select_related(subject.child_path)
    return Listing(
        measure.label,
        subject.noun,
        subject.columns,
        records.order_by(subject.ordering),
        subject.row,
        subject.child_path,
    )


def flat_rows(results: dict[str, Any]) -> list[list[Any]]:
    """One row per figure: measure, numerator, denominator, percent, count. Nested breakdowns
    (by category, by IRO) become `key.part` rows."""
    rows: list[list[Any]] = []
    for key, value in results.items():
        if "percent" in value:
            rows.append([key, value["numerator"], value["denominator"], value["percent"], ""])
        elif "per_fte" in value:
            rows.append([key, value["children"], value["fte"], "", value["per_fte"]])
            rows.append([f"{key}.min", "", "", "", value["min"]])
            rows.append([f"{key}.max", "", "", "", value["max"]])
        else:
            rows.append([key, "", "", "", value.get("count")])
        for part_key, part in value.items():
            if isinstance(part, dict) and part_key not in {"months"}:
                for sub_key, sub_value in part.items():
                    rows.append([f"{key}.{sub_key}", "", "", "", sub_value])
    return rows


NOT_RECORDED = "Not recorded"


def figure_text(value: dict[str, Any] | None) -> str:
    """How a figure reads in a table: '78.5% (62 of 79)', '972', or "Not recorded" when there is
    nothing to count (a rate of 0 of 0 is never 0.0%)."""
    if not value:
        return NOT_RECORDED
    if "percent" in value:
        if value["percent"] is None:
            return NOT_RECORDED
        return f"{value['percent']}% ({value['numerator']:,} of {value['denominator']:,})"
    if "per_fte" in value:
        if value["per_fte"] is None:
            return NOT_RECORDED
        if value["min"] is None or value["min"] == value["max"]:
            return str(value["per_fte"])
        return f"{value['per_fte']} (range {value['min']} to {value['max']})"
    count = value.get("count")
    if count is None:
        return NOT_RECORDED
    return f"{count:,}" if isinstance(count, int) else str(count)


def has_figure(value: dict[str, Any] | None) -> bool:
    """Whether there is a figure to link to its records."""
    return figure_text(value) != NOT_RECORDED


def chart_value(value: dict[str, Any] | None) -> float | None:
    if not value:
        return None
    if "percent" in value:
        return value["percent"]
    if "per_fte" in value:
        return value["per_fte"]
    count = value.get("count")
    return float(count) if isinstance(count, int | float) else None


def sections(measures: list[Measure]) -> list[tuple[str, list[Measure]]]:
    order: dict[str, list[Measure]] = {}
    for measure in measures:
        order.setdefault(measure.section, []).append(measure)
    return list(order.items())
