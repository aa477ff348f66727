"""`manage.py worker`: django_tasks_db's db_worker (same options), which also sweeps stale export jobs every
minute (documents/worker.py) and renews its heartbeat every 15 s (operations/worker_heartbeat.py) for /readyz.
`make run` and the systemd unit start it beside the web server.

It lives in operations, the top layer, because the heartbeat model does: documents may not import operations."""

import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from documents.worker import sweeper_start
from operations.worker_heartbeat import heartbeat_start


class Command(DatabaseWorkerCommand):
    help = "运行后台任务，每分钟清理停滞的导出任务，并每 15 秒写一次心跳（供 /readyz 检查）。"

    def handle(self, *args, **options):
        if options["reload"] and not options["batch"] and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            # With --reload this process only watches the files; the child it starts runs the jobs, and beats.
            return super().handle(*args, **options)
        stops = [sweeper_start(), heartbeat_start()]
        try:
            return super().handle(*args, **options)
        finally:
            for stop in stops:
                stop.set()
