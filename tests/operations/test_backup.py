"""A backup restores into a new database with the audit chain intact and the same figures.

On PostgreSQL (make test's second run) this is the documented pg_dump / pg_restore procedure of
docs/operations.md; on SQLite, the online backup copy."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from iro.seeding.demo import load_demo

ROOT = Path(__file__).resolve().parents[2]
AS_OF = date(2026, 11, 2)
FIGURES = ["scorecard", "--from", "2025-04-01", "--to", "2026-03-31", "--format", "json"]


def _run(database_url: str, *args: str) -> str:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url,
    }
    completed = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


def _here(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_backup_restores_with_the_audit_chain_and_figures_unchanged(tmp_path: Path) -> None:
    load_demo(as_of=AS_OF, children=30, seed=11)
    figures_before = _here(*FIGURES)
    schedule_before = _here("review_schedule", "--as-of", AS_OF.isoformat(), "--format", "csv")
    # Last before the backup: reading the figures above writes audit entries of its own.
    audit_before = _here("verify_audit")
    backup = tmp_path / "iro.dump"
    call_command("backup", str(backup), stdout=StringIO())
    assert backup.stat().st_size > 0

    db = connection.settings_dict
    if connection.vendor == "postgresql":
        restored = f"restore_{uuid.uuid4().hex[:10]}"
        base = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}"
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{restored}"')
        try:
            subprocess.run(
                [
                    shutil.which("pg_restore") or "pg_restore",
                    "--no-owner",
                    "--exit-on-error",
                    "--host",
                    str(db["HOST"]),
                    "--port",
                    str(db["PORT"]),
                    "--username",
                    str(db["USER"]),
                    "--dbname",
                    restored,
                    str(backup),
                ],
                check=True,
                capture_output=True,
            )
            url = f"{base}/{restored}"
            audit_after = _run(url, "verify_audit")
            figures_after = _run(url, *FIGURES)
            schedule_after = _run(
                url, "review_schedule", "--as-of", AS_OF.isoformat(), "--format", "csv"
            )
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')
    else:
        url = f"sqlite:///{backup}"
        audit_after = _run(url, "verify_audit")
        figures_after = _run(url, *FIGURES)
        schedule_after = _run(
            url, "review_schedule", "--as-of", AS_OF.isoformat(), "--format", "csv"
        )

    assert "The audit trail is intact" in audit_after
    assert audit_after == audit_before  # same number of entries and the same newest hash
    # Compared as data: the order of keys within a measure is not part of its figure.
    assert json.loads(figures_after) == json.loads(figures_before)
    assert schedule_after == schedule_before


@pytest.mark.django_db
def test_backup_refuses_to_overwrite_a_file(tmp_path: Path) -> None:
    existing = tmp_path / "old.dump"
    existing.write_text("yesterday's backup")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(existing))
    assert existing.read_text() == "yesterday's backup"
