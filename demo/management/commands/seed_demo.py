"""`manage.py seed_demo`: create the demo logins (development settings only) and the city in mid-process
(demo/city.py, once a pack is loaded), and print the logins, with the address the site is actually served
at (--base-url, which `make run` passes, or $SITE_BASE_URL)."""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.demo import DEMO_PASSWORD
from demo.city import demo_city_load
from demo.seed import demo_data_load


class Command(BaseCommand):
    help = "创建演示账号（仅限开发环境）并打印登录信息"

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=os.environ.get("SITE_BASE_URL", ""),
            help="站点实际地址，如 http://127.0.0.1:8000（默认取环境变量 SITE_BASE_URL）",
        )

    def handle(self, *args, **options):
        if not (settings.DEBUG or getattr(settings, "DEMO_DATA_ALLOWED", False)):
            raise CommandError("演示账号只能在开发环境（config.settings.development）下创建。")
        rows = demo_data_load()
        if demo_city_load():
            self.stdout.write("已生成演示数据：全市 16 个县市区（园区）的企业及处于各办理环节的申报。")
        self.stdout.write("")
        self.stdout.write("演示账号（密码均为 %s）：" % DEMO_PASSWORD)
        width = max(len(r["username"]) for r in rows)
        for r in rows:
            self.stdout.write(f"  {r['username']:<{width}}  {r['roles']:<10}  {r['organisation']}  {r['name']}")
        self.stdout.write("")
        base_url = options["base_url"].rstrip("/")
        if base_url:
            self.stdout.write(f"打开 {base_url}/ 登录。")
        else:
            self.stdout.write("启动网站（make run 或 manage.py runserver）后，在其地址登录。")
