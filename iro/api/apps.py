from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "iro.api"
    label = "api"
    verbose_name = "API for the council's case system"
