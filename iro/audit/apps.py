from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "iro.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from .admin_hooks import audit_every_model_admin
        from .guard import register_sqlite_function

        audit_every_model_admin()
        connection_created.connect(register_sqlite_function, dispatch_uid="iro_audit_guard")
