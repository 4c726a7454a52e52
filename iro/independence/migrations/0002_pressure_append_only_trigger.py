"""On PostgreSQL the database itself refuses to change or remove a record of pressure on an
IRO's independence (the pattern of disputes' 0003_event_history_trigger)."""

from typing import Any

from django.db import migrations

TABLE = "independence_pressurerecord"

CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION independence_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'records of pressure are append-only: % on % refused', TG_OP, TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""


def add_trigger(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_FUNCTION, params=None)
    schema_editor.execute(
        f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
        "FOR EACH ROW EXECUTE FUNCTION independence_refuse_change();"
    )


def remove_trigger(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE};")
    schema_editor.execute("DROP FUNCTION IF EXISTS independence_refuse_change();")


class Migration(migrations.Migration):
    dependencies = [("independence", "0001_pressure_records_and_settings")]

    operations = [migrations.RunPython(add_trigger, remove_trigger)]
