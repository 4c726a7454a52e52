"""Every CSV and XLSX the product writes goes through one writer that neutralises formulas.

A hostile value (starting =, +, -, @, tab or carriage return) is written into every text field
of every record, then each export a user or a command can produce is opened and every cell
checked: no CSV cell starts a formula, no XLSX cell is a formula.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date
from itertools import cycle
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import DatabaseError, models, transaction
from django.db.models.functions import Cast, Concat, Left
from django.urls import reverse
from openpyxl import load_workbook

from iro.accounts.models import User
from iro.audit.models import AuditEntry
from iro.audit.services import audit_record
from iro.children.models import Child
from iro.core import tabular
from iro.disputes.models import AppendOnlyError
from iro.reporting.arithmetic import financial_year
from iro.reporting.scorecard import measures_for
from iro.ssda903.models import ImportIssue, ImportRun

AS_OF = date(2026, 11, 23)
PREFIXES = ["=", "+", "-", "@", "\t", "\r"]
PAYLOAD = 'HYPERLINK("http://evil.example","x")'
# Fields that name a code the product looks up (not free text anyone types), or that sign in.
SKIP_FIELDS = {("accounts", "user", "password")}


def test_safe_cell_neutralises_every_formula_start_and_keeps_numbers() -> None:
    for prefix in PREFIXES:
        assert tabular.safe_cell(prefix + "1+1") == "'" + prefix + "1+1"
    assert tabular.safe_cell(-3) == -3
    assert tabular.safe_cell("-3") == "-3"
    assert tabular.safe_cell("-12.5") == "-12.5"
    assert tabular.safe_cell("-1+1") == "'-1+1"
    assert tabular.safe_cell("Plain words") == "Plain words"
    assert tabular.safe_cell(None) == ""
    assert tabular.safe_cell(date(2025, 3, 27)) == "2025-03-27"


def test_xlsx_cells_are_never_formulas() -> None:
    data = tabular.write_xlsx([tabular.Sheet("A: table?", ["=h"], [["=1+1", -4, "@x", "ok"]])])
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    assert sheet["A2"].value == "=1+1" and sheet["A2"].quotePrefix
    assert sheet["B2"].value == -4


def _poison_every_text_field() -> int:
    """Write a hostile value into every free-text field of every record; returns fields hit."""
    prefixes = cycle(PREFIXES)
    hit = 0
    for model in apps.get_models():
        if not model.__module__.startswith("iro.") or model is AuditEntry:
            continue
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField):
                continue
            if field.choices or field.primary_key:
                continue
            if (model._meta.app_label, model._meta.model_name, field.name) in SKIP_FIELDS:
                continue
            prefix = next(prefixes)
            if prefix == "-":
                prefix = "-x"  # a bare minus and digits would be a number, not a formula
            length = field.max_length or 200
            if field.unique or _in_unique_together(model, field.name):
                value: Any = Left(
                    Concat(models.Value(prefix), Cast("pk", models.CharField())), length
                )
            else:
                value = (prefix + PAYLOAD)[:length]
            if model._default_manager.exists():
                try:
                    with transaction.atomic():
                        models.QuerySet(model).update(**{field.name: value})
                except (DatabaseError, AppendOnlyError):
                    break  # an append-only history: its rows are written once, never changed
                hit += 1
    return hit


def _in_unique_together(model: type[models.Model], name: str) -> bool:
    groups = list(model._meta.unique_together) + [
        c.fields for c in model._meta.constraints if isinstance(c, models.UniqueConstraint)
    ]
    return any(name in group for group in groups)


def _assert_csv_safe(text: str, where: str) -> int:
    """Every cell safe; returns how many cells carried a neutralised hostile value."""
    neutralised = 0
    for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))):
        for cell in row:
            assert not tabular.is_formula(cell), f"{where}: formula cell {cell!r}"
            neutralised += cell.startswith("'")
    return neutralised


def _assert_xlsx_safe(data: bytes, where: str) -> int:
    neutralised = 0
    for sheet in load_workbook(io.BytesIO(data)).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{where}: formula cell {cell.value!r}"
                if isinstance(cell.value, str) and tabular.is_formula(cell.value):
                    assert cell.quotePrefix, f"{where}: unprotected {cell.value!r}"
                    neutralised += 1
    return neutralised


def _body(response: Any) -> bytes:
    assert response.status_code == 200, response
    if response.streaming:
        return b"".join(response.streaming_content)
    return bytes(response.content)


@pytest.mark.django_db(transaction=False)
def test_every_export_neutralises_a_hostile_value_in_every_text_field(client: Any) -> None:
    from iro.seeding.demo import load_demo

    load_demo(as_of=AS_OF, children=30, seed=7)
    # Failed sign-ins put the typed username into the audit trail's actor column.
    client.post(reverse("accounts:sign_in"), {"username": "=cmd|'/C calc'!A0", "password": "x"})
    audit_record(actor="@SUM(1+1)", action="export", object_type="test", summary="-2+3")
    run = ImportRun.objects.create(year=2026)
    ImportIssue.objects.create(
        run=run, severity="error", file="=a.csv", column="+col", value="@v", problem="-1+1"
    )
    manager = User.objects.get(username="manager")
    assert _poison_every_text_field() > 30
    client.force_login(manager)
    year = financial_year(2025)
    found: dict[str, int] = {}

    for fmt in ("csv", "xlsx"):
        for name, url in (
            ("scorecard", reverse("reporting:scorecard_export")),
            ("monthly", reverse("reporting:scorecard_monthly")),
        ):
            data = _body(client.get(url, {"year": 2025, "format": fmt}))
            found[f"{name}.{fmt}"] = (
                _assert_csv_safe(data.decode(), name)
                if fmt == "csv"
                else _assert_xlsx_safe(data, name)
            )
    drill_url = reverse("reporting:scorecard") + "measures/"
    drilled = 0
    for measure in measures_for(year):
        for part in ("numerator", "denominator"):
            response = client.get(
                f"{drill_url}{measure.key}",
                {"from": year.date_from, "to": year.date_to, "part": part, "format": "csv"},
            )
            if response.status_code == 404:
                continue  # no list of records stands behind this figure
            drilled += _assert_csv_safe(_body(response).decode(), f"drill-down {measure.key}")
    found["drill-downs"] = drilled
    report = reverse("reporting:annual_report_download", kwargs={"year": 2025, "fmt": "xlsx"})
    found["annual report"] = _assert_xlsx_safe(_body(client.get(report)), "annual report")
    found["audit"] = _assert_csv_safe(
        _body(client.get(reverse("audit:export"))).decode(), "audit trail"
    )
    found["903 report"] = _assert_csv_safe(
        _body(client.get(reverse("ssda903:report_csv", kwargs={"pk": run.pk}))).decode(), "903"
    )
    child = Child.objects.order_by("pk").first()
    assert child is not None
    archive = zipfile.ZipFile(
        io.BytesIO(
            _body(client.get(reverse("children:subject_access_export", kwargs={"pk": child.pk})))
        )
    )
    found["subject access"] = sum(
        _assert_csv_safe(archive.read(n).decode(), n)
        for n in archive.namelist()
        if n.endswith("csv")
    )

    for command, args in (
        ("export_reviews", ["--from", "2025-04-01", "--to", "2026-03-31", "--as-of", "2026-11-23"]),
        ("review_schedule", ["--as-of", "2026-11-23"]),
        ("export_disputes", ["--from", "2025-04-01", "--to", "2026-11-23"]),
        ("scorecard", ["--from", "2025-04-01", "--to", "2026-03-31", "--format", "csv"]),
        ("retention_review", ["--as-of", "2026-11-23"]),
    ):
        out = io.StringIO()
        call_command(command, *args, stdout=out, stderr=io.StringIO())
        found[command] = _assert_csv_safe(out.getvalue(), command)

    # The hostile values really reached the exports that carry free text.
    for name in (
        "drill-downs",
        "annual report",
        "audit",
        "903 report",
        "subject access",
        "export_reviews",
        "review_schedule",
        "export_disputes",
    ):
        assert found[name] > 0, f"{name} carried no hostile value: {found}"
