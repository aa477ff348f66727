from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "用户与单位"

    def ready(self) -> None:
        from accounts import checks, signals  # noqa: F401
