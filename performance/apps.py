from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "performance"
    verbose_name = "绩效管理"

    def ready(self) -> None:
        from applications.signals import application_transitioned
        from performance import receivers

        application_transitioned.connect(
            receivers.targets_on_application_transitioned, dispatch_uid="performance.targets"
        )
