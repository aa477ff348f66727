from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the platform (issue 17): health checks, request logs, backup and restore."""

    name = "operations"
    verbose_name = "运行维护"
