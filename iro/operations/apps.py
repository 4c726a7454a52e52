from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "iro.operations"
    label = "operations"
    verbose_name = "Running the service"
    navigation = [
        (94, "operations:retention", "Retention review", "retention.review"),
        (95, "operations:status", "Service status", "operations.view_status"),
    ]

    def ready(self) -> None:
        # The task log line is a signal receiver: connect it once the apps are loaded.
        from . import logs  # noqa: F401
