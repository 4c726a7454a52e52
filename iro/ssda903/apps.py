from django.apps import AppConfig


class Ssda903Config(AppConfig):
    name = "iro.ssda903"
    label = "ssda903"
    verbose_name = "903 import and export"
    # (order, url name, label, action) — read by the service navigation.
    navigation = [(110, "ssda903:imports", "Data imports", "ssda903.view_imports")]
