"""The one writer for every CSV and XLSX the product produces (pages and commands).

A spreadsheet runs a cell that starts with =, +, -, @, a tab or a carriage return as a formula
(OWASP "CSV injection"). Every text value goes through `safe_cell` before it is written: in a
CSV it gains a leading apostrophe, in an XLSX it is stored as text with Excel's quote prefix.
Numbers, negative ones included, stay numbers; a `Formatted` number (a percentage) keeps its
display format in an XLSX. Every sheet's header row is frozen.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

from django.http import HttpResponse, StreamingHttpResponse

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A plain number written as text (for example "-3" or "-12.5") is a number, not a formula.
_NUMBER = re.compile(r"-?\d+(\.\d+)?")

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

Row = Sequence[Any] | Mapping[str, Any]
PERCENT_FORMAT = "0.0%"


@dataclass(frozen=True)
class Formatted:
    """A number written with a spreadsheet number format, e.g. 0.785 shown as 78.5%."""

    value: int | float | Decimal
    number_format: str


def percent(value: int | float | Decimal) -> Formatted:
    """A percentage (78.5) as a spreadsheet percentage cell (0.785, shown 78.5%)."""
    return Formatted(round(float(value) / 100, 6), PERCENT_FORMAT)


def is_formula(text: str) -> bool:
    return text.startswith(FORMULA_START) and not _NUMBER.fullmatch(text)


def safe_cell(value: Any) -> Any:
    """The value as a CSV writer should receive it: numbers as numbers, dates in ISO form,
    text that a spreadsheet would run as a formula with a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, Formatted):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value)
    return "'" + text if is_formula(text) else text


def _cells(header: Sequence[str], row: Row) -> list[Any]:
    if isinstance(row, Mapping):
        return [safe_cell(row.get(column)) for column in header]
    return [safe_cell(value) for value in row]


def write_csv(out: IO[str], header: Sequence[str], rows: Iterable[Row]) -> int:
    """Write a header and rows (sequences, or mappings keyed by the header) to `out`;
    returns the number of rows written."""
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180: a field holding \r or \n is quoted
    writer.writerow([safe_cell(h) for h in header])
    count = 0
    for row in rows:
        writer.writerow(_cells(header, row))
        count += 1
    return count


def csv_bytes(header: Sequence[str], rows: Iterable[Row]) -> bytes:
    buffer = io.StringIO()
    write_csv(buffer, header, rows)
    return buffer.getvalue().encode("utf-8-sig")  # BOM so spreadsheets read it as UTF-8


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(header: Sequence[str], rows: Iterable[Row]) -> Iterator[str]:
    """The CSV a line at a time, for a streamed download."""
    writer = csv.writer(
        _Echo(), lineterminator="\r\n"
    )  # RFC 4180: a field holding \r or \n is quoted
    yield writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        yield writer.writerow(_cells(header, row))


@dataclass
class Sheet:
    title: str
    header: list[str]
    rows: list[Sequence[Any]] = field(default_factory=list)
    # Printed at the foot of every page of the sheet (e.g. a report's edition and fingerprint).
    footer: str = ""


def write_xlsx(sheets: Iterable[Sheet]) -> bytes:
    """A workbook with one sheet per table, header row bold and frozen; no cell is ever a
    formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for index, table in enumerate(sheets):
        sheet = book.create_sheet(title=_sheet_title(f"{index + 1} {table.title}"))
        sheet.append([_xlsx_value(h) for h in table.header])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        if table.footer:
            sheet.oddFooter.left.text = table.footer.replace("&", "&&")
            sheet.oddFooter.right.text = "Page &P of &N"
        for row in table.rows:
            sheet.append([_xlsx_value(v) for v in row])
            for cell, value in zip(sheet[sheet.max_row], row, strict=False):
                if isinstance(value, Formatted):
                    cell.number_format = value.number_format
        for column in sheet.columns:
            for cell in column:
                if isinstance(cell.value, str):
                    # Text stays text: never a formula, even when edited in Excel.
                    cell.data_type = "s"
                    if is_formula(cell.value):
                        cell.quotePrefix = True
            width = max(len(str(c.value or "")) for c in column)
            sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 60)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_title(text: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", " ", text)[:31]


def _xlsx_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float | Decimal | datetime | date):
        return value
    if isinstance(value, Formatted):
        return value.value
    return str(value)


def _attachment(response: HttpResponse | StreamingHttpResponse, filename: str) -> None:
    safe_name = re.sub(r"[^A-Za-z0-9._-]", "-", filename)
    response["Content-Disposition"] = f'attachment; filename="{safe_name}"'


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Row]) -> HttpResponse:
    response = HttpResponse(csv_bytes(header, rows), content_type=CSV_CONTENT_TYPE)
    _attachment(response, filename)
    return response


def csv_stream_response(
    filename: str, header: Sequence[str], rows: Iterable[Row]
) -> StreamingHttpResponse:
    """A CSV download sent a line at a time (for long tables)."""
    response = StreamingHttpResponse(csv_lines(header, rows), content_type=CSV_CONTENT_TYPE)
    _attachment(response, filename)
    return response


def xlsx_response(filename: str, sheets: Iterable[Sheet]) -> HttpResponse:
    response = HttpResponse(write_xlsx(sheets), content_type=XLSX_CONTENT_TYPE)
    _attachment(response, filename)
    return response
