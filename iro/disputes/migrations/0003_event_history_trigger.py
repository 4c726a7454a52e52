"""On PostgreSQL, the database itself refuses to change or remove a dispute's history."""

from typing import Any

from django.db import migrations

TABLES = (
    "disputes_disputeevent",
    "disputes_cafcassreferral",
    "disputes_legaladvicerecord",
    "disputes_goodpracticealert",
)

CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION disputes_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'dispute records are append-only: % on % refused', TG_OP, TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""


def add_triggers(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    # No parameters: the function body's % placeholders are PL/pgSQL's, not the driver's.
    schema_editor.execute(CREATE_FUNCTION, params=None)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION disputes_refuse_change();"
        )


def remove_triggers(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
    schema_editor.execute("DROP FUNCTION IF EXISTS disputes_refuse_change();")


class Migration(migrations.Migration):
    dependencies = [("disputes", "0002_default_stages")]

    operations = [migrations.RunPython(add_triggers, remove_triggers)]
