from decimal import Decimal

from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "iro.orders"
    label = "orders"
    verbose_name = "Supervision order reviews"

    def ready(self) -> None:
        from iro.core.workload import WorkloadKind, register_workload_kind

        from .selectors import orders_by_chair

        # The IRO chairs the first review of the plan (and sometimes one more), then hands over.
        register_workload_kind(
            WorkloadKind(
                key="supervision_order",
                label="Supervision orders",
                unit="supervision order",
                default_weight=Decimal("0.25"),
                count_by_iro=orders_by_chair,
                order=30,
            )
        )
