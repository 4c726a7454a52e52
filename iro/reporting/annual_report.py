"""The IRO annual report for the Corporate Parenting Board.

`build_report(year)` assembles the sections of a council IRO annual report: the manager's saved
narrative for each, and tables and charts computed from the records for the year and the two
before. The same content is rendered as a page, a PDF (WeasyPrint), a Word document
(python-docx) and a spreadsheet with every table.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from iro.accounts.models import ReviewingOfficer
from iro.audit.services import audit_record, field_changes
from iro.core.council import council_settings
from iro.disputes.models import SystemicIssue
from iro.timetable.dates import format_date

from .arithmetic import financial_year
from .charts import BarGroup
from .exports import Table, to_xlsx
from .measures import Scope
from .models import AnnualReport
from .scorecard import compute_scorecards, measures_for, reporting_period
from .selectors import chart_value, figure_text, year_label


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: str
    guidance: str
    measure_keys: tuple[str, ...] = ()
    chart_keys: tuple[str, ...] = ()


SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(
        "purpose",
        "Purpose and legal context",
        "Why the IRO service exists: the Children Act 1989 sections 25A to 25C, the Care Planning, "
        "Placement and Case Review (England) Regulations 2010 and the IRO Handbook.",
    ),
    SectionSpec(
        "summary",
        "Summary",
        "The year in brief: what went well, what needs to improve, the key figures.",
        (
            "children_looked_after_at_end",
            "children_looked_after_monthly_average",
            "entries",
            "exits",
        ),
    ),
    SectionSpec(
        "reviews",
        "Reviews",
        "How many reviews were held and whether they were on time.",
        (
            "reviews_held",
            "reviews_first",
            "reviews_second",
            "reviews_subsequent",
            "first_reviews_in_timescale",
            "later_reviews_in_timescale",
            "reviews_in_timescale",
            "reviews_overdue_at_end",
            "iro_allocated_in_timescale",
            "minutes_written_in_timescale",
            "minutes_distributed_in_timescale",
            "recommendations_issued_in_timescale",
        ),
        (
            "first_reviews_in_timescale",
            "later_reviews_in_timescale",
            "reviews_in_timescale",
            "minutes_distributed_in_timescale",
            "recommendations_issued_in_timescale",
        ),
    ),
    SectionSpec(
        "participation",
        "Participation and consultation",
        "How children took part in their reviews and were consulted beforehand.",
        (
            "participation",
            "consultation_before_review",
            "attended_in_person",
            "views_conveyed_absent",
            *[f"participation_PN{i}" for i in range(8)],
        ),
        ("participation", "consultation_before_review"),
    ),
    SectionSpec(
        "oversight",
        "IRO oversight between reviews",
        "How IROs monitored care plans between reviews.",
        ("oversights_recorded", "children_with_2_oversights", "children_with_4_oversights"),
        ("children_with_2_oversights", "children_with_4_oversights"),
    ),
    SectionSpec(
        "disputes",
        "Dispute resolution",
        "Challenges IROs raised, what they were about and how they ended.",
        (
            "disputes_informal",
            "disputes_formal",
            "formal_disputes_resolved_in_timescale",
            "good_practice_alerts",
            "cafcass_referrals",
        ),
    ),
    SectionSpec(
        "legal_advice",
        "Independent legal advice and Cafcass",
        "Requests for independent legal advice and referrals to Cafcass.",
        ("legal_advice_sought", "cafcass_referrals"),
    ),
    SectionSpec(
        "compliments",
        "Compliments and complaints",
        "What children, families and professionals said about the IRO service.",
        ("compliments", "complaints"),
    ),
    SectionSpec(
        "advocacy",
        "Advocacy and independent visitors",
        "Children supported by an advocate and referred for an independent visitor.",
        ("advocacy_children_supported", "independent_visitor_referrals"),
    ),
    SectionSpec(
        "caseloads",
        "Caseloads and staffing",
        "IRO caseloads against the IRO Handbook's 50 to 70 children per full-time IRO.",
        ("caseload_per_fte",),
    ),
    SectionSpec(
        "systemic",
        "Systemic issues raised and responses",
        "Issues the IRO service raised formally with senior managers, and their responses.",
    ),
    SectionSpec("last_year", "Progress on last year's plan", "What was planned and what happened."),
    SectionSpec("next_year", "Plan for next year", "Priorities for the coming year."),
)


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


def build_report(year: int) -> Report:
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
        section = ReportSection(spec, narrative.get(spec.key, ""), table, chart)
        section.extra_tables = _extra_tables(spec.key, periods, results, labels)
        sections.append(section)
    return Report(
        year,
        council_settings().council_name,
        labels,
        sections,
        timezone.now(),
        periods[-1].date_to if periods[-1].to_date else None,
    )


def _extra_tables(
    key: str, periods: list[Any], results: list[dict[str, Any]], labels: tuple[str, ...]
) -> list[Table]:
    """Breakdowns other apps provide (disputes by category, systemic issues, caseload by IRO)."""
    tables: list[Table] = []
    if key == "disputes":
        for measure_key, title in (
            ("disputes_informal_by_category", "Informal disputes by category"),
            ("disputes_formal_by_category", "Formal disputes by category"),
        ):
            if any(measure_key in r for r in results):
                categories = sorted({c for r in results for c in (r.get(measure_key) or {})})
                tables.append(
                    Table(
                        title,
                        ["Category", *labels],
                        [
                            [c] + [(r.get(measure_key) or {}).get(c, 0) for r in results]
                            for c in categories
                        ],
                    )
                )
    if key == "caseloads":
        by_iro = results[-1].get("caseload_per_fte", {}).get("by_iro") or {}
        if by_iro:
            names = dict(
                ReviewingOfficer.objects.filter(pk__in=list(by_iro)).values_list("pk", "name")
            )
            rows = sorted(([names.get(pk, str(pk)), pk, value] for pk, value in by_iro.items()))
            tables.append(
                Table(
                    f"Children per full-time IRO on {format_date(periods[-1].date_to)}",
                    ["IRO", "Children per FTE"],
                    [[name, "Not recorded" if value is None else value] for name, _, value in rows],
                )
            )
    if key == "systemic":
        tables.extend(_systemic_tables(periods[-1]))
    return tables


def _systemic_tables(period: Any) -> list[Table]:
    rows = []
    for issue in SystemicIssue.objects.filter(
        raised_on__gte=period.date_from, raised_on__lte=period.date_to
    ).order_by("raised_on"):
        rows.append(
            [
                f"{issue.raised_on:%d/%m/%Y}",
                getattr(issue, "title", str(issue)),
                getattr(issue, "raised_with", ""),
                getattr(issue, "response", ""),
            ]
        )
    if not rows:
        return []
    return [Table("Systemic issues raised", ["Raised", "Issue", "Raised with", "Response"], rows)]


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


def render_pdf(report: Report) -> bytes:
    from weasyprint import HTML

    from .charts import grouped_bar_svg

    html = render_to_string(
        "reporting/annual_report_document.html",
        {"report": report, "chart_svg": grouped_bar_svg, "for_pdf": True},
    )
    return HTML(string=html).write_pdf()


def render_docx(report: Report) -> bytes:
    from docx import Document
    from docx.shared import Cm, Pt

    from .charts import grouped_bar_png

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    document.add_heading(report.title, level=0)
    document.add_paragraph(f"{report.council_name}. Figures compare {', '.join(report.labels)}.")
    if report.as_at:
        document.add_paragraph(
            f"This year has not ended: its figures are as at {format_date(report.as_at)}, to date."
        )
    for section in report.sections:
        document.add_heading(section.spec.title, level=1)
        for paragraph in (section.narrative or "").split("\n\n"):
            if paragraph.strip():
                document.add_paragraph(paragraph.strip())
        for table in ([section.table] if section.table else []) + section.extra_tables:
            document.add_paragraph(table.title, style="Caption")
            grid = document.add_table(rows=1, cols=len(table.header))
            grid.style = "Table Grid"
            for cell, text in zip(grid.rows[0].cells, table.header, strict=True):
                cell.text = str(text)
            for row in table.rows:
                cells = grid.add_row().cells
                for cell, value in zip(cells, row, strict=True):
                    cell.text = "" if value is None else str(value)
        if section.chart:
            title, groups = section.chart
            png = grouped_bar_png(title, groups, report.labels, maximum=100)
            document.add_picture(io.BytesIO(png), width=Cm(16))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_xlsx(report: Report) -> bytes:
    return to_xlsx(report.tables())
