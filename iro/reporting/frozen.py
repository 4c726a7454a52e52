"""A built report as plain JSON and back: what an approved edition stores.

`report_content` keeps everything a document shows (cover, labels, as-at, every table with its
caption, header and rows, each chart's series and values, the narrative, the comparators'
sources); `report_from_content` gives back a `Report` the same templates and writers render, so
an approved edition never reads the records again. `fingerprint` is the first 12 hex digits of
the SHA-256 of the canonical JSON (sorted keys, no spaces; the moment of counting left out):
the same figures, the same print.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from iro.timetable.dates import format_date

from .annual_report import Cover, Report, ReportSection
from .charts import BarGroup
from .exports import Figure, Table
from .report_sections import SectionSpec

SCHEMA = 1


def _cell(value: Any) -> Any:
    if isinstance(value, Figure):
        return {"text": str(value), "number": value.number, "percent": value.is_percent}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime | date):
        return format_date(value)
    return str(value)


def _table(table: Table) -> dict[str, Any]:
    return {
        "caption": table.title,
        "header": [str(h) for h in table.header],
        "rows": [[_cell(v) for v in row] for row in table.rows],
    }


def report_content(report: Report, *, leave_out_unwritten: bool = False) -> dict[str, Any]:
    """The report as JSON. An approved edition leaves out the sections with no narrative."""
    sections = []
    for section in report.sections:
        if leave_out_unwritten and not section.narrative.strip():
            continue
        chart = None
        if section.chart:
            title, groups = section.chart
            chart = {
                "title": title,
                "series": list(section.chart_series or report.labels),
                "groups": [{"label": g.label, "values": list(g.values)} for g in groups],
            }
        sections.append(
            {
                "key": section.spec.key,
                "title": section.spec.title,
                "guidance": section.spec.guidance,
                "narrative": section.narrative,
                "table": _table(section.table) if section.table else None,
                "extra_tables": [_table(t) for t in section.extra_tables],
                "chart": chart,
            }
        )
    return {
        "schema": SCHEMA,
        "year": report.year,
        "title": report.title,
        "council_name": report.council_name,
        "labels": list(report.labels),
        "as_at": report.as_at.isoformat() if report.as_at else None,
        "generated_at": report.generated_at.isoformat(),
        "cover": {
            "author": report.cover.author,
            "date": report.cover.report_date.isoformat() if report.cover.report_date else None,
            "audience": report.cover.audience,
        },
        "comparator_sources": list(report.comparator_sources),
        "sections": sections,
    }


def canonical(content: dict[str, Any]) -> str:
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def fingerprint(content: dict[str, Any]) -> str:
    """Of the figures and words, not of the moment they were counted: a draft read twice over
    unchanged records has the same fingerprint."""
    figures = {k: v for k, v in content.items() if k != "generated_at"}
    return hashlib.sha256(canonical(figures).encode("utf-8")).hexdigest()[:12]


def _uncell(value: Any) -> Any:
    if isinstance(value, dict) and "text" in value:
        return Figure(value["text"], value.get("number"), bool(value.get("percent")))
    return value


def _untable(data: dict[str, Any]) -> Table:
    return Table(
        data["caption"], list(data["header"]), [[_uncell(v) for v in row] for row in data["rows"]]
    )


def report_from_content(content: dict[str, Any]) -> Report:
    """The frozen report, ready for the page and the documents."""
    sections = []
    for data in content["sections"]:
        chart = None
        series: tuple[str, ...] = ()
        if data.get("chart"):
            chart = (
                data["chart"]["title"],
                [BarGroup(g["label"], tuple(g["values"])) for g in data["chart"]["groups"]],
            )
            series = tuple(data["chart"]["series"])
        sections.append(
            ReportSection(
                SectionSpec(data["key"], data["title"], data["guidance"]),
                data["narrative"],
                _untable(data["table"]) if data.get("table") else None,
                chart,
                [_untable(t) for t in data.get("extra_tables", [])],
                chart_series=series,
            )
        )
    cover = content.get("cover") or {}
    return Report(
        content["year"],
        content["council_name"],
        tuple(content["labels"]),
        sections,
        datetime.fromisoformat(content["generated_at"]),
        date.fromisoformat(content["as_at"]) if content.get("as_at") else None,
        cover=Cover(
            cover.get("author", ""),
            date.fromisoformat(cover["date"]) if cover.get("date") else None,
            cover.get("audience", ""),
        ),
        comparator_sources=list(content.get("comparator_sources", [])),
    )
