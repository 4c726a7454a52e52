from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "iro.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"
    # Two-factor set-up is linked beside the signed-in user's name, not in the service menu.

    def ready(self) -> None:
        from . import signals
        from .services import roles_synchronise_after_migrate

        post_migrate.connect(roles_synchronise_after_migrate, sender=self)
        signals.connect()
