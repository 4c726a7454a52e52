"""Shaping scorecard results for tables, exports and charts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from iro.children.models import Child

from .arithmetic import ReportingPeriod
from .measures import Measure, Scope, drill_down


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
    from . import domain_measures
    from .scorecard import children_overdue_at, measures_for

    measure = next((m for m in measures_for(period) if m.key == key), None)
    if measure is None:
        return None
    special = domain_measures.special_children(key, period, scope, part)
    if key == "reviews_overdue_at_end" or special is not None:
        ids = children_overdue_at(period.date_to, scope) if special is None else special
        children = Child.objects.filter(pk__in=ids)
        return Listing(
            measure.label,
            "children",
            ("Date of birth", "IRO"),
            children.select_related("iro", "current_period").order_by("last_name", "first_name"),
            lambda child: [child.date_of_birth, child.iro.name if child.iro else "Not allocated"],
            "",
        )
    if measure.subject is None:
        return None
    subject = measure.subject
    records = drill_down(measure, period, scope, part)
    if subject.child_path:
        records = records.select_related(subject.child_path)
    return Listing(
        measure.label,
        subject.noun,
        subject.columns,
        records.order_by("pk"),
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
        elif "average" in value:
            rows.append([key, "", "", "", value["average"]])
            rows.append([f"{key}.min", "", "", "", value["min"]])
            rows.append([f"{key}.max", "", "", "", value["max"]])
        else:
            rows.append([key, "", "", "", value.get("count")])
        for part_key, part in value.items():
            if isinstance(part, dict) and part_key not in {"months"}:
                for sub_key, sub_value in part.items():
                    rows.append([f"{key}.{sub_key}", "", "", "", sub_value])
    return rows


def figure_text(value: dict[str, Any] | None) -> str:
    """How a figure reads in a table: '78.5% (62 of 79)', '972', or '—' when there is none."""
    if not value:
        return "—"
    if "percent" in value:
        if value["percent"] is None:
            return "No cases"
        return f"{value['percent']}% ({value['numerator']} of {value['denominator']})"
    if "average" in value:
        if value["average"] is None:
            return "—"
        return f"{value['average']} (range {value['min']} to {value['max']})"
    count = value.get("count")
    return "—" if count is None else f"{count:,}" if isinstance(count, int) else str(count)


def chart_value(value: dict[str, Any] | None) -> float | None:
    if not value:
        return None
    if "percent" in value:
        return value["percent"]
    if "average" in value:
        return value["average"]
    count = value.get("count")
    return float(count) if isinstance(count, int | float) else None


def sections(measures: list[Measure]) -> list[tuple[str, list[Measure]]]:
    order: dict[str, list[Measure]] = {}
    for measure in measures:
        order.setdefault(measure.section, []).append(measure)
    return list(order.items())


def year_label(period: ReportingPeriod) -> str:
    return f"{period.date_from.year}–{str(period.date_to.year)[-2:]}"
