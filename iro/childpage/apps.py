from django.apps import AppConfig


class ChildPageConfig(AppConfig):
    name = "iro.childpage"
    label = "childpage"
    verbose_name = "The child's own page"
