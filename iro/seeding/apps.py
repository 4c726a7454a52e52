from django.apps import AppConfig


class SeedingConfig(AppConfig):
    name = "iro.seeding"
    label = "seeding"
    verbose_name = "Demo data and the synthetic service"
