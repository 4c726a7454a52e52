"""Tables of figures as CSV or XLSX downloads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse

from iro.core import tabular

from .arithmetic import ReportingPeriod
from .measures import Measure
from .selectors import figure_text, year_label


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list[Any]]
    # Only for the IRO manager's restricted edition (what legal advice was about): a document
    # for the Board leaves it out.
    restricted: bool = False


def _cell(value: dict[str, Any] | None) -> Any:
    if not value:
        return ""
    if "percent" in value:
        return value["percent"] if value["percent"] is not None else ""
    if "per_fte" in value:
        return value["per_fte"] if value["per_fte"] is not None else ""
    return value.get("count", "")


def comparison_table(
    measures: list[Measure], periods: list[ReportingPeriod], results: list[dict[str, Any]]
) -> Table:
    header = ["Section", "Measure", "Key"]
    for period in periods:
        label = year_label(period)
        header += [f"{label} figure", f"{label} numerator", f"{label} denominator"]
    rows = []
    for measure in measures:
        row: list[Any] = [measure.section, measure.label, measure.key]
        for result in results:
            value = result.get(measure.key) or {}
            row += [_cell(value), value.get("numerator", ""), value.get("denominator", "")]
        rows.append(row)
    return Table("Scorecard", header, rows)


def monthly_table(
    measures: list[Measure], months: list[ReportingPeriod], results: list[dict[str, Any]]
) -> Table:
    header = ["Section", "Measure", "Key"] + [
        f"{m.date_from:%b %Y}" + (" to date" if m.to_date else "") for m in months
    ]
    rows = [[m.section, m.label, m.key] + [_cell(r.get(m.key)) for r in results] for m in measures]
    return Table("Monthly scorecard", header, rows)


def text_table(title: str, header: list[str], rows: list[list[Any]]) -> Table:
    return Table(title, header, rows)


def to_csv(table: Table) -> bytes:
    return tabular.csv_bytes(table.header, [[_plain(v) for v in row] for row in table.rows])


def to_xlsx(tables: list[Table]) -> bytes:
    return tabular.write_xlsx(
        tabular.Sheet(t.title, t.header, [[_plain(v) for v in row] for row in t.rows])
        for t in tables
    )


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return figure_text(value)
    return value


def download(table: Table, name: str, fmt: str) -> HttpResponse:
    if fmt == "xlsx":
        response = HttpResponse(to_xlsx([table]), content_type=tabular.XLSX_CONTENT_TYPE)
    else:
        response = HttpResponse(to_csv(table), content_type=tabular.CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
