"""`manage.py send_reminders [--days N] [--today YYYY-MM-DD]`: deadline reminders, meant to run daily: the
submission deadline's (`--days` before it), and those other apps send on the same run (绩效运行监控 reports
due, with their own schedule; notifications.signals)."""

from __future__ import annotations

import argparse
import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from notifications import services


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD：{text}") from None


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"工作日数应为不小于 0 的整数：{text}")
    return value


class Command(BaseCommand):
    help = (
        "截止前提醒：在申报截止日前 N 个工作日起，向仍有待办的企业和县级审核人员发送站内消息（同一天不重复发送）；"
        "并提醒企业按期填报绩效运行监控（每个提醒只发一次）"
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=_days, default=3, help="截止前多少个工作日开始提醒（默认 3）")
        parser.add_argument("--today", type=_date, default=None, help="按哪一天计算（默认今天），格式 YYYY-MM-DD")

    def handle(self, *args, days: int, today: dt.date | None, **options):
        today = today or timezone.localdate()
        sent = services.reminders_send_all(today=today, days=days)
        self.stdout.write(self.style.SUCCESS(f"{today.isoformat()}：已发送 {len(sent)} 条提醒。"))
