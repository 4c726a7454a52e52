"""The annual report as documents: PDF (WeasyPrint), Word (python-docx) and a spreadsheet.

Both the PDF and the Word file are A4 with a cover (council, title, year, author, date,
audience), a contents list with page numbers, Arial throughout, page numbers and the edition's
fingerprint in every footer, headings kept with what follows, and the narrative rendered from
the same sanitised Markdown as the page.
"""

from __future__ import annotations

import io
from typing import Any

from django.template.loader import render_to_string

from iro.timetable.dates import format_date

from .annual_report import Report
from .charts import grouped_bar_png, grouped_bar_svg
from .exports import to_xlsx
from .narrative import Block, narrative_blocks, narrative_html

FONT = "Arial"


def render_pdf(report: Report) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "reporting/annual_report_document.html",
        {
            "report": report,
            "chart_svg": grouped_bar_svg,
            "narrative_html": narrative_html,
            "for_pdf": True,
        },
    )
    return HTML(string=html).write_pdf()


def _footer_text(report: Report) -> str:
    return report.edition.footer if report.edition else ""


# --- Word -------------------------------------------------------------------------------------


def _arial(style: Any) -> None:
    """The style in Arial for every script (the theme's fonts would otherwise win)."""
    style.font.name = FONT
    _arial_fonts(style.element.get_or_add_rPr())


def _arial_fonts(rpr: Any) -> None:
    from docx.oxml.ns import qn

    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)


def _field(paragraph: Any, instruction: str, shown: str = "1") -> None:
    """A Word field (PAGE, NUMPAGES, TOC ...) with `shown` as its text until Word updates it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def run_with(child: Any) -> None:
        run = paragraph.add_run()
        run._r.append(child)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    run_with(begin)
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    run_with(code)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    paragraph.add_run(shown)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def _hyperlink(paragraph: Any, text: str, url: str, bold: bool) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "1D70B8")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.extend([colour, underline])
    if bold:
        props.append(OxmlElement("w:b"))
    run.append(props)
    text_element = OxmlElement("w:t")
    text_element.set(qn("xml:space"), "preserve")
    text_element.text = text
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


def _restart_numbering(document: Any, paragraph: Any) -> None:
    """Start this numbered list at 1 (Word otherwise carries on from the previous list)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    numbering = document.part.numbering_part.element
    style_num = document.styles["List Number"].element.pPr.numPr.numId.val
    abstract = numbering.num_having_numId(style_num).abstractNumId.val
    num = numbering.add_num(abstract)
    override = OxmlElement("w:lvlOverride")
    override.set(qn("w:ilvl"), "0")
    start = OxmlElement("w:startOverride")
    start.set(qn("w:val"), "1")
    override.append(start)
    num.append(override)
    props = paragraph._p.get_or_add_pPr()
    num_pr = props.get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = num.numId


def _narrative(document: Any, text: str) -> None:
    blocks: list[Block] = narrative_blocks(text)
    numbered_lists: set[int] = set()
    for block in blocks:
        style = {"p": None, "bullet": "List Bullet", "number": "List Number"}[block.kind]
        paragraph = document.add_paragraph(style=style)
        if block.kind == "number" and block.list_index not in numbered_lists:
            numbered_lists.add(block.list_index)
            _restart_numbering(document, paragraph)
        for run in block.runs:
            if run.href:
                _hyperlink(paragraph, run.text, run.href, run.bold)
            else:
                added = paragraph.add_run(run.text)
                added.bold = run.bold or None
                added.italic = run.italic or None


def _cover(document: Any, report: Report) -> None:
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt

    council = document.add_paragraph()
    council.paragraph_format.space_before = Pt(120)
    council.add_run(report.council_name).bold = True
    document.add_paragraph(report.title, style="Title")
    if report.as_at:
        document.add_paragraph(
            f"This year has not ended: its figures are as at {format_date(report.as_at)}, to date."
        )
    details = [
        ("Year", f"1 April {report.year} to 31 March {report.year + 1}"),
        ("Author", report.cover.author or "IRO manager"),
        ("Date", format_date(report.cover.report_date or report.generated_at)),
        ("For", report.cover.audience),
    ]
    if report.edition:
        details.append(("Edition", report.edition.footer))
    for name, value in details:
        line = document.add_paragraph()
        line.add_run(f"{name}: ").bold = True
        line.add_run(value)
    document.add_paragraph(
        f"Figures are counted from the IRO service's records for {', '.join(report.labels)}."
    ).runs[-1].add_break(WD_BREAK.PAGE)


def _contents(document: Any, report: Report) -> None:
    from docx.enum.text import WD_BREAK

    heading = document.add_paragraph("Contents", style="TOC Heading")
    heading.paragraph_format.keep_with_next = True
    toc = document.add_paragraph()
    # Until Word updates the field (it asks on opening), the list shows the section titles.
    titles = [f"{i}. {s.spec.title}" for i, s in enumerate(report.sections, start=1)]
    _field(toc, 'TOC \\o "1-1" \\h \\z \\u', "\n".join(titles))
    toc.add_run().add_break(WD_BREAK.PAGE)


def _footer(document: Any, report: Report) -> None:
    footer = document.sections[0].footer
    paragraph = footer.paragraphs[0]
    paragraph.text = ""
    paragraph.add_run(f"{_footer_text(report)}    Page ")
    _field(paragraph, "PAGE")
    paragraph.add_run(" of ")
    _field(paragraph, "NUMPAGES")


def _update_fields_on_open(document: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    document.settings.element.append(update)


def render_docx(report: Report) -> bytes:
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    for style in document.styles:
        if getattr(style, "font", None) is not None:
            _arial(style)
    for rpr in document.styles.element.iter(qn("w:rPr")):  # the defaults and table styles
        _arial_fonts(rpr)
    document.styles["Normal"].font.size = Pt(11)
    for name in ("Heading 1", "Heading 2", "Caption", "Title", "TOC Heading"):
        document.styles[name].paragraph_format.keep_with_next = True
    props = document.core_properties
    props.title = report.title
    props.author = report.cover.author
    props.subject = _footer_text(report)

    _cover(document, report)
    _contents(document, report)
    _footer(document, report)
    _update_fields_on_open(document)
    for index, part in enumerate(report.sections, start=1):
        document.add_heading(f"{index}. {part.spec.title}", level=1)
        if part.narrative.strip():
            _narrative(document, part.narrative)
        for table in ([part.table] if part.table else []) + part.extra_tables:
            caption = document.add_paragraph(table.title, style="Caption")
            caption.paragraph_format.keep_with_next = True
            grid = document.add_table(rows=1, cols=len(table.header))
            grid.style = "Table Grid"
            for cell, text in zip(grid.rows[0].cells, table.header, strict=True):
                cell.text = str(text)
                cell.paragraphs[0].runs[0].bold = True
            for row in table.rows:
                cells = grid.add_row().cells
                for cell, value in zip(cells, row, strict=True):
                    cell.text = "" if value is None else str(value)
        if part.chart:
            title, groups = part.chart
            png = grouped_bar_png(
                title, groups, part.chart_series or report.labels, maximum=100, unit="%"
            )
            document.add_picture(io.BytesIO(png), width=Cm(16))
    if report.comparator_sources:
        document.add_heading("Sources of the comparators", level=1)
        for source in report.comparator_sources:
            document.add_paragraph(source, style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_xlsx(report: Report) -> bytes:
    return to_xlsx(report.tables(), footer=f"{report.title}. {_footer_text(report)}")
