"""Records of pressure on independence (issue 21 item 3): seen only by the IRO who made them,
the IRO service manager and the independent officer named in the settings; never by
operational roles or the head of service; append-only; every read and write audited."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from iro.accounts.roles import Role
from iro.accounts.services import user_create
from iro.audit.models import AuditEntry
from iro.disputes.models import AppendOnlyError
from iro.independence.models import IndependenceSettings, PressureRecord
from iro.independence.recurring import independence_settings
from iro.independence.services import pressure_note_add, pressure_record_add
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(make_iro: Any) -> PressureRecord:
    priya = make_iro("Priya Shah")
    return pressure_record_add(
        acting_user=priya.user,
        iro=priya,
        occurred_on=date(2026, 11, 2),
        who="Service manager, Team A",
        what="Said my career would suffer if I referred to Cafcass",
    )


def _officer(make_user: Any) -> Any:
    officer = make_user(Role.AUDITOR, first_name="Mona", last_name="Officer")
    row = independence_settings()
    row.independent_officer = officer
    row.full_clean()
    row.save()
    return officer


def _both(make_user: Any) -> Any:
    return user_create(
        username="both",
        password=TEST_PASSWORD,
        first_name="Mixed",
        last_name="Roles",
        roles=[Role.IRO_MANAGER, Role.OPERATIONAL],
    )


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("own_iro", True),
        ("other_iro", False),
        ("iro_manager", True),
        ("named_officer", True),
        ("auditor_not_named", False),
        ("social_worker", False),
        ("team_manager", False),
        ("head_of_service", False),
        ("manager_also_operational", False),
    ],
)
def test_who_may_read_a_record(
    who: str, allowed: bool, record: PressureRecord, make_iro: Any, make_user: Any, client: Any
) -> None:
    readers = {
        "own_iro": lambda: record.recorded_by,
        "other_iro": lambda: make_iro("Quinn Adams").user,
        "iro_manager": lambda: make_user(Role.IRO_MANAGER),
        "named_officer": lambda: _officer(make_user),
        "auditor_not_named": lambda: make_user(Role.AUDITOR),
        "social_worker": lambda: make_user(Role.OPERATIONAL),
        "team_manager": lambda: make_user(Role.OPERATIONAL, job_title="Team manager"),
        "head_of_service": lambda: make_user(Role.HEAD_OF_SERVICE),
        "manager_also_operational": lambda: _both(make_user),
    }
    user = readers[who]()
    client.force_login(user)
    detail = client.get(f"/independence-pressure/{record.pk}/")
    listing = client.get("/independence-pressure/")
    if allowed:
        assert detail.status_code == 200
        assert "career would suffer" in detail.content.decode()
        assert "Service manager, Team A" in listing.content.decode()
        assert AuditEntry.objects.filter(
            actor=user, object_type="pressure_record", object_id=str(record.pk)
        ).exists()
    else:
        assert detail.status_code == 403
        assert "career would suffer" not in detail.content.decode()
        assert "Service manager, Team A" not in listing.content.decode()
        assert AuditEntry.objects.filter(actor=user, action="denied").exists()


def test_the_named_officer_may_not_be_operational_or_head_of_service(make_user: Any) -> None:
    row = independence_settings()
    for role in (Role.OPERATIONAL, Role.HEAD_OF_SERVICE):
        row.independent_officer = make_user(role)
        with pytest.raises(ValidationError, match="not a social worker"):
            row.full_clean()


def test_an_iro_records_and_adds_a_note_through_the_pages(make_iro: Any, client: Any) -> None:
    priya = make_iro("Priya Shah")
    client.force_login(priya.user)
    # Nothing entered: each field's own error, nothing saved.
    page = client.post("/independence-pressure/new", {}).content.decode()
    assert "Enter who put pressure on you" in page and "Enter what happened" in page
    assert not PressureRecord.objects.exists()
    response = client.post(
        "/independence-pressure/new",
        {
            "occurred_on_day": "2",
            "occurred_on_month": "11",
            "occurred_on_year": "2026",
            "who": "Head of service",
            "what": "Asked me to stop a dispute",
        },
    )
    assert response.status_code == 302
    record = PressureRecord.objects.get()
    assert AuditEntry.objects.filter(
        actor=priya.user, action="create", object_type="pressure_record"
    ).exists()
    # The audit says a record was made, never what it says.
    assert "stop a dispute" not in str(list(AuditEntry.objects.values()))
    response = client.post(
        f"/independence-pressure/{record.pk}/note",
        {
            "occurred_on_day": "3",
            "occurred_on_month": "11",
            "occurred_on_year": "2026",
            "what": "It happened again",
        },
    )
    assert response.status_code == 302
    note = PressureRecord.objects.get(addition_to=record)
    assert note.what == "It happened again"
    record.refresh_from_db()
    assert record.what == "Asked me to stop a dispute"  # the first record is unchanged


def test_only_the_iro_who_made_it_adds_to_it(record: PressureRecord, make_user: Any) -> None:
    manager = make_user(Role.IRO_MANAGER)
    from iro.accounts.access import ObjectDenied

    with pytest.raises(ObjectDenied):
        pressure_note_add(
            acting_user=manager, record=record, occurred_on=date(2026, 11, 3), what="x"
        )


def test_records_are_append_only(record: PressureRecord) -> None:
    record.what = "rewritten"
    with pytest.raises(AppendOnlyError):
        record.save()
    with pytest.raises(AppendOnlyError):
        record.delete()
    with pytest.raises(AppendOnlyError):
        PressureRecord.objects.filter(pk=record.pk).update(what="rewritten")
    with pytest.raises(AppendOnlyError):
        PressureRecord.objects.all().delete()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE independence_pressurerecord SET what = 'rewritten' WHERE id = %s",
        "DELETE FROM independence_pressurerecord WHERE id = %s",
    ],
)
def test_postgresql_refuses_raw_changes(record: PressureRecord, sql: str) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [record.pk])
    record.refresh_from_db()
    assert record.what.startswith("Said my career")


def test_settings_row_is_one(db: Any) -> None:
    assert independence_settings().pk == independence_settings().pk
    assert IndependenceSettings.objects.count() == 1
