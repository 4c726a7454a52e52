"""The head row is guarded like the entries: it may only move forward to an entry that exists
with that hash, and never be deleted (PostgreSQL and SQLite). SQLite gains the append-only
triggers on the entries that PostgreSQL has had since 0003. Existing trails get their head."""

from django.db import migrations

PG_HEAD_SQL = """
CREATE OR REPLACE FUNCTION audit_head_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'audit_audithead is append-only: DELETE refused'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'INSERT' AND EXISTS (SELECT 1 FROM audit_audithead) THEN
        RAISE EXCEPTION 'audit_audithead holds one row: INSERT refused'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.entry_id <= OLD.entry_id THEN
        RAISE EXCEPTION 'audit_audithead only moves forward: UPDATE refused'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT EXISTS (
        SELECT 1 FROM audit_auditentry WHERE id = NEW.entry_id AND entry_hash = NEW.entry_hash
    ) THEN
        RAISE EXCEPTION 'audit_audithead must name an entry that exists with that hash'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_head_guard ON audit_audithead;
CREATE TRIGGER audit_head_guard
    BEFORE INSERT OR UPDATE OR DELETE ON audit_audithead
    FOR EACH ROW EXECUTE FUNCTION audit_head_guard();
"""
PG_DROP_SQL = """
DROP TRIGGER IF EXISTS audit_head_guard ON audit_audithead;
DROP FUNCTION IF EXISTS audit_head_guard();
"""

# iro_audit_unguarded() is registered on our own connections (iro.audit.guard); elsewhere it
# does not exist, so the trigger fails and the change is refused all the same.
SQLITE_STATEMENTS = [
    """CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_auditentry
       WHEN NOT iro_audit_unguarded()
       BEGIN SELECT RAISE(ABORT, 'audit_auditentry is append-only: UPDATE refused'); END""",
    """CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_auditentry
       WHEN NOT iro_audit_unguarded()
       BEGIN SELECT RAISE(ABORT, 'audit_auditentry is append-only: DELETE refused'); END""",
    """CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_audithead
       WHEN NOT iro_audit_unguarded()
       BEGIN SELECT RAISE(ABORT, 'audit_audithead is append-only: DELETE refused'); END""",
    """CREATE TRIGGER audit_head_one_row BEFORE INSERT ON audit_audithead
       WHEN NOT iro_audit_unguarded() AND (
           EXISTS (SELECT 1 FROM audit_audithead)
           OR NOT EXISTS (SELECT 1 FROM audit_auditentry
                          WHERE id = NEW.entry_id AND entry_hash = NEW.entry_hash))
       BEGIN SELECT RAISE(ABORT, 'audit_audithead: INSERT refused'); END""",
    """CREATE TRIGGER audit_head_forward BEFORE UPDATE ON audit_audithead
       WHEN NOT iro_audit_unguarded() AND (
           NEW.entry_id <= OLD.entry_id
           OR NOT EXISTS (SELECT 1 FROM audit_auditentry
                          WHERE id = NEW.entry_id AND entry_hash = NEW.entry_hash))
       BEGIN SELECT RAISE(ABORT, 'audit_audithead only moves forward: UPDATE refused'); END""",
]
SQLITE_TRIGGERS = [
    "audit_entry_no_update",
    "audit_entry_no_delete",
    "audit_head_no_delete",
    "audit_head_one_row",
    "audit_head_forward",
]


def create_guards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_HEAD_SQL, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_STATEMENTS:
            schema_editor.execute(statement, params=None)
    entry = apps.get_model("audit", "AuditEntry")
    head = apps.get_model("audit", "AuditHead")
    newest = entry.objects.order_by("-id").first()
    if newest is not None and not head.objects.exists():
        from django.utils import timezone

        head.objects.create(
            entry_id=newest.pk,
            entry_hash=newest.entry_hash,
            entries=entry.objects.count(),
            updated_at=timezone.now(),
        )


def drop_guards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DROP_SQL, params=None)
    elif vendor == "sqlite":
        for name in SQLITE_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}", params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_head_and_failed_sign_in_counts")]

    operations = [migrations.RunPython(create_guards, drop_guards, elidable=False)]
