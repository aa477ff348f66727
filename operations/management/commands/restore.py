"""`manage.py restore ARCHIVE [--replace]`: verify a backup archive completely, then restore its files and its
database (operations/restore.py; docs/operations.md, 备份与恢复). Exit status 1 on a refusal or a failure."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from operations.restore import RestoreRefused, backup_restore


class Command(BaseCommand):
    help = "校验并恢复 manage.py backup 生成的备份文件；目标数据库须为空，除非加 --replace"

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="备份文件（hengyang-backup-*.tar）")
        parser.add_argument("--replace", action="store_true", help="目标数据库已有数据时，用备份覆盖它")

    def handle(self, *args, archive: Path, replace: bool, **options):
        try:
            result = backup_restore(archive_path=archive, replace=replace)
        except RestoreRefused as refusal:
            raise CommandError(f"拒绝恢复（restore refused）：{refusal}") from None
        except (OSError, RuntimeError) as error:
            raise CommandError(f"恢复失败（restore failed）：{error}") from None
        manifest = result.manifest
        self.stdout.write(
            f"已恢复备份（restored）：{archive}，备份时间 {manifest['created_at']}，"
            f"平台提交 {manifest['platform']['git_commit'] or '未知'}"
        )
        if result.replaced:
            self.stdout.write(f"  已覆盖原有数据（replaced）：{len(result.replaced)} 张表原有数据")
        self.stdout.write(
            f"  数据库 {manifest['database']['vendor']}：{result.rows} 行，{result.tables} 张表，行数与清单一致"
        )
        self.stdout.write(
            f"  文件：{result.files} 个，共 {filesizeformat(result.bytes)}"
            f"（其中 {result.files_unchanged} 个原已存在且内容相同），SHA-256 与 SM3 均已核对"
        )
        for pack in manifest["packs"]:
            self.stdout.write(
                f"  政策包：{pack['document_number']}（{pack['pack_id']} 第{pack['version']}版，{pack['status']}）"
            )
        for name in manifest["missing_files"]:
            self.stderr.write(f"  注意：文件 {name} 在备份时已被删除（deleted during the backup），未能恢复。")
