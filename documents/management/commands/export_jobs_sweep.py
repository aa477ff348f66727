"""`manage.py export_jobs_sweep`: fail the export jobs whose worker stopped or that no worker took, so that
they can be retried (the worker does this every minute; this is for cron or by hand)."""

from django.core.management.base import BaseCommand

from documents.services import export_jobs_sweep


class Command(BaseCommand):
    help = "将长时间无进展（生成中）或长时间排队的导出任务标记为失败，以便重试。"

    def handle(self, *args, **options):
        swept = export_jobs_sweep()
        self.stdout.write(f"已将 {swept} 个停滞的导出任务标记为失败。")
