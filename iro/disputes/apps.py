from django.apps import AppConfig


class DisputesConfig(AppConfig):
    name = "iro.disputes"
    label = "disputes"
