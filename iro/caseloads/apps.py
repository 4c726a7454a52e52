from django.apps import AppConfig


class CaseloadsConfig(AppConfig):
    name = "iro.caseloads"
    label = "caseloads"
    verbose_name = "IROs and caseloads"
