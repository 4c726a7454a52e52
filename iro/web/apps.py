from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "iro.web"
    label = "web"
    verbose_name = "Pages"
    # The audit trail's search page (iro.web.audit_trail) keeps its URL namespace, "audit".
    navigation = [(90, "audit:search", "Audit trail", "audit.search")]
