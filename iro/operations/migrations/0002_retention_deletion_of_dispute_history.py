"""Dispute history stays append-only on PostgreSQL, except for the one sanctioned deletion: a
child's records at the end of the retention period (iro.operations.retention), which sets
iro.retention_deletion for its own transaction only."""

from typing import Any

from django.db import migrations

ALLOW_RETENTION_DELETION = """
CREATE OR REPLACE FUNCTION disputes_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('iro.retention_deletion', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'dispute records are append-only: % on % refused', TG_OP, TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""

REFUSE_ALWAYS = """
CREATE OR REPLACE FUNCTION disputes_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'dispute records are append-only: % on % refused', TG_OP, TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ALLOW_RETENTION_DELETION, params=None)


def backwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REFUSE_ALWAYS, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("operations", "0001_scheduled_runs_and_heartbeat"),
        ("disputes", "0003_event_history_trigger"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
