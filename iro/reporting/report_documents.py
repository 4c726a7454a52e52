"""The annual report as documents: PDF (WeasyPrint), Word (python-docx) and a spreadsheet."""

from __future__ import annotations

import io

from django.template.loader import render_to_string

from iro.timetable.dates import format_date

from .annual_report import Report
from .exports import to_xlsx


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
            png = grouped_bar_png(title, groups, report.labels, maximum=100, unit="%")
            document.add_picture(io.BytesIO(png), width=Cm(16))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_xlsx(report: Report) -> bytes:
    return to_xlsx(report.tables())
