"""Tables of figures as CSV or XLSX downloads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse

from iro.core import tabular

from .arithmetic import ReportingPeriod
from .measures import Measure
from .selectors import NOT_RECORDED, figure_text, year_label


@dataclass
class Table:
    """A table of the report. `title` is its caption. A cell is plain text or a number, or a
    `Figure` (a scorecard figure as text that keeps its number for the spreadsheet)."""

    title: str
    header: list[str]
    rows: list[list[Any]]
    # Only for the IRO manager's restricted edition (what legal advice was about): a document
    # for the Board leaves it out.
    restricted: bool = False


class Figure(str):
    """A figure as a table reads ("50.0% (1 of 2)", "972"), carrying the number a spreadsheet
    stores: `number` (None when not recorded) and whether it is a percentage."""

    number: int | float | None
    is_percent: bool

    def __new__(
        cls, text: str, number: int | float | None = None, is_percent: bool = False
    ) -> Figure:
        figure = super().__new__(cls, text)
        figure.number = number
        figure.is_percent = is_percent
        return figure


def figure_cell(value: dict[str, Any] | None) -> Figure:
    """A scorecard figure as a table cell (same text as `figure_text`)."""
    text = figure_text(value)
    if text == NOT_RECORDED or not value:
        return Figure(text)
    if "percent" in value:
        return Figure(text, value["percent"], True)
    if "per_fte" in value:
        return Figure(text, value["per_fte"])
    count = value.get("count")
    return Figure(text, count if isinstance(count, int | float) else None)


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
    return tabular.csv_bytes(
        table.header,
        [[figure_text(v) if isinstance(v, dict) else v for v in row] for row in table.rows],
    )


def to_xlsx(tables: list[Table], footer: str = "") -> bytes:
    """One sheet per table, header frozen, figures as numbers; `footer` on every printed page."""
    return tabular.write_xlsx(
        tabular.Sheet(t.title, t.header, [[_plain(v) for v in row] for row in t.rows], footer)
        for t in tables
    )


def _plain(value: Any) -> Any:
    """A cell as the spreadsheet stores it: figures as numbers, percentages as percentages."""
    if isinstance(value, dict):
        value = figure_cell(value)
    if isinstance(value, Figure):
        if value.number is None:
            return str(value)
        return tabular.percent(value.number) if value.is_percent else value.number
    return value


def download(table: Table, name: str, fmt: str) -> HttpResponse:
    if fmt == "xlsx":
        response = HttpResponse(to_xlsx([table]), content_type=tabular.XLSX_CONTENT_TYPE)
    else:
        response = HttpResponse(to_csv(table), content_type=tabular.CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
