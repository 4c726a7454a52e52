"""The audit chain's head is anchored outside the entries table and published by verify_audit;
both databases guard the tables; request ids are the server's; child-level reads are audited;
failed sign-ins for unknown usernames are counted, not each stored."""

from __future__ import annotations

from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.test import override_settings

from iro.accounts.roles import Role
from iro.audit.guard import unguarded
from iro.audit.models import AuditEntry, AuditHead, FailedSignInCount
from iro.audit.services import audit_record, entry_digest
from iro.audit.verify import head_problems

pytestmark = pytest.mark.django_db
TABLE = AuditEntry._meta.db_table
HEAD = AuditHead._meta.db_table


def _trail(n: int = 5) -> list[AuditEntry]:
    return [
        audit_record(actor=None, action="update", object_type="child", summary=f"change {i}")
        for i in range(n)
    ]


def _verify() -> tuple[bool, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("verify_audit", stdout=out, stderr=err)
    except CommandError as error:
        return False, err.getvalue() + str(error)
    return True, out.getvalue()


def _raw(sql: str, params: list[Any]) -> None:
    """Rewrite the tables as someone with direct database access would (guards off)."""
    with connection.cursor() as cursor, unguarded():
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER audit_entry_append_only")
            cursor.execute(f"ALTER TABLE {HEAD} DISABLE TRIGGER audit_head_guard")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER audit_entry_append_only")
            cursor.execute(f"ALTER TABLE {HEAD} ENABLE TRIGGER audit_head_guard")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def test_every_write_moves_the_head() -> None:
    trail = _trail(3)
    head = AuditHead.objects.get()
    assert (head.entry_id, head.entry_hash, head.entries) == (
        trail[-1].pk,
        trail[-1].entry_hash,
        3,
    )


def test_entries_cut_from_the_end_are_caught_without_a_hash_given() -> None:
    trail = _trail()
    _raw(f"DELETE FROM {TABLE} WHERE id >= %s", [trail[3].pk])
    ok, output = _verify()
    assert not ok
    assert f"entry {trail[-1].pk}) is missing" in output


def test_an_entry_edited_and_the_whole_chain_rehashed_is_caught() -> None:
    trail = _trail()
    previous = trail[1].previous_hash
    for entry in trail[1:]:  # forge entry 1 and re-hash every entry after it
        forged = AuditEntry.objects.get(pk=entry.pk)
        if entry.pk == trail[1].pk:
            forged.summary = "forged"
        forged.previous_hash = previous
        new_hash = entry_digest(forged)
        _raw(
            f"UPDATE {TABLE} SET summary = %s, previous_hash = %s, entry_hash = %s WHERE id = %s",
            [forged.summary, previous, new_hash, entry.pk],
        )
        previous = new_hash
    ok, output = _verify()
    assert not ok
    assert "altered and the chain re-hashed" in output


@pytest.mark.parametrize(
    "statement",
    [
        f"UPDATE {TABLE} SET summary = 'x' WHERE id = %s",
        f"DELETE FROM {TABLE} WHERE id = %s",
        f"UPDATE {HEAD} SET entry_id = %s",
        f"DELETE FROM {HEAD} WHERE entry_id >= %s",
    ],
)
def test_both_databases_guard_the_entries_and_the_head(statement: str) -> None:
    trail = _trail(2)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, [trail[0].pk])
    assert AuditEntry.objects.count() == 2
    assert AuditHead.objects.get().entry_id == trail[-1].pk


def test_the_head_cannot_point_at_an_entry_with_another_hash() -> None:
    trail = _trail(2)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {HEAD} SET entry_id = %s, entry_hash = 'f00'", [trail[-1].pk + 1])


