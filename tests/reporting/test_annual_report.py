from __future__ import annotations

import html
import io
import subprocess
from datetime import date
from typing import Any

import pytest

from iro.accounts.roles import Role
from iro.audit.models import AuditEntry
from iro.reporting.annual_report import build_report
from iro.reporting.models import AnnualReport
from iro.reporting.report_sections import LEGAL_CONTEXT, SECTIONS
from iro.reviews.services import review_record_held
from tests.editing import version_from

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_of_reviews(make_iro: Any, make_child: Any) -> None:
    iro = make_iro("Priya Shah")
    child = make_child(start_date=date(2022, 5, 25), iro=iro)
    review_record_held(
        acting_user=None, child=child, held_on=date(2022, 6, 24), participation_code="PN1"
    )
    review_record_held(
        acting_user=None, child=child, held_on=date(2022, 9, 26), participation_code="PN6"
    )


def test_report_has_every_section_of_a_council_annual_report(year_of_reviews: None) -> None:
    report = build_report(2022)
    titles = [s.spec.title for s in report.sections]
    for expected in (
        "Purpose and legal context",
        "Summary",
        "Reviews",
        "Participation and consultation",
        "Dispute resolution",
        "Independent legal advice and Cafcass",
        "Compliments and complaints",
        "Advocacy and independent visitors",
        "Caseloads and staffing",
        "Systemic issues raised and responses",
        "Progress on last year's plan",
        "Plan for next year",
    ):
        assert expected in titles
    reviews = next(s for s in report.sections if s.spec.key == "reviews")
    assert reviews.table is not None
    assert ["Reviews held", "0", "0", "2"] in reviews.table.rows


def test_manager_writes_narrative_and_it_is_audited(client_for: Any, year_of_reviews: None) -> None:
    client = client_for(Role.IRO_MANAGER)
    data = {spec.key: "" for spec in SECTIONS}
    data["summary"] = "Reviews were mostly on time.\n\nParticipation rose."
    data |= version_from(client, "/annual-report/2022/narrative")
    response = client.post("/annual-report/2022/narrative", data)
    assert response.status_code == 302
    page = client.get("/annual-report/2022/").content.decode()
    assert "Reviews were mostly on time." in page and "Participation rose." in page
    assert AuditEntry.objects.filter(object_type="annual_report", action="update").exists()


def test_head_of_service_reads_but_cannot_write(client_for: Any) -> None:
    client = client_for(Role.HEAD_OF_SERVICE)
    assert client.get("/annual-report/2022/").status_code == 200
    assert client.get("/annual-report/2022/narrative").status_code == 403


def test_pdf_docx_and_xlsx_hold_the_figures(
    client_for: Any, year_of_reviews: None, tmp_path: Any
) -> None:
    from docx import Document
    from openpyxl import load_workbook

    client = client_for(Role.IRO_MANAGER)
    client.post(
        "/annual-report/2022/narrative",
        {"summary": "A steady year.", **version_from(client, "/annual-report/2022/narrative")},
    )

    pdf = client.get("/annual-report/2022/download.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    (tmp_path / "r.pdf").write_bytes(pdf.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "r.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "A steady year." in text
    assert "Reviews held" in text
    assert "50.0% (1 of 2)" in text  # all reviews in timescale in 2022-23

    docx = Document(io.BytesIO(client.get("/annual-report/2022/download.docx").content))
    body = "\n".join(p.text for p in docx.paragraphs)
    assert "Dispute resolution" in body and "A steady year." in body
    cells = {cell.text for table in docx.tables for row in table.rows for cell in row.cells}
    assert "50.0% (1 of 2)" in cells
    assert docx.inline_shapes, "the Word report carries its charts as pictures"

    book = load_workbook(io.BytesIO(client.get("/annual-report/2022/download.xlsx").content))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    # Figures are numbers: 50.0% (1 of 2) is stored as 0.5 shown as a percentage.
    assert any(c.value == 0.5 and c.number_format == "0.0%" for c in cells)
    assert AuditEntry.objects.filter(object_type="annual_report", action="export").count() == 3


def test_unknown_download_format_is_not_found(client_for: Any) -> None:
    assert client_for(Role.IRO_MANAGER).get("/annual-report/2022/download.exe").status_code == 404


def test_the_narrative_form_starts_from_the_legal_context_and_keeps_it_as_the_default(
    client_for: Any,
) -> None:
    client = client_for(Role.IRO_MANAGER)
    form = html.unescape(client.get("/annual-report/2022/narrative").content.decode())
    assert LEGAL_CONTEXT.split("\n")[0] in form
    # Saved unchanged (a browser sends CRLF line ends), the default stays the default...
    data = {spec.key: "" for spec in SECTIONS}
    data["purpose"] = LEGAL_CONTEXT.replace("\n", "\r\n")
    data |= version_from(client, "/annual-report/2022/narrative")
    assert client.post("/annual-report/2022/narrative", data).status_code == 302
    assert "purpose" not in AnnualReport.objects.get(year=2022).narrative
    # ...and the council's own words replace it.
    data = {spec.key: "" for spec in SECTIONS}
    data["purpose"] = LEGAL_CONTEXT + "\n\nIn this council IROs also chair conferences."
    data |= version_from(client, "/annual-report/2022/narrative")
    assert client.post("/annual-report/2022/narrative", data).status_code == 302
    page = client.get("/annual-report/2022/").content.decode()
    assert "In this council IROs also chair conferences." in page
