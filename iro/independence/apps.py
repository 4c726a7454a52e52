from django.apps import AppConfig


class IndependenceConfig(AppConfig):
    name = "iro.independence"
    label = "independence"
    verbose_name = "Independence of the IRO service"
