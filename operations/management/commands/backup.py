"""`manage.py backup DIR`: write one consistent archive of the database and the stored files into DIR
(operations/backup.py; docs/operations.md, 备份与恢复)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from operations.backup import backup_create


class Command(BaseCommand):
    help = "备份数据库与上传文件到目录 DIR 下的一个归档文件（含 SHA-256 与 SM3 清单）"

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="备份文件写入的目录")

    def handle(self, *args, directory: Path, **options):
        try:
            result = backup_create(directory=directory)
        except (OSError, RuntimeError) as error:
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
        for name in manifest["missing_files"]:
            self.stderr.write(
                f"  注意：数据库中登记的文件 {name} 在复制前已被删除（deleted during the backup），未包含在备份中。"
            )
