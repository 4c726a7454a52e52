from django.apps import AppConfig


class Ssda903Config(AppConfig):
    name = "iro.ssda903"
    label = "ssda903"
    verbose_name = "903 import and export"
