"""Subject access: everything held about a child as a ZIP of a PDF and CSVs (found through the
child's relations, so new apps' records are included); retention review by birthday."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command

from iro.accounts.data_protection import child_tables, retention_review_date
from iro.accounts.roles import Role
from iro.audit.models import AuditEntry
from iro.children.models import Child
from iro.core.council import council_settings

pytestmark = pytest.mark.django_db


def _zip(response: Any) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_a_manager_exports_everything_held_about_a_child(
    client_for: Any, make_user: Any, make_child: Any, make_iro: Any
) -> None:
    child = make_child(la_child_id="S0001", iro=make_iro(), first_name="Ada", last_name="Lane")
    make_child(la_child_id="S0002")  # someone else's records stay out
    manager = make_user(Role.IRO_MANAGER)
    response = client_for(manager).get(f"/children/{child.pk}/subject-access-export")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert 'filename="subject-access-S0001.zip"' in response["Content-Disposition"]
    archive = _zip(response)
    names = set(archive.namelist())
    assert "child-S0001.pdf" in names
    for table in (
        "children-child.csv",
        "children-periodofcare.csv",
        "children-episode.csv",
        "children-iroallocation.csv",
        "reviews-review.csv",
        "audit-auditentry.csv",
    ):
        assert table in names
    assert archive.read("child-S0001.pdf").startswith(b"%PDF")
    children = list(csv.DictReader(io.StringIO(archive.read("children-child.csv").decode())))
    assert [c["la_child_id"] for c in children] == ["S0001"]
    episodes = list(csv.DictReader(io.StringIO(archive.read("children-episode.csv").decode())))
    assert episodes and {e["child_id"] for e in episodes} == {str(child.pk)}
    audit = list(csv.DictReader(io.StringIO(archive.read("audit-auditentry.csv").decode())))
    assert {a["child_id"] for a in audit} == {str(child.pk)}
    assert AuditEntry.objects.filter(action="export", child_id=child.pk, actor=manager).exists()


# Every kind of record about a child today, written out by hand: the export must keep them all.
CHILD_RECORDS = {
    "children-child", "children-periodofcare", "children-episode", "children-iroallocation",
    "children-socialworkerepisode", "reviews-review", "reviews-recommendation",
    "reviews-convening", "monitoring-oversightrecord", "monitoring-dipsample",
    "disputes-dispute", "disputes-cafcassreferral", "disputes-legaladvicerecord",
    "disputes-goodpracticealert", "voice-consultation", "voice-advocacyreferral",
    "voice-independentvisitorrecord", "audit-auditentry",
}  # fmt: skip


def test_related_records_are_found_through_the_childs_relations(make_child: Any) -> None:
    child = make_child()
    names = {t.name for t in child_tables(child)}
    assert names >= CHILD_RECORDS
    # A new app's model with a foreign key to the child is included without being listed
    # (found here from the models' own fields, not as the export finds them).
    pointing_at_child = {
        model._meta.label_lower.replace(".", "-")
        for model in apps.get_models()
        for f in model._meta.get_fields()
        if f.concrete and getattr(f, "related_model", None) is Child
    }
    assert pointing_at_child <= names


@pytest.mark.parametrize("role", [Role.IRO, Role.AUDITOR, Role.ADMINISTRATOR, Role.HEAD_OF_SERVICE])
def test_only_managers_can_export(client_for: Any, make_child: Any, role: Role) -> None:
    child = make_child()
    assert client_for(role).get(f"/children/{child.pk}/subject-access-export").status_code == 403


def test_retention_review_date_is_the_75th_birthday_by_default() -> None:
    assert council_settings().retention_years_after_birth == 75
    assert retention_review_date(date(2010, 4, 1), 75) == date(2085, 4, 1)


def test_retention_review_lists_records_past_the_75th_birthday(
    make_child: Any, capsys: Any
) -> None:
    make_child(la_child_id="OLD1", date_of_birth=date(1950, 1, 10), start_date=date(1960, 1, 4))
    make_child(la_child_id="EDGE", date_of_birth=date(1951, 6, 1), start_date=date(1960, 1, 4))
    make_child(la_child_id="YOUNG", date_of_birth=date(2012, 3, 14))
    call_command("retention_review", "--as-of", "2026-06-01")
    out = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(out.out)))
    assert [r["child_id"] for r in rows] == ["OLD1", "EDGE"]
    assert rows[0]["review_due"] == "2025-01-10"
    assert "2 record(s) due" in out.err
    call_command("retention_review", "--as-of", "2026-05-31", "--dry-run")
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["child_id"] for r in rows] == ["OLD1"]


def test_retention_period_is_the_councils_setting(make_child: Any, capsys: Any) -> None:
    settings_row = council_settings()
    settings_row.retention_years_after_birth = 25
    settings_row.save()
    make_child(la_child_id="YOUNGISH", date_of_birth=date(2000, 1, 1), start_date=date(2010, 1, 4))
    call_command("retention_review", "--as-of", "2026-01-01")
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["child_id"] for r in rows] == ["YOUNGISH"]


def test_retention_review_rejects_a_bad_date() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="real date"):
        call_command("retention_review", "--as-of", "2026-02-31")
