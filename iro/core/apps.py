from typing import Any

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "iro.core"
    label = "core"
    verbose_name = "Council settings"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from . import council
        from .models import ClosureDay, CouncilSettings

        def forget(**_: Any) -> None:
            council.forget()

        for model in (CouncilSettings, ClosureDay):
            # Held strongly: `forget` is local, and a weak receiver would be collected at once.
            for signal in (post_save, post_delete):
                signal.connect(
                    forget,
                    sender=model,
                    weak=False,
                    dispatch_uid=f"council-forget-{model.__name__}",
                )
