"""The IRO annual report for the Corporate Parenting Board.

`build_report(year)` assembles the sections of a council IRO annual report: the manager's saved
narrative for each, and tables and charts computed from the records for the year and the two
before, with the comparators entered for the year beside the council's figures. The same content
is rendered as a page, a PDF (WeasyPrint), a Word document (python-docx) and a spreadsheet with
every table; an approved edition freezes it (see `frozen`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from iro.accounts.models import User
from iro.audit.services import audit_record, field_changes
from iro.core.council import council_settings
from iro.timetable.dates import format_date

from .arithmetic import financial_year
from .charts import BarGroup
from .exports import Figure, Table, figure_cell
from .measures import Scope
from .models import AnnualReport, Comparator
from .report_sections import SECTIONS, SectionSpec, extra_tables, section_narrative
from .scorecard import compute_scorecards, measures_for, reporting_period
from .selectors import chart_value, figure_text, year_label


@dataclass
class ReportSection:
    spec: SectionSpec
    narrative: str
    table: Table | None = None
    chart: tuple[str, list[BarGroup]] | None = None
    extra_tables: list[Table] = field(default_factory=list)
    # The chart's series when comparators are added to the years; empty: the report's labels.
    chart_series: tuple[str, ...] = ()


@dataclass
class Cover:
    author: str = ""
    report_date: date | None = None
    audience: str = "Corporate Parenting Board"


@dataclass
class EditionMark:
    """Which edition a document is, printed with its fingerprint in every footer."""

    number: int | None  # None: figures as they stand, not yet produced as an edition
    status: str  # "Draft", "Approved" or "Superseded"
    fingerprint: str = ""
    approved_by: str = ""
    approved_at: Any = None

    @property
    def footer(self) -> str:
        name = f"Edition {self.number}" if self.number else "Not an edition"
        return f"{name} ({self.status.lower()}), fingerprint {self.fingerprint}"


@dataclass
class Report:
    year: int
    council_name: str
    labels: tuple[str, ...]
    sections: list[ReportSection]
    generated_at: Any
    # The day the figures are as at when the year has not ended ("to date"), else None.
    as_at: Any = None
    cover: Cover = field(default_factory=Cover)
    # "England: DfE Children looked after in England 2024, published 14 November 2024", ...
    comparator_sources: list[str] = field(default_factory=list)
    edition: EditionMark | None = None

    @property
    def title(self) -> str:
        title = (
            f"Independent Reviewing Officer service annual report {self.year} to {self.year + 1}"
        )
        return f"{title} to date" if self.as_at else title

    def tables(self) -> list[Table]:
        found = []
        for section in self.sections:
            if section.table:
                found.append(section.table)
            found.extend(section.extra_tables)
        return found


def _label_for(key: str, labels: dict[str, str]) -> str:
    return labels.get(key, key.replace("_", " ").capitalize())


# Each section's table caption says what the table holds (not the section's title again).
CAPTIONS = {
    "summary": "Children looked after: at the year's end, on average, coming into and leaving care",
    "reviews": "Reviews held, their timeliness, and minutes and recommendations in time",
    "participation": "How children took part in their reviews and were consulted beforehand",
    "oversight": "Oversight recorded by IROs between reviews",
    "disputes": "Disputes raised, good-practice alerts and Cafcass referrals",
    "legal_advice": "Independent legal advice sought and referrals to Cafcass",
    "compliments": "Compliments and complaints received",
    "advocacy": "Children supported by an advocate and referred for an independent visitor",
    "caseloads": "Children per full-time IRO across the service",
}


def plain_year_label(period: Any) -> str:
    """'2023 to 24' (documents and chart legends read it aloud; no dash to go astray)."""
    return year_label(period).replace("–", " to ")


def comparator_text(comparator: Comparator, is_rate: bool) -> Figure:
    number = float(comparator.value)
    if is_rate:
        return Figure(f"{number:.1f}%", number, True)
    whole = number.is_integer()
    shown = f"{int(number):,}" if whole else f"{number:,.1f}"
    return Figure(shown, int(number) if whole else number)


def build_report(year: int, *, cover: Cover | None = None, restricted: bool = False) -> Report:
    """The report for a year; `restricted` (the IRO manager's own edition only) keeps the
    tables marked restricted, which a Board edition leaves out."""
    periods = [reporting_period(financial_year(y)) for y in (year - 2, year - 1, year)]
    results = compute_scorecards(periods, Scope())
    labels = tuple(plain_year_label(p) for p in periods)
    measures = {m.key: m for m in measures_for(periods[-1])}
    measure_labels = {key: m.label for key, m in measures.items()}
    saved = AnnualReport.objects.filter(year=year).first()
    narrative = saved.narrative if saved else {}
    comparators = {(c.measure_key, c.group): c for c in Comparator.objects.filter(year=year)}
    groups = [g for g in Comparator.Group if any(group == g for _, group in comparators)]
    sections = []
    for spec in SECTIONS:
        present = [k for k in spec.measure_keys if any(k in r for r in results)]
        shown_groups = [g for g in groups if any((k, g) in comparators for k in present)]
        table = None
        if present:
            table = Table(
                getattr(spec, "caption", "") or CAPTIONS.get(spec.key) or spec.guidance,
                ["Measure", *labels, *(f"{g.label} {labels[-1]}" for g in shown_groups)],
                [
                    [_label_for(k, measure_labels)]
                    + [figure_cell(r.get(k)) for r in results]
                    + [_comparator_cell(comparators, k, g, measures) for g in shown_groups]
                    for k in present
                ],
            )
        chart = None
        series: tuple[str, ...] = ()
        charted = [k for k in spec.chart_keys if any(k in r for r in results)]
        if charted:
            chart_groups = [g for g in groups if any((k, g) in comparators for k in charted)]
            series = (*labels, *(f"{g.label} {labels[-1]}" for g in chart_groups))
            chart = (
                f"{spec.title}: percentages",
                [
                    BarGroup(
                        _label_for(k, measure_labels),
                        tuple(chart_value(r.get(k)) for r in results)
                        + tuple(
                            float(comparators[(k, g)].value) if (k, g) in comparators else None
                            for g in chart_groups
                        ),
                    )
                    for k in charted
                ],
            )
        section = ReportSection(
            spec, section_narrative(spec, narrative), table, chart, chart_series=series
        )
        section.extra_tables = [
            t
            for t in extra_tables(spec.key, periods, results, labels)
            if restricted or not t.restricted
        ]
        sections.append(section)
    return Report(
        year,
        council_settings().council_name,
        labels,
        sections,
        timezone.now(),
        periods[-1].date_to if periods[-1].to_date else None,
        cover=cover or Cover(),
        comparator_sources=[
            f"{c.get_group_display()}, {_label_for(c.measure_key, measure_labels)}: {c.source}, "
            f"published {format_date(c.source_date)}"
            for c in sorted(comparators.values(), key=lambda c: (c.group, c.measure_key))
        ],
    )


def _comparator_cell(
    comparators: dict[tuple[str, str], Comparator], key: str, group: str, measures: dict[str, Any]
) -> Figure:
    comparator = comparators.get((key, group))
    if comparator is None:
        return Figure(figure_text(None))
    measure = measures.get(key)
    return comparator_text(comparator, measure is not None and measure.kind == "rate")


@transaction.atomic
def _lines(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").strip().split("\n"))


def annual_report_save_narrative(
    *, acting_user: User | None, year: int, narrative: dict[str, str]
) -> AnnualReport:
    report, _ = AnnualReport.objects.select_for_update().get_or_create(year=year)
    before = dict(report.narrative)
    defaults = {spec.key: _lines(spec.default_narrative) for spec in SECTIONS}
    # The default text saved unchanged is not kept as the council's own words, so a corrected
    # default (the legal context) still reaches a report whose manager never changed it.
    report.narrative = {
        k: v for k, v in narrative.items() if k in defaults and _lines(v) != defaults[k]
    }
    report.updated_by = acting_user if getattr(acting_user, "is_authenticated", False) else None
    report.full_clean()
    report.save()
    audit_record(
        actor=acting_user,
        action="update",
        object_type="annual_report",
        object_id=report.pk,
        summary=f"Annual report {year} narrative saved",
        changes=field_changes(before, report.narrative),
    )
    return report
