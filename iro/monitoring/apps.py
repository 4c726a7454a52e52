from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "iro.monitoring"
    label = "monitoring"
    verbose_name = "Oversight and drift"
