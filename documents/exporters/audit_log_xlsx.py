"""The audit log of a date range for the 安全审计员 (issue 16 §2): a ZIP holding the events as an Excel workbook and
a manifest (manifest.txt / manifest.json) with the workbook's size, SHA-256 and SM3, the range's first and last
event, the HMAC each row carries and the one the range chains onto, and whether the whole chain verified when it
was exported. The rows are streamed by documents.xlsx_rows, so a long range keeps memory flat."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar

from django.utils import timezone
from openpyxl import Workbook
from pydantic import field_validator, model_validator

from accounts.permissions import can_read_audit_log
from core.audit_chain import GENESIS
from core.choices import AuditVerb
from core.models import AuditChainHead, AuditEvent
from core.selectors import audit_chain_verify
from core.text import clean_text
from documents.bundle import MANIFEST_JSON, MANIFEST_TXT, ManifestEntry, zip_member_info, zip_member_write
from documents.exporters.base import ZIP, Exporter, Options, Progress, Rendered, no_progress, register
from documents.xlsx_rows import BulkRows
from documents.xlsx_style import CellStyles, listing_heading, table_page

TITLE = "衡阳市工信领域奖补资金申报平台审计日志"
SCHEMA = "hengyang-audit-export/1"
PROGRESS_EVERY = 1000
FIRST_DATA_ROW = 5
RANGE_REVERSED = "截止日期不能早于起始日期"
VERB_LABELS = dict(AuditVerb.choices)
# (header, width, kind)
COLUMNS: list[tuple[str, float, str]] = [
    ("序号", 7, "serial"),
    ("事件编号", 10, "short"),
    ("时间", 19, "short"),
    ("操作人", 14, "text"),
    ("单位", 22, "text"),
    ("动作", 20, "text"),
    ("对象类型", 18, "text"),
    ("对象编号", 10, "short"),
    ("对象", 26, "text"),
    ("数据", 40, "text"),
    ("IP 地址", 15, "short"),
    ("校验值（HMAC-SM3）", 30, "text"),
]
FIELDS = ("id", "created_at", "actor_name", "organisation__name", "verb", "target_type", "target_id",
          "target_repr", "data", "ip_address", "chain_hmac")  # fmt: skip


def _blank_is_none(value: Any) -> Any:
    return None if value == "" else value


class AuditRangeOptions(Options):
    """The audit page's own filters (date_from, date_to), either end open."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None

    _blanks = field_validator("date_from", "date_to", mode="before")(_blank_is_none)

    @model_validator(mode="after")
    def _ordered(self):
        if self.date_from and self.date_to and self.date_to < self.date_from:
            raise ValueError(RANGE_REVERSED)
        return self


@dataclass
class AuditManifest:
    schema: str
    date_from: str
    date_to: str
    exported_at: str
    exported_by: str
    count: int
    first_event_id: int | None
    last_event_id: int | None
    chains_onto: str  # the HMAC of the event before the range's first (or the chain's anchor)
    last_hmac: str
    chain_verified: bool
    chain_message: str
    files: list[ManifestEntry] = field(default_factory=list)

    def as_json(self) -> bytes:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2).encode("utf-8")

    def as_text(self) -> bytes:
        lines = [
            "审计日志导出清单",
            f"时间范围：{self.date_from} 至 {self.date_to}",
            f"导出时间：{self.exported_at}　导出人：{self.exported_by}",
            f"事件：{self.count} 条（编号 {self.first_event_id or '-'} 至 {self.last_event_id or '-'}）",
            f"前一事件校验值：{self.chains_onto}",
            f"末事件校验值：{self.last_hmac}",
            f"导出时审计链校验：{self.chain_message}",
            "",
        ]
        for entry in self.files:
            lines += [entry.name, f"   大小：{entry.size} 字节", f"   SHA-256：{entry.sha256}", f"   SM3：{entry.sm3}"]
        # CRLF and a BOM, as the bundle's manifest: Notepad on older Windows shows UTF-8 Chinese only with them.
        return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def _bounds(options: AuditRangeOptions) -> tuple[dt.datetime | None, dt.datetime | None]:
    def start_of(day: dt.date) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(0)))

    start = start_of(options.date_from) if options.date_from else None
    end = start_of(options.date_to + dt.timedelta(days=1)) if options.date_to else None
    return start, end


