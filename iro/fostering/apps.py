from decimal import Decimal

from django.apps import AppConfig


class FosteringConfig(AppConfig):
    name = "iro.fostering"
    label = "fostering"
    verbose_name = "Foster carer reviews"

    def ready(self) -> None:
        from iro.core.workload import WorkloadKind, register_workload_kind

        from .selectors import households_by_chair

        # An annual review with three sets of views and a panel referral: about a third of
        # the work of a looked-after child (two reviews a year, oversight between them).
        register_workload_kind(
            WorkloadKind(
                key="foster_household",
                label="Foster households",
                unit="foster household",
                default_weight=Decimal("0.35"),
                count_by_iro=households_by_chair,
                order=20,
            )
        )
