from django.apps import AppConfig


class CinConfig(AppConfig):
    name = "iro.cin"
    label = "cin"
    verbose_name = "Children in Need census"
