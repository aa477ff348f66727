"""`manage.py worker`: django_tasks_db's db_worker (same options), which also sweeps stale export jobs every
minute (documents/worker.py). `make run` starts it beside the web server."""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from documents.worker import sweeper_start


class Command(DatabaseWorkerCommand):
    help = "运行后台任务，并每分钟清理停滞的导出任务。"

    def handle(self, *args, **options):
        stop = sweeper_start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
