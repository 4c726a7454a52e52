"""Tables of figures as CSV or XLSX downloads."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse

from .arithmetic import ReportingPeriod
from .measures import Measure
from .selectors import figure_text, year_label


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list[Any]]


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
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(table.header)
    writer.writerows(table.rows)
    return buffer.getvalue().encode("utf-8-sig")  # BOM so spreadsheets read it as UTF-8


def to_xlsx(tables: list[Table]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for index, table in enumerate(tables):
        sheet = book.create_sheet(title=f"{index + 1} {table.title}"[:31])
        sheet.append(table.header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([_plain(v) for v in row])
        for column in sheet.columns:
            width = max(len(str(c.value or "")) for c in column)
            sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 60)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return figure_text(value)
    return value


def download(table: Table, name: str, fmt: str) -> HttpResponse:
    if fmt == "xlsx":
        response = HttpResponse(
            to_xlsx([table]),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    response = HttpResponse(to_csv(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
