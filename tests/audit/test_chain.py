"""The audit trail is tamper-evident: `verify_audit` names any altered, removed or reordered
entry; on PostgreSQL the database itself refuses UPDATE and DELETE on the table."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from iro.audit.guard import unguarded
from iro.audit.models import AuditChangeRefused, AuditEntry
from iro.audit.services import audit_record
from iro.audit.verify import chain_problems

pytestmark = pytest.mark.django_db

TABLE = AuditEntry._meta.db_table


@pytest.fixture
def trail() -> list[AuditEntry]:
    return [
        audit_record(
            actor=None,
            action="update",
            object_type="child",
            object_id=n,
            child_id=n,
            summary=f"change {n}",
            changes={"placement": ["U4", f"U{n}"]},
        )
        for n in range(1, 6)
    ]


@contextmanager
def tampering() -> Iterator[Any]:
    """A raw cursor that can rewrite the table: on PostgreSQL, with the trigger switched off
    inside this test's transaction (rolled back with it)."""
    with connection.cursor() as cursor, unguarded():
        if connection.vendor == "postgresql":
            # Run the deferred foreign-key checks first: ALTER TABLE refuses while they wait.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER audit_entry_append_only")
        yield cursor
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER audit_entry_append_only")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def verify() -> tuple[bool, str]:
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("verify_audit", stdout=out, stderr=err)
    except CommandError as error:
        return False, err.getvalue() + str(error)
    return True, out.getvalue()


def test_an_untouched_trail_verifies(trail: list[AuditEntry]) -> None:
    ok, output = verify()
    assert ok, output
    assert "intact: 5 entries" in output


def test_an_entry_edited_in_the_database_is_named(trail: list[AuditEntry]) -> None:
    target = trail[2]
    with tampering() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET summary = %s WHERE id = %s", ["nothing", target.pk])
    ok, output = verify()
    assert not ok
    assert f"Entry {target.pk} has been altered" in output
    assert [p.entry_id for p in chain_problems()] == [target.pk]


def test_an_edited_json_change_is_named(trail: list[AuditEntry]) -> None:
    target = trail[1]
    with tampering() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET changes = %s WHERE id = %s",
            ['{"placement": ["U4", "R1"]}', target.pk],
        )
    ok, output = verify()
    assert not ok
    assert f"Entry {target.pk} has been altered" in output


def test_an_entry_altered_and_rehashed_breaks_the_next_link(trail: list[AuditEntry]) -> None:
    from iro.audit.services import entry_digest

    target = trail[1]
    forged = AuditEntry.objects.get(pk=target.pk)
    forged.summary = "forged"
    new_hash = entry_digest(forged)
    with tampering() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET summary = %s, entry_hash = %s WHERE id = %s",
            ["forged", new_hash, target.pk],
        )
    ok, output = verify()
    assert not ok
    assert f"entry {target.pk} has been altered and re-hashed" in output


def test_a_deleted_entry_is_named(trail: list[AuditEntry]) -> None:
    target = trail[2]
    with tampering() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE id = %s", [target.pk])
    ok, output = verify()
    assert not ok
    assert f"removed (missing: {target.pk})" in output
    assert [(p.kind, p.entry_id) for p in chain_problems()] == [("removed", trail[3].pk)]


def test_deleting_the_first_entry_is_detected(trail: list[AuditEntry]) -> None:
    with tampering() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE id = %s", [trail[0].pk])
    ok, output = verify()
    assert not ok
    assert "removed" in output


def test_reordered_entries_are_detected(trail: list[AuditEntry]) -> None:
    a, b = trail[1], trail[2]
    with tampering() as cursor:  # swap the two rows' places in the sequence
        cursor.execute(f"UPDATE {TABLE} SET id = %s WHERE id = %s", [-1, a.pk])
        cursor.execute(f"UPDATE {TABLE} SET id = %s WHERE id = %s", [a.pk, b.pk])
        cursor.execute(f"UPDATE {TABLE} SET id = %s WHERE id = %s", [b.pk, -1])
    ok, output = verify()
    assert not ok
    assert "out of order" in output
    assert {p.kind for p in chain_problems()} == {"reordered"}


def test_the_model_refuses_to_change_or_delete_an_entry(trail: list[AuditEntry]) -> None:
    entry = trail[0]
    entry.summary = "changed"
    with pytest.raises(AuditChangeRefused):
        entry.save()
    with pytest.raises(AuditChangeRefused):
        entry.delete()
    with pytest.raises(AuditChangeRefused):
        AuditEntry.objects.filter(pk=entry.pk).update(summary="changed")
    with pytest.raises(AuditChangeRefused):
        AuditEntry.objects.all().delete()
    assert verify()[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL only")
@pytest.mark.parametrize(
    "statement",
    [f"UPDATE {TABLE} SET summary = 'x' WHERE id = %s", f"DELETE FROM {TABLE} WHERE id = %s"],
)
def test_postgresql_trigger_refuses_update_and_delete(
    trail: list[AuditEntry], statement: str
) -> None:
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement, [trail[0].pk])
    assert AuditEntry.objects.filter(pk=trail[0].pk, summary="change 1").exists()


def test_entries_cut_from_the_end_are_caught_against_a_recorded_head(
    trail: list[AuditEntry],
) -> None:
    _ok, output = verify()
    assert f"Newest entry's hash: {trail[-1].entry_hash}" in output
    with tampering() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE id >= %s", [trail[3].pk])
    assert not list(chain_problems())  # the chain alone cannot see a cut end...
    from io import StringIO

    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "verify_audit", "--expect-head", trail[-1].entry_hash, stdout=StringIO(), stderr=err
        )
    assert "removed from the end" in err.getvalue()  # ...but the recorded head can
