"""The IRO annual report for the Corporate Parenting Board.

`build_report(year)` assembles the sections of a council IRO annual report: the manager's saved
narrative for each, and tables and charts computed from the records for the year and the two
before. The same content is rendered as a page, a PDF (WeasyPrint), a Word document
(python-docx) and a spreadsheet with every table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from iro.audit.services import audit_record, field_changes
from iro.core.council import council_settings

from .arithmetic import financial_year
from .charts import BarGroup
from .exports import Table
from .measures import Scope
from .models import AnnualReport
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


@dataclass
class Report:
    year: int
    council_name: str
    labels: tuple[str, ...]
    sections: list[ReportSection]
    generated_at: Any
    # The day the figures are as at when the year has not ended ("to date"), else None.
    as_at: Any = None

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


def build_report(year: int, *, restricted: bool = False) -> Report:
    """The report for a year; `restricted` (the IRO manager's own edition only) keeps the
    tables marked restricted, which a Board edition leaves out."""
    periods = [reporting_period(financial_year(y)) for y in (year - 2, year - 1, year)]
    results = compute_scorecards(periods, Scope())
    labels = tuple(year_label(p) for p in periods)
    measure_labels = {m.key: m.label for m in measures_for(periods[-1])}
    saved = AnnualReport.objects.filter(year=year).first()
    narrative = saved.narrative if saved else {}
    sections = []
    for spec in SECTIONS:
        present = [k for k in spec.measure_keys if any(k in r for r in results)]
        table = None
        if present:
            table = Table(
                spec.title,
                ["Measure", *labels],
                [
                    [_label_for(k, measure_labels)] + [figure_text(r.get(k)) for r in results]
                    for k in present
                ],
            )
        chart = None
        charted = [k for k in spec.chart_keys if any(k in r for r in results)]
        if charted:
            chart = (
                f"{spec.title}: percentages",
                [
                    BarGroup(
                        _label_for(k, measure_labels), tuple(chart_value(r.get(k)) for r in results)
                    )
                    for k in charted
                ],
            )
        section = ReportSection(spec, section_narrative(spec, narrative), table, chart)
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
    )


@transaction.atomic
def annual_report_save_narrative(
    *, acting_user: Any, year: int, narrative: dict[str, str]
) -> AnnualReport:
    report, _ = AnnualReport.objects.select_for_update().get_or_create(year=year)
    before = dict(report.narrative)
    report.narrative = {k: v for k, v in narrative.items() if k in {s.key for s in SECTIONS}}
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
