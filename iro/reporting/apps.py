from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "iro.reporting"
    label = "reporting"
