"""`manage.py pack check|load|diff`: validate, load and compare policy packs."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from policies import services
from policies.pack.diff import pack_diff
from policies.pack.loader import PackInvalid, check_pack, load_pack


class Command(BaseCommand):
    help = "政策包：check 校验，load 加载（并发布），diff 比较两个版本"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check", help="校验政策包目录，列出全部错误")
        check.add_argument("directory")
        load = sub.add_parser("load", help="加载政策包；已发布的版本不可修改")
        load.add_argument("directory")
        load.add_argument("--draft", action="store_true", help="只加载为草稿，不发布")
        diff = sub.add_parser("diff", help="比较两个政策包目录")
        diff.add_argument("old")
        diff.add_argument("new")

    def handle(self, *args, action: str, **options):
        if action == "check":
            errors = check_pack(options["directory"])
            for error in errors:
                self.stdout.write(str(error))
            if errors:
                raise CommandError(f"政策包有 {len(errors)} 个错误，未通过校验。")
            loaded = load_pack(options["directory"])
            self.stdout.write(
                self.style.SUCCESS(
                    f"校验通过：{loaded.pack.notice.document_number} 第{loaded.pack.version}版，"
                    f"{len(loaded.items)} 个支持事项，{len(loaded.forms)} 个表单模板。"
                )
            )
        elif action == "load":
            try:
                pack, created = services.pack_load(
                    actor=None, directory=options["directory"], publish=not options["draft"]
                )
            except PackInvalid as exc:
                for error in exc.errors:
                    self.stderr.write(str(error))
                raise CommandError(f"政策包有 {len(exc.errors)} 个错误，未加载任何内容。") from exc
            except ValidationError as exc:
                raise CommandError("；".join(exc.messages)) from exc
            verb = "已加载" if created else "内容未变化，无需重复加载"
            self.stdout.write(self.style.SUCCESS(f"{verb}：{pack}（{pack.get_status_display()}）"))
        elif action == "diff":
            try:
                old, new = load_pack(options["old"]), load_pack(options["new"])
            except PackInvalid as exc:
                raise CommandError(str(exc)) from exc
            lines = pack_diff(old, new)
            self.stdout.write(f"{old.pack.id} 第{old.pack.version}版 → {new.pack.id} 第{new.pack.version}版")
            for line in lines:
                self.stdout.write(line)
            self.stdout.write(f"共 {len(lines)} 处变化。")
