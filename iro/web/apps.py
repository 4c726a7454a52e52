from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "iro.web"
    label = "web"
    verbose_name = "Pages"
