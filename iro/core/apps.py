from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "iro.core"
    label = "core"
    verbose_name = "Council settings"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from . import council
        from .models import ClosureDay, CouncilSettings

        for model in (CouncilSettings, ClosureDay):
            for signal in (post_save, post_delete):
                signal.connect(
                    council.forget, sender=model, dispatch_uid=f"council-forget-{model.__name__}"
                )
