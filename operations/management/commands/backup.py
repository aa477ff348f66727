"""`manage.py backup DIR`: write one consistent archive of the database and the stored files into DIR
(operations/backup.py; docs/operations.md, 备份与恢复)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from operations.backup import backup_create
from operations.backup_retention import archives_prune


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value


class Command(BaseCommand):
    help = "备份数据库与上传文件到目录 DIR 下的一个归档文件（含 SHA-256 与 SM3 清单）"

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="备份文件写入的目录")
        parser.add_argument(
            "--keep-daily",
            type=_positive,
            metavar="N",
            help="备份成功后清理旧备份：保留最近 N 天每天最新的一份（须与 --keep-monthly 同用）",
        )
        parser.add_argument("--keep-monthly", type=_positive, metavar="M",
                            help="并保留最近 M 个月每月最新的一份")  # fmt: skip

    def handle(self, *args, directory: Path, keep_daily: int | None, keep_monthly: int | None, **options):
        if (keep_daily is None) != (keep_monthly is None):
            raise CommandError("--keep-daily 与 --keep-monthly 须同时给出（give both or neither）。")
        try:
            result = backup_create(directory=directory)
        except (OSError, RuntimeError, ValueError) as error:
            raise CommandError(f"备份失败（backup failed）：{error}") from None
        manifest = result.manifest
        storage = manifest["storage"]
        packs = "、".join(f"{p['pack_id']} 第{p['version']}版" for p in manifest["packs"]) or "无"
        self.stdout.write(f"备份完成（backup written）：{result.path}（{filesizeformat(result.path.stat().st_size)}）")
        self.stdout.write(
            f"  数据库 {manifest['database']['vendor']}：{sum(manifest['counts'].values())} 行，"
            f"{len(manifest['counts'])} 张表；结构版本 {len(manifest['schema'])} 个应用"
        )
        self.stdout.write(f"  文件：{storage['files']} 个，共 {filesizeformat(storage['bytes'])}")
        self.stdout.write(f"  政策包：{packs}")
        self.stdout.write(f"  平台提交（git commit）：{manifest['platform']['git_commit'] or '未知'}")
        if keep_daily is not None:
            for pruned in archives_prune(directory, daily=keep_daily, monthly=keep_monthly):
                self.stdout.write(f"  已清理过期备份（pruned）：{pruned.name}")
        for name in manifest["missing_files"]:
            self.stderr.write(
                f"  注意：数据库中登记的文件 {name} 在复制前已被删除（deleted during the backup），未包含在备份中。"
            )