def test_verify_publishes_the_head_and_checks_the_trail_against_it(tmp_path: Path) -> None:
    published = tmp_path / "audit-head.log"
    trail = _trail()
    with override_settings(AUDIT_HEAD_FILE=str(published)):
        ok, output = _verify()
        assert ok, output
        assert f"hash={trail[-1].entry_hash}" in published.read_text()
        # Someone with database access cuts the end and moves the head back to match.
        _raw(f"DELETE FROM {TABLE} WHERE id >= %s", [trail[3].pk])
        _raw(
            f"UPDATE {HEAD} SET entry_id = %s, entry_hash = %s, entries = 3",
            [trail[2].pk, trail[2].entry_hash],
        )
        assert not head_problems()
        ok, output = _verify()
    assert not ok
    assert "The head published earlier" in output


def test_a_client_sent_request_id_is_not_stored(client: Any, make_user: Any) -> None:
    make_user(Role.IRO, username="priya")
    response = client.post(
        "/sign-in",
        {"username": "priya", "password": "correct-horse-battery-staple"},
        HTTP_X_REQUEST_ID="attacker-chosen-id-123",
    )
    entry = AuditEntry.objects.filter(action="sign_in").latest("id")
    assert entry.request_id and entry.request_id != "attacker-chosen-id-123"
    assert response["X-Request-ID"] == entry.request_id


def test_failed_sign_ins_for_unknown_usernames_are_counted_not_stored(client: Any) -> None:
    before = AuditEntry.objects.count()
    for _ in range(7):
        client.post("/sign-in", {"username": "nobody-here", "password": "x"})
    client.post("/sign-in", {"username": "someone-else", "password": "x"})
    assert AuditEntry.objects.count() == before
    counts = {c.username: c.failures for c in FailedSignInCount.objects.all()}
    assert counts == {"nobody-here": 7, "someone-else": 1}
    assert FailedSignInCount.objects.filter(username="nobody-here").count() == 1


def test_reading_child_level_lists_is_audited(
    client_for: Any, make_child: Any, make_iro: Any
) -> None:
    make_child(iro=make_iro())
    client = client_for(Role.IRO_MANAGER)
    checks = [
        ("/children/?q=Sam", "children_register"),
        ("/voice/feedback/", "feedback_list"),
        (
            "/scorecard/measures/reviews_in_timescale?from=2022-04-01&to=2023-03-31",
            "drill_down",
        ),
        (
            "/scorecard/measures/reviews_in_timescale?from=2022-04-01&to=2023-03-31&format=csv",
            "drill_down",
        ),
    ]
    for url, object_type in checks:
        before = AuditEntry.objects.filter(object_type=object_type).count()
        response = client.get(url)
        assert response.status_code == 200, url
        assert AuditEntry.objects.filter(object_type=object_type).count() == before + 1, url
    exported = AuditEntry.objects.filter(object_type="drill_down").latest("id")
    assert exported.action == "export" and "downloaded as CSV" in exported.summary
    search = AuditEntry.objects.filter(object_type="children_register").latest("id")
    assert search.changes["filters"]["q"] == "Sam"


def test_903_upload_and_its_reports_are_audited(client_for: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.ssda903.builders import YEAR_2023

    client = client_for(Role.IRO_MANAGER)
    files = [
        SimpleUploadedFile(name, ("\n".join(rows) + "\n").encode(), content_type="text/csv")
        for name, rows in YEAR_2023.items()
    ]
    client.post("/imports/upload/", {"year": "2023", "csv_files": files})
    upload = AuditEntry.objects.filter(object_type="ssda903_import", action="import").latest("id")
    assert "uploaded for checking" in upload.summary
    run_id = upload.object_id
    client.get(f"/imports/{run_id}/")
    b"".join(client.get(f"/imports/{run_id}/report.csv").streaming_content)
    reads = AuditEntry.objects.filter(object_type="ssda903_import", object_id=run_id)
    assert {e.action for e in reads} >= {"import", "view", "export"}


def test_review_schedule_command_is_audited() -> None:
    call_command("review_schedule", "--as-of", date(2025, 1, 1).isoformat(), stdout=StringIO())
    assert AuditEntry.objects.filter(object_type="review_schedule", action="export").exists()
