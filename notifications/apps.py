from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "消息"

    def ready(self) -> None:
        from applications.signals import application_transitioned
        from notifications.services import notify_on_transition

        application_transitioned.connect(notify_on_transition, dispatch_uid="notifications.transitions")
