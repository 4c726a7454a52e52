from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "iro.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from .admin_hooks import audit_every_model_admin

        audit_every_model_admin()
