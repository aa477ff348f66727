from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "文书与导出"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from documents import exporters  # noqa: F401 - registers every exporter
