from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "iro.audit"
    label = "audit"
    verbose_name = "Audit trail"
