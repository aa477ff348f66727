"""`manage.py audit verify` checks the audit log's hash chain and names the first broken link (exit 1);
`manage.py audit purge --before YYYY-MM-DD` deletes events older than the retention, keeping the chain
verifiable (docs/security.md §2)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.selectors import audit_chain_verify
from core.services import audit_events_purge


class Command(BaseCommand):
    help = "审计日志：verify 校验哈希链；purge 清理超过保存期限的事件"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="校验审计日志哈希链，报告第一处断开")
        purge = sub.add_parser("purge", help="清理某日以前的审计事件（须超过保存期限）")
        purge.add_argument("--before", required=True, type=dt.date.fromisoformat, help="YYYY-MM-DD，清理此日以前的事件")

    def handle(self, *args, action: str, **options):
        if action == "verify":
            self._verify()
        else:
            self._purge(options["before"])

    def _verify(self) -> None:
        result = audit_chain_verify()
        if not result.ok:
            where = f"事件 #{result.broken.event_id} " if result.broken.event_id is not None else "链头"
            raise CommandError(f"审计链在{where}处断开：{result.broken.reason}（此前已核对 {result.checked} 条）")
        self.stdout.write(f"审计链完整：已核对 {result.checked} 条事件。")

    def _purge(self, before: dt.date) -> None:
        moment = timezone.make_aware(dt.datetime.combine(before, dt.time(0)))
        try:
            deleted = audit_events_purge(actor=None, before=moment, actor_name="manage.py audit purge")
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from None
        self.stdout.write(f"已清理 {before} 以前的审计事件 {deleted} 条；审计链仍可校验。")
