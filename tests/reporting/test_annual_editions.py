"""Annual report editions (issue 20): draft, approve (frozen figures and documents), supersede
with a reason; A4 documents with cover, contents and page numbers; Markdown narrative; typed
spreadsheet cells; comparators beside the figures; the command."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iro.accounts.roles import Role
from iro.audit.models import AuditEntry
from iro.reporting.annual_report import annual_report_save_narrative, build_report
from iro.reporting.models import AnnualReportEdition, Comparator
from iro.reporting.report_sections import SECTIONS
from iro.reporting.services import edition_approve, edition_produce, edition_report
from iro.reviews.services import review_record_held
from tests.editing import version_from

pytestmark = pytest.mark.django_db

NARRATIVE = (
    "Reviews were **mostly on time**.\n\n"
    "- first point\n- second point\n\n"
    "1. plan one\n2. plan two\n\n"
    "See [the IRO Handbook](https://www.gov.uk/government/publications/iro-handbook).\n\n"
    "<script>alert('owned')</script>"
)


@pytest.fixture
def child(make_iro: Any, make_child: Any) -> Any:
    child = make_child(start_date=date(2022, 5, 25), iro=make_iro("Priya Shah"))
    review_record_held(
        acting_user=None, child=child, held_on=date(2022, 6, 24), participation_code="PN1"
    )
    review_record_held(
        acting_user=None, child=child, held_on=date(2022, 9, 26), participation_code="PN6"
    )
    return child


@pytest.fixture
def manager(make_user: Any) -> Any:
    return make_user(Role.IRO_MANAGER, first_name="Alex", last_name="Morgan")


def _write(manager: Any, year: int = 2022) -> None:
    narrative = {s.key: "" for s in SECTIONS}
    narrative |= {"summary": NARRATIVE, "reviews": "Most reviews were held in time."}
    annual_report_save_narrative(acting_user=manager, year=year, narrative=narrative)


def _approve_through_pages(client: Any, year: int, number: int) -> Any:
    page = f"/annual-report/{year}/editions/{number}/"
    version = version_from(client, page)
    url = f"/annual-report/{year}/editions/{number}/approve"
    check = client.post(url, version)
    assert check.status_code == 200 and "Approve and freeze this edition" in check.content.decode()
    return client.post(url, {**version, "confirmed": "yes"})


def _reviews_row(report: Any) -> list[Any]:
    reviews = next(s for s in report.sections if s.spec.key == "reviews")
    return next(r for r in reviews.table.rows if r[0] == "Reviews held")


def _pdf_text(content: bytes, tmp_path: Path, *args: str) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    return subprocess.run(
        [*args, str(path), *(["-"] if args[0] == "pdftotext" else [])],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_draft_approve_then_the_records_change_and_the_edition_does_not(
    client_for: Any, manager: Any, child: Any
) -> None:
    client = client_for(manager)
    _write(manager)
    response = client.post("/annual-report/2022/editions/new")
    assert response.status_code == 302
    edition = AnnualReportEdition.objects.get(year=2022)
    assert (edition.number, edition.status, edition.author) == (1, "draft", "Alex Morgan")
    assert edition.audience == "Corporate Parenting Board"
    draft_print = edition_report(edition).edition.fingerprint  # type: ignore[union-attr]
    assert len(draft_print) == 12

    assert _approve_through_pages(client, 2022, 1).status_code == 302
    edition.refresh_from_db()
    assert edition.status == "approved" and edition.approved_by == manager
    assert edition.approved_at is not None and re.fullmatch(r"[0-9a-f]{12}", edition.fingerprint)
    approved_print = edition.fingerprint
    assert AuditEntry.objects.filter(
        object_type="annual_report_edition", summary__contains="approved"
    ).exists()
    # Sections with no narrative are left out of the approved edition (the legal context has its
    # default statutory text).
    assert [s["key"] for s in edition.content["sections"]] == ["purpose", "summary", "reviews"]
    frozen = edition_report(edition)
    assert _reviews_row(frozen)[1:] == ["0", "0", "2"]
    stored = {fmt: bytes(getattr(edition, fmt)) for fmt in ("pdf", "docx", "xlsx")}

    # The records change: a third review in 2022-23, and the narrative is rewritten.
    review_record_held(
        acting_user=None, child=child, held_on=date(2022, 12, 20), participation_code="PN1"
    )
    annual_report_save_narrative(
        acting_user=manager, year=2022, narrative={"summary": "Rewritten later."}
    )
    assert _reviews_row(build_report(2022))[1:] == ["0", "0", "3"]

    edition.refresh_from_db()
    again = edition_report(edition)
    assert _reviews_row(again)[1:] == ["0", "0", "2"]
    assert edition.fingerprint == approved_print
    assert edition_report(edition).edition.fingerprint == approved_print  # type: ignore[union-attr]
    page = client.get("/annual-report/2022/editions/1/").content.decode()
    assert "Reviews were <strong>mostly on time</strong>" in page and "Rewritten later" not in page
    assert approved_print in page
    for fmt, content in stored.items():
        download = client.get(f"/annual-report/2022/editions/1/download.{fmt}")
        assert download.content == content
    # The year's page shows the approved edition, not the records as they are now.
    assert "Rewritten later" not in client.get("/annual-report/2022/").content.decode()


def test_an_approved_edition_cannot_be_approved_or_changed_again(manager: Any, child: Any) -> None:
    _write(manager)
    edition = edition_approve(
        acting_user=manager, edition=edition_produce(acting_user=manager, year=2022)
    )
    with pytest.raises(ValidationError, match="already been approved"):
        edition_approve(acting_user=manager, edition=edition)
    with pytest.raises(ValidationError, match="There is already a draft"):
        edition_produce(acting_user=manager, year=2022, reason="Fix")
        edition_produce(acting_user=manager, year=2022, reason="Again")


def test_a_new_edition_needs_a_reason_and_supersedes_the_approved_one(
    client_for: Any, manager: Any, child: Any
) -> None:
    client = client_for(manager)
    _write(manager)
    first = edition_approve(
        acting_user=manager, edition=edition_produce(acting_user=manager, year=2022)
    )
    with pytest.raises(ValidationError):
        edition_produce(acting_user=manager, year=2022, reason="  ")
    refused = client.post("/annual-report/2022/editions/new", {"reason": ""})
    assert refused.status_code == 200
    assert "Enter why a new edition is needed" in refused.content.decode()
    reason = "The disputes figures were corrected after an audit"
    check = client.post("/annual-report/2022/editions/new", {"reason": reason})
    assert "Start the new edition" in check.content.decode()
    assert AnnualReportEdition.objects.count() == 1  # nothing written at the check step
    done = client.post("/annual-report/2022/editions/new", {"reason": reason, "confirmed": "yes"})
    assert done.status_code == 302
    second = AnnualReportEdition.objects.get(number=2)
    assert second.status == "draft" and second.reason == reason
    first.refresh_from_db()
    assert first.status == "approved"  # until the new edition is approved

    assert _approve_through_pages(client, 2022, 2).status_code == 302
    first.refresh_from_db()
    assert first.status == "superseded" and first.superseded_by_id == second.pk
    assert first.superseded_at is not None
    assert AuditEntry.objects.filter(summary__contains="superseded by edition 2").exists()
    listing = client.get("/annual-report/").content.decode()
    assert "Superseded" in listing and "Approved" in listing and reason in listing
    assert "Alex Morgan" in listing


def test_a_year_not_ended_can_only_be_a_draft_to_date(client_for: Any, manager: Any) -> None:
    client = client_for(manager)  # today is 23 November 2026: 2026 to 2027 is under way
    _write(manager, 2026)
    edition = edition_produce(acting_user=manager, year=2026)
    page = client.get("/annual-report/2026/editions/1/").content.decode()
    assert "to date" in page
    refused = client.post("/annual-report/2026/editions/1/approve", {"confirmed": "yes"})
    text = refused.content.decode()
    assert refused.status_code == 200 and "There is a problem" in text
    assert "You cannot approve the report for 2026 to 2027 until the year has ended" in text
    with pytest.raises(ValidationError, match="can only be a draft to date"):
        edition_approve(acting_user=manager, edition=edition)
    edition.refresh_from_db()
    assert edition.status == "draft"


def test_approval_refuses_when_the_narrative_changed_since_it_was_read(
    client_for: Any, manager: Any, child: Any
) -> None:
    client = client_for(manager)
    _write(manager)
    edition_produce(acting_user=manager, year=2022)
    version = version_from(client, "/annual-report/2022/editions/1/")
    annual_report_save_narrative(
        acting_user=manager, year=2022, narrative={"summary": "Someone else's words."}
    )
    response = client.post(
        "/annual-report/2022/editions/1/approve", {**version, "confirmed": "yes"}
    )
    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()
    assert AnnualReportEdition.objects.get().status == "draft"


def test_cover_is_editable_on_a_draft_and_refuses_a_concurrent_change(
    client_for: Any, manager: Any, child: Any
) -> None:
    client = client_for(manager)
    edition = edition_produce(acting_user=manager, year=2022)
    url = "/annual-report/2022/editions/1/cover"
    version = version_from(client, url)
    data = {
        "author": "Sam Okafor, IRO service manager",
        "report_date_day": "14",
        "report_date_month": "5",
        "report_date_year": "2023",
        "audience": "Corporate Parenting Board",
        "reason": "",
        **version,
    }
    assert client.post(url, data).status_code == 302
    edition.refresh_from_db()
    assert edition.author == "Sam Okafor, IRO service manager"
    assert edition.report_date == date(2023, 5, 14)
    stale = client.post(url, {**data, "author": "Another"})
    assert "Someone else changed this record" in stale.content.decode()
    assert AuditEntry.objects.filter(summary__contains="cover changed").count() == 1
    blank = client.post(url, {**version_from(client, url), "audience": ""})
    assert "Enter who the report is for" in blank.content.decode()


def test_documents_of_an_approved_edition(
    client_for: Any, manager: Any, child: Any, tmp_path: Path
) -> None:
    from docx import Document
    from docx.shared import Cm
    from openpyxl import load_workbook

    client = client_for(manager)
    _write(manager)
    edition = edition_approve(
        acting_user=manager, edition=edition_produce(acting_user=manager, year=2022)
    )
    fingerprint = edition.fingerprint

    # PDF: A4, a cover, contents with page numbers, page numbers and the fingerprint on every
    # page, Arial (Liberation Sans, its metric twin, where Arial is not installed): no serif.
    pdf = bytes(edition.pdf)
    info = _pdf_text(pdf, tmp_path, "pdfinfo")
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info)
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    text = _pdf_text(pdf, tmp_path, "pdftotext", "-layout")
    assert "Corporate Parenting Board" in text and "Alex Morgan" in text
    assert "Contents" in text and re.search(r"\d\. Reviews\s*\.+\s*\d+", text)
    for number in range(1, pages + 1):
        assert f"Page {number} of {pages}" in text
    assert text.count(fingerprint) >= pages
    assert "mostly on time" in text and "first point" in text and "plan two" in text
    assert "alert" not in text and "<script>" not in text
    fonts = _pdf_text(pdf, tmp_path, "pdffonts")
    assert "Serif" not in fonts and "Times" not in fonts and "Sans" in fonts

    # Word: A4, Arial, a TOC field, PAGE in the footer, bullets, numbers, bold and a link.
    word = Document(io.BytesIO(bytes(edition.docx)))
    section = word.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.01)
    assert abs(section.page_height - Cm(29.7)) < Cm(0.01)
    with zipfile.ZipFile(io.BytesIO(bytes(edition.docx))) as package:
        body = package.read("word/document.xml").decode()
        footers = "".join(package.read(n).decode() for n in package.namelist() if "footer" in n)
        styles = package.read("word/styles.xml").decode()
    assert "TOC \\o" in body and " PAGE " in footers and " NUMPAGES " in footers
    assert fingerprint in footers
    assert "asciiTheme" not in styles and 'w:ascii="Arial"' in styles
    paragraphs = word.paragraphs
    assert any(p.style.name == "List Bullet" and p.text == "first point" for p in paragraphs)
    assert any(p.style.name == "List Number" and p.text == "plan two" for p in paragraphs)
    assert any(r.bold and r.text == "mostly on time" for p in paragraphs for r in p.runs)
    assert "w:hyperlink" in body and "the IRO Handbook" in body
    assert "alert" not in body and "script" not in body
    headings = [p for p in paragraphs if p.style.name == "Heading 1"]
    assert headings and all(p.style.paragraph_format.keep_with_next for p in headings)
    captions = [p.text for p in paragraphs if p.style.name == "Caption"]
    assert captions and not set(captions) & {s.title for s in SECTIONS}
    assert "\u2013" not in body.split("w:body")[1] or "2022 to 23" in body

    # XLSX: one sheet per table, header frozen, numbers as numbers, percentages formatted.
    book = load_workbook(io.BytesIO(bytes(edition.xlsx)))
    assert len(book.worksheets) == len(edition_report(edition).tables())
    assert all(sheet.freeze_panes == "A2" for sheet in book.worksheets)
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows(min_row=2) for c in row]
    assert any(c.value == 2 and c.data_type == "n" for c in cells)
    assert any(c.value == 0.5 and c.number_format == "0.0%" for c in cells)
    assert fingerprint in book.worksheets[0].oddFooter.left.text

    # The page renders the same Markdown, sanitised.
    page = client.get("/annual-report/2022/editions/1/").content.decode()
    assert '<ul class="govuk-list govuk-list--bullet">' in page and "<li>first point</li>" in page
    assert '<ol class="govuk-list govuk-list--number">' in page
    assert 'href="https://www.gov.uk/government/publications/iro-handbook"' in page
    assert "alert('owned')" not in page


def test_draft_word_file_has_a4_and_legends_in_plain_words(manager: Any, child: Any) -> None:
    report = build_report(2022)
    assert report.labels == ("2020 to 21", "2021 to 22", "2022 to 23")


def _add_comparator(client: Any, **changes: Any) -> Any:
    data = {
        "measure_key": "reviews_in_timescale",
        "year": "2022",
        "group": "england",
        "value": "88.5",
        "source": "DfE, Children looked after in England, table C1",
        "source_date_day": "16",
        "source_date_month": "11",
        "source_date_year": "2023",
        **changes,
    }
    return client.post("/annual-report/comparators/add", data)


def test_comparators_are_entered_validated_audited_and_shown_beside_the_figures(
    client_for: Any, manager: Any, child: Any
) -> None:
    client = client_for(manager)
    too_big = _add_comparator(client, value="120").content.decode()
    assert "A percentage must be between 0 and 100" in too_big
    no_source = _add_comparator(client, source="").content.decode()
    assert "Enter where the figure comes from" in no_source
    count = _add_comparator(client, measure_key="reviews_held", value="4.5").content.decode()
    assert "A count must be a whole number" in count
    assert not Comparator.objects.exists()

    assert _add_comparator(client).status_code == 302
    assert _add_comparator(client, group="region", value="84").status_code == 302
    clash = _add_comparator(client, value="80").content.decode()
    assert "There is already a figure for this comparator" in clash
    assert AuditEntry.objects.filter(object_type="comparator", action="create").count() == 2

    report = build_report(2022)
    reviews = next(s for s in report.sections if s.spec.key == "reviews")
    assert reviews.table is not None
    assert reviews.table.header[-2:] == ["Region 2022 to 23", "England 2022 to 23"]
    row = next(r for r in reviews.table.rows if r[0] == "All reviews in timescale")
    assert row[-2:] == ["84.0%", "88.5%"]
    held = next(r for r in reviews.table.rows if r[0] == "Reviews held")
    assert held[-2:] == ["Not recorded", "Not recorded"]  # nothing invented
    assert reviews.chart_series[-1] == "England 2022 to 23"
    assert reviews.chart is not None
    charted = next(g for g in reviews.chart[1] if g.label == "All reviews in timescale")
    assert charted.values[-2:] == (84.0, 88.5)
    assert "DfE, Children looked after in England, table C1" in report.comparator_sources[0]
    page = client.get("/annual-report/2022/").content.decode()
    assert "England 2022 to 23" in page and "88.5%" in page

    england = Comparator.objects.get(group="england")
    url = f"/annual-report/comparators/{england.pk}/change"
    changed = client.post(
        url,
        {
            "measure_key": "reviews_in_timescale",
            "year": "2022",
            "group": "england",
            "value": "89.0",
            "source": "DfE, table C1 (revised)",
            "source_date_day": "1",
            "source_date_month": "12",
            "source_date_year": "2023",
            **version_from(client, url),
        },
    )
    assert changed.status_code == 302
    england.refresh_from_db()
    assert str(england.value) == "89.0"
    delete = f"/annual-report/comparators/{england.pk}/delete"
    assert "Delete the comparator" in client.get(delete).content.decode()
    assert client.post(delete, {"confirmed": "yes"}).status_code == 302
    assert not Comparator.objects.filter(pk=england.pk).exists()
    assert AuditEntry.objects.filter(object_type="comparator", action="update").exists()
    assert AuditEntry.objects.filter(object_type="comparator", action="delete").exists()


def test_command_writes_the_edition_and_prints_its_fingerprint(
    manager: Any, child: Any, tmp_path: Path
) -> None:
    _write(manager)
    out = io.StringIO()
    path = tmp_path / "report.xlsx"
    call_command("annual_report", year=2022, format="xlsx", output=str(path), stdout=out)
    draft = AnnualReportEdition.objects.get(year=2022)  # no edition: a draft was produced
    assert draft.status == "draft" and path.stat().st_size > 0
    printed = re.search(r"Edition 1 \(draft\).*fingerprint ([0-9a-f]{12})", out.getvalue())
    assert printed
    assert printed.group(1) == edition_report(draft).edition.fingerprint  # type: ignore[union-attr]
    approved = edition_approve(acting_user=manager, edition=draft)
    out = io.StringIO()
    call_command("annual_report", "--year=2022", "--format=docx", f"--output={path}", stdout=out)
    assert "Edition 1 (approved)" in out.getvalue() and approved.fingerprint in out.getvalue()
    assert path.read_bytes() == bytes(approved.docx)
    with pytest.raises(CommandError, match="no edition 7"):
        call_command(
            "annual_report", year=2022, format="pdf", output=str(path), edition=7, stdout=out
        )


@pytest.mark.parametrize("role", [Role.HEAD_OF_SERVICE, Role.AUDITOR, Role.IRO])
def test_only_the_iro_manager_produces_approves_and_enters_comparators(
    client_for: Any, manager: Any, child: Any, role: Role
) -> None:
    edition_produce(acting_user=manager, year=2022)
    client = client_for(role)
    for url in (
        "/annual-report/2022/editions/1/approve",
        "/annual-report/2022/editions/new",
        "/annual-report/2022/editions/1/cover",
        "/annual-report/comparators/add",
    ):
        assert client.post(url, {"confirmed": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(action="denied").count() == 4
    assert AnnualReportEdition.objects.get().status == "draft"
    if role != Role.IRO:
        assert client.get("/annual-report/").status_code == 200
        assert client.get("/annual-report/2022/editions/1/").status_code == 200
        assert client.get("/annual-report/comparators/").status_code == 200


def test_list_and_comparator_pages_issue_a_constant_number_of_queries(
    client_for: Any, manager: Any
) -> None:
    client = client_for(manager)

    def counts() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as listing:
            assert client.get("/annual-report/").status_code == 200
        with CaptureQueriesContext(connection) as comparators:
            assert client.get("/annual-report/comparators/").status_code == 200
        return len(listing), len(comparators)

    def add(year: int) -> None:
        Comparator.objects.create(
            measure_key="reviews_held",
            year=year,
            group="england",
            value=10,
            source="DfE",
            source_date=date(2024, 1, 1),
            updated_by=manager,
        )
        for number in (1, 2):
            AnnualReportEdition.objects.create(
                year=year,
                number=number,
                status="superseded" if number == 1 else "approved",
                author="A",
                report_date=date(2024, 1, 1),
                created_by=manager,
                approved_by=manager,
            )

    add(2022)
    counts()  # warm the per-process caches (council settings, session)
    small = counts()
    for year in (2023, 2024, 2021):
        add(year)
    assert counts() == small
