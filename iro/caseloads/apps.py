from django.apps import AppConfig


class CaseloadsConfig(AppConfig):
    name = "iro.caseloads"
    label = "caseloads"
    verbose_name = "IROs and caseloads"
    # (order, url name, label, action) — read by the service navigation.
    navigation = [
        (70, "caseloads:overview", "Caseloads", "caseloads.view"),
        (72, "caseloads:forecast", "Forecast", "forecast.view"),
        (74, "caseloads:staff", "IRO staff", "staff.manage"),
    ]
