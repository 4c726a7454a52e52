from django.apps import AppConfig
from django.db.models.signals import post_migrate


class DisputesConfig(AppConfig):
    name = "iro.disputes"
    label = "disputes"
    verbose_name = "Disputes"
    # (order, url name, label, action) — read by the service navigation.
    navigation = [
        (50, "disputes:list", "Disputes", "disputes.list"),
        (51, "disputes:raised_with_me", "Disputes raised with me", "disputes.raised_with_me"),
        (52, "disputes:meeting", "Dispute meeting", "disputes.manage_meeting"),
    ]

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
