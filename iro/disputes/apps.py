from django.apps import AppConfig
from django.db.models.signals import post_migrate


class DisputesConfig(AppConfig):
    name = "iro.disputes"
    label = "disputes"
    verbose_name = "Disputes"

    def ready(self) -> None:
        from iro.audit.labels import register

        from .defaults import ensure_defaults
        from .models import Dispute

        post_migrate.connect(ensure_defaults, sender=self)

        register(
            "dispute",
            lambda ids: {
                str(pk): f"Dispute {reference}"
                for pk, reference in Dispute.objects.filter(pk__in=ids).values_list(
                    "pk", "reference"
                )
            },
        )
