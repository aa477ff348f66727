from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the platform (issue 17): health checks, request logs, backup and restore."""

    name = "operations"
    verbose_name = "运行维护"

    def ready(self) -> None:
        from django.core.signals import request_finished

        from operations.request_log import request_id_clear

        request_finished.connect(request_id_clear, dispatch_uid="operations.request_id_clear")
