"""`manage.py seed_demo`: create the demo logins (DEBUG only) and print them."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.demo import DEMO_PASSWORD, demo_data_load


class Command(BaseCommand):
    help = "创建演示账号（仅限 DEBUG 模式）并打印登录信息"

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("演示账号只能在 DEBUG 模式下创建。")
        rows = demo_data_load()
        self.stdout.write("")
        self.stdout.write("演示账号（密码均为 %s）：" % DEMO_PASSWORD)
        width = max(len(r["username"]) for r in rows)
        for r in rows:
            self.stdout.write(f"  {r['username']:<{width}}  {r['roles']:<10}  {r['organisation']}  {r['name']}")
        self.stdout.write("")
        self.stdout.write("打开 http://127.0.0.1:8000 登录。")
