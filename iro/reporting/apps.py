from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "iro.reporting"
    label = "reporting"
    verbose_name = "Scorecard and annual report"
