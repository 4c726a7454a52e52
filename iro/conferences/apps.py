from decimal import Decimal

from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    name = "iro.conferences"
    label = "conferences"
    verbose_name = "Child protection conferences"

    def ready(self) -> None:
        from iro.core.workload import WorkloadKind, register_workload_kind

        from .selectors import open_plans_by_chair

        # Half a looked-after child: a plan brings conferences on much the same cadence as a
        # child's reviews (one within 3 months, then every 6), but none of the IRO's work between
        # them for a child in care (oversight, midpoint reviews, the letter, disputes). A
        # council that weighs it differently changes its setting.
        register_workload_kind(
            WorkloadKind(
                key="cp_plan",
                label="Children on a child protection plan",
                unit="child",
                default_weight=Decimal("0.5"),
                count_by_iro=open_plans_by_chair,
                order=10,
            )
        )
