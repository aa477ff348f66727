"""The application bundle (申报材料包): one ZIP with the generated forms, every uploaded material in
checklist order, and a manifest of sizes, SHA-256 and SM3 digests so that the recipient can check each file.

Uploaded files are read through the storage and streamed into the archive in chunks; their digests are
computed from the bytes actually packed, and compared with those recorded at upload.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import zipfile
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from io import BytesIO

from django.utils import timezone

from applications.completeness import item_materials
from applications.digest import short_digest
from applications.models import Application, Attachment
from applications.uploads import new_sm3
from core.text import safe_filename
from documents.exporters.base import Progress, no_progress

CHUNK_BYTES = 1024 * 1024
FIRST_MATERIAL_NUMBER = 3
OTHER_MATERIALS = "其他材料"
MANIFEST_TXT = "manifest.txt"
MANIFEST_JSON = "manifest.json"


@dataclass(frozen=True)
class GeneratedFile:
    """A document rendered for the bundle (the 申报书, the 绩效目标表)."""

    name: str  # e.g. "01-申报书.docx"
    content: bytes


@dataclass
class ManifestEntry:
    name: str
    material: str
    original_name: str
    size: int
    sha256: str
    sm3: str
    # For uploads: whether the packed bytes are those recorded at upload (None for generated files).
    matches_upload: bool | None = None


def _labelled(*rows: tuple[str, str | None]) -> list[str]:
    """One "label：value" line a row; a row whose value is None has no line (an empty string has one)."""
    return [f"{label}：{value}" for label, value in rows if value is not None]


@dataclass
class Manifest:
    receipt_number: str
    enterprise: str
    item: str
    subtype: str
    project_name: str
    submitted_at: str
    submission_digest: str
    short_digest: str
    generated_at: str
    verification_url: str = ""
    files: list[ManifestEntry] = field(default_factory=list)

    def as_json(self) -> bytes:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2).encode("utf-8")

    def as_text(self) -> bytes:
        verification = f"{self.verification_url}（打开即核对本材料包的提交数据是否与平台记录一致）"
        lines = [
            "申报材料包清单",
            *_labelled(
                ("回执号", self.receipt_number),
                ("申报单位", self.enterprise),
                ("支持事项", self.item),
                ("申报类型", self.subtype or None),
                ("项目名称", self.project_name),
                ("提交时间", self.submitted_at),
                ("提交数据摘要（SM3）", self.submission_digest),
                ("摘要（页脚所印前16位）", self.short_digest),
                ("生成时间", self.generated_at),
                ("核验网址", verification if self.verification_url else None),
            ),
            "",
            f"共 {len(self.files)} 个文件（不含本清单）：",
        ]
        for index, entry in enumerate(self.files, start=1):
            lines.append(f"{index}. {entry.name}")
            lines += _labelled(
                ("   材料", entry.material),
                ("   原文件名", entry.original_name or None),
                ("   大小", f"{entry.size} 字节"),
                ("   SHA-256", entry.sha256),
                ("   SM3", entry.sm3),
            )
            if entry.matches_upload is False:
                lines.append("   警告：文件内容与上传时记录的摘要不一致，请联系平台管理员核查。")
        # CRLF and a BOM: Notepad on older Windows shows UTF-8 Chinese only with them.
        return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def ordered_attachments(application: Application) -> list[tuple[str, list[Attachment]]]:
    """(material name, its files) in checklist order (the item's materials, then its subtype's); files a
    checklist no longer names come last under 其他材料. Materials without uploads (generated forms) are left out."""
    attachments = list(application.attachments.order_by("uploaded_at", "pk"))
    groups: list[tuple[str, list[Attachment]]] = []
    seen: set[str] = set()
    for material in item_materials(application):
        if material["id"] in seen:
            continue
        seen.add(material["id"])
        files = [a for a in attachments if a.material_id == material["id"]]
        if files:
            groups.append((material["name"], files))
    rest = [a for a in attachments if a.material_id not in seen]
    if rest:
        groups.append((OTHER_MATERIALS, rest))
    return groups


def zip_member_info(name: str, moment: dt.datetime) -> zipfile.ZipInfo:
    """A deflated member dated `moment`: the same moment gives the same bytes (the budget export relies on it)."""
    info = zipfile.ZipInfo(name, date_time=timezone.localtime(moment).timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def zip_member_write(archive: zipfile.ZipFile, name: str, content: bytes, moment: dt.datetime) -> ManifestEntry:
    """Pack `content` and return its manifest entry (size, SHA-256, SM3), for every archive with a manifest."""
    archive.writestr(zip_member_info(name, moment), content)
    sm3 = new_sm3()
    sm3.update(content)
    return ManifestEntry(
        name=name, material="", original_name="", size=len(content),
        sha256=hashlib.sha256(content).hexdigest(), sm3=sm3.hexdigest(),
    )  # fmt: skip


def _write_attachment(
    archive: zipfile.ZipFile, name: str, attachment: Attachment, moment: dt.datetime
) -> ManifestEntry:
    sha256, sm3, size = hashlib.sha256(), new_sm3(), 0
    with attachment.file.open("rb") as source, archive.open(zip_member_info(name, moment), "w") as target:
        while chunk := source.read(CHUNK_BYTES):
            target.write(chunk)
            sha256.update(chunk)
            sm3.update(chunk)
            size += len(chunk)
    entry = ManifestEntry(
        name=name, material="", original_name=attachment.original_name, size=size,
        sha256=sha256.hexdigest(), sm3=sm3.hexdigest(),
    )  # fmt: skip
    entry.matches_upload = entry.sha256 == attachment.sha256 and entry.sm3 == attachment.sm3
    return entry


def build_bundle(
    application: Application,
    generated: Iterable[tuple[str, GeneratedFile]],
    *,
    progress: Progress = no_progress,
    now: dt.datetime | None = None,
    verification_url: str = "",
) -> bytes:
    """The ZIP: the generated files (with the material each stands for), the uploads numbered from the
    next number on as "NN-<material>-<n>.<kind>", then manifest.txt and manifest.json."""
    generated = list(generated)
    groups = ordered_attachments(application)
    total = len(generated) + sum(len(files) for _, files in groups) + 1
    moment = application.submitted_at or now or timezone.now()
    manifest = Manifest(
        receipt_number=application.receipt_number or "",
        enterprise=application.enterprise.name,
        item=f"{application.item.number}. {application.item.name}",
        subtype=application.subtype_name,
        project_name=application.project_name,
        submitted_at=timezone.localtime(application.submitted_at).isoformat() if application.submitted_at else "",
        submission_digest=application.submission_digest,
        short_digest=short_digest(application.submission_digest) if application.submission_digest else "",
        generated_at=timezone.localtime(now or timezone.now()).isoformat(timespec="seconds"),
        verification_url=verification_url,
    )
    out = BytesIO()
    done = 0
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for material, document in generated:
            entry = zip_member_write(archive, document.name, document.content, moment)
            entry.material = material
            manifest.files.append(entry)
            done += 1
            progress(done, total)
        # Materials start at 03 (after 01 申报书 and 02 绩效目标表) even when a generated file is missing.
        number = max([FIRST_MATERIAL_NUMBER - 1] + [_leading_number(d.name) for _, d in generated])
        for material, files in groups:
            number += 1
            for index, attachment in enumerate(files, start=1):
                name = f"{number:02d}-{safe_filename(material)}-{index}.{safe_filename(attachment.kind, limit=8)}"
                entry = _write_attachment(archive, name, attachment, moment)
                entry.material = material
                manifest.files.append(entry)
                done += 1
                progress(done, total)
        archive.writestr(zip_member_info(MANIFEST_TXT, moment), manifest.as_text())
        archive.writestr(zip_member_info(MANIFEST_JSON, moment), manifest.as_json())
    progress(total, total)
    return out.getvalue()


def _leading_number(name: str) -> int:
    match = re.match(r"(\d+)-", name)
    return int(match.group(1)) if match else 0
