from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "iro.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        from .services import roles_synchronise_after_migrate

        post_migrate.connect(roles_synchronise_after_migrate, sender=self)
