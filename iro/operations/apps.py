from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "iro.operations"
    label = "operations"
    verbose_name = "Running the service"

    def ready(self) -> None:
        # The task log line is a signal receiver: connect it once the apps are loaded.
        from . import logs  # noqa: F401
