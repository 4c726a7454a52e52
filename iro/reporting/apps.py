from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "iro.reporting"
    label = "reporting"
    verbose_name = "Scorecard and annual report"
    navigation = [
        (100, "reporting:scorecard", "Scorecard", "reporting.scorecard"),
        (105, "reporting:annual_reports", "Annual report", "reporting.annual_report_view"),
    ]