@register
class AuditLogXlsx(Exporter):
    identifier: ClassVar[str] = "audit_log_xlsx"
    verbose_name: ClassVar[str] = "审计日志（Excel，含摘要清单）"
    options_model: ClassVar[type[Options]] = AuditRangeOptions
    background: ClassVar[bool] = True

    @classmethod
    def may_export(cls, user) -> bool:
        return can_read_audit_log(user)

    def events(self):
        start, end = _bounds(self.options)
        events = AuditEvent.objects.all()
        if start:
            events = events.filter(created_at__gte=start)
        if end:
            events = events.filter(created_at__lt=end)
        return events.order_by("id")

    def render(self, progress: Progress = no_progress) -> Rendered:
        events = self.events()
        total = events.count()
        now = timezone.localtime()
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("审计日志")
        styles = CellStyles(sheet)
        table_page(sheet, [width for _, width, _ in COLUMNS], freeze=f"D{FIRST_DATA_ROW}", header_row=4)
        date_from = str(self.options.date_from or "最早")
        date_to = str(self.options.date_to or "最近")
        listing_heading(
            sheet, styles, title=TITLE, line=f"时间范围：{date_from} 至 {date_to}", units=f"共 {total} 条",
            headers=[label for label, _, _ in COLUMNS], today=now.date(),
        )  # fmt: skip
        out = BulkRows(workbook, sheet, first_row=FIRST_DATA_ROW)
        data_styles = [out.style_id(styles.of(kind)) for _, _, kind in COLUMNS]
        count, first_id, last_id, last_hmac = 0, None, None, ""
        for e in events.values_list(*FIELDS).iterator(chunk_size=2000):
            pk, created, actor, organisation, verb, ttype, tid, trepr, data, ip, hmac = e
            count += 1
            first_id = first_id or pk
            last_id, last_hmac = pk, hmac
            out.append(
                [count, pk, f"{timezone.localtime(created):%Y-%m-%d %H:%M:%S}", clean_text(actor or "（匿名）"),
                 clean_text(organisation or ""), VERB_LABELS.get(verb, verb), ttype, tid, clean_text(trepr),
                 clean_text(json.dumps(data, ensure_ascii=False, sort_keys=True)), ip or "", hmac],
                data_styles,
            )  # fmt: skip
            if count % PROGRESS_EVERY == 0:
                progress(count, max(total, count))
        verified = audit_chain_verify()
        manifest = AuditManifest(
            schema=SCHEMA, date_from=date_from, date_to=date_to, exported_at=now.isoformat(timespec="seconds"),
            exported_by=self.user.full_name or self.user.get_username(), count=count, first_event_id=first_id,
            last_event_id=last_id, chains_onto=self._chains_onto(first_id), last_hmac=last_hmac,
            chain_verified=verified.ok,
            chain_message=f"完整（已核对 {verified.checked} 条）" if verified.ok
            else f"在事件 #{verified.broken.event_id} 处断开：{verified.broken.reason}",
        )  # fmt: skip
        name = f"审计日志-{date_from}-{date_to}"
        archive_bytes = io.BytesIO()
        with zipfile.ZipFile(archive_bytes, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            entry = zip_member_write(archive, f"{name}.xlsx", out.save(), now)
            entry.material = self.verbose_name
            manifest.files.append(entry)
            archive.writestr(zip_member_info(MANIFEST_TXT, now), manifest.as_text())
            archive.writestr(zip_member_info(MANIFEST_JSON, now), manifest.as_json())
        progress(count, count)
        return Rendered(filename=f"{name}.zip", mimetype=ZIP, content=archive_bytes.getvalue())

    @staticmethod
    def _chains_onto(first_id: int | None) -> str:
        if first_id is None:
            return ""
        before = AuditEvent.objects.filter(pk__lt=first_id).order_by("-id").values_list("chain_hmac", flat=True).first()
        if before:
            return before
        head = AuditChainHead.objects.first()
        return head.anchor_hmac if head else GENESIS
