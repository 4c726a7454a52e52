from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "iro.core"
    label = "core"
    verbose_name = "Council settings"
