"""The payments of an allocation for the 预算管理一体化 (budget management) systems, as a CSV (UTF-8 with BOM, so
that Excel and WPS open it in Chinese) or a JSON document, each packed in a ZIP with a manifest of its size,
SHA-256 and SM3 digests (the bundle's code: documents.bundle.zip_member_write).

The content is a function of the allocation and the reader's scope only: no timestamp, rows in a stable order
and members dated by the allocation's 下达日期, so a second export of the same allocation is byte-identical.
The columns are documented in docs/funds-export.md; a test holds the two together."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import ClassVar

from django.http import Http404
from django.utils import timezone

from accounts.permissions import is_city_finance_reviewer, is_county_finance_reviewer
from core.text import safe_filename
from documents.bundle import MANIFEST_JSON, MANIFEST_TXT, ManifestEntry, zip_member_info, zip_member_write
from documents.exporters.base import ZIP, Exporter, Options, Progress, Rendered, no_progress, register
from funds import permissions, selectors
from funds.choices import AllocationStatus, DisbursementKind
from funds.models import Allocation, Disbursement

NOT_ISSUED = "该资金下达尚未会签下达，还没有拨付数据可导出。"
SCHEMA = "hengyang-funds-disbursements/1"
# (JSON key, CSV header), in the file's order; docs/funds-export.md lists the same.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("serial", "序号"),
    ("allocation_number", "下达文号"),
    ("budget_subject", "预算科目"),
    ("jurisdiction_code", "区划代码"),
    ("jurisdiction", "县市区/园区"),
    ("enterprise", "企业名称"),
    ("uscc", "统一社会信用代码"),
    ("item", "支持事项"),
    ("project_name", "项目名称"),
    ("kind", "业务类型"),
    ("paid_on", "拨付日期"),
    ("amount", "金额（元）"),
    ("voucher_number", "凭证号"),
    ("bank_name", "收款开户行"),
    ("account_name", "收款户名"),
    ("account_number", "收款账号"),
    ("corrects_voucher", "更正的原凭证号"),
    ("disbursement_id", "平台流水号"),
)
# Typed by people: Excel and WPS would run such a cell as a formula, so the CSV prefixes it with an apostrophe.
FREE_TEXT = {"enterprise", "project_name", "voucher_number", "bank_name", "account_name", "corrects_voucher"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def payment_row(user, serial: int, allocation: Allocation, disbursement: Disbursement) -> dict[str, str]:
    """One row, every value text; a reversal (冲销) carries a negative amount."""
    application = disbursement.fund.application
    enterprise = application.enterprise
    profile = getattr(enterprise, "profile", None)
    amount = disbursement.amount if disbursement.kind == DisbursementKind.PAYMENT else -disbursement.amount
    return {
        "serial": str(serial),
        "allocation_number": allocation.document_number,
        "budget_subject": allocation.budget_subject,
        "jurisdiction_code": enterprise.jurisdiction.code,
        "jurisdiction": enterprise.jurisdiction.name,
        "enterprise": enterprise.name,
        "uscc": getattr(profile, "uscc", "") or "",
        "item": f"{application.item.number}. {application.item.name}",
        "project_name": application.project_name,
        "kind": disbursement.get_kind_display(),
        "paid_on": disbursement.paid_on.isoformat(),
        "amount": f"{amount:.2f}",
        "voucher_number": disbursement.voucher_number,
        "bank_name": disbursement.bank_name,
        "account_name": disbursement.account_name,
        "account_number": permissions.account_number_for(user, disbursement),
        "corrects_voucher": disbursement.corrects.voucher_number if disbursement.corrects_id else "",
        "disbursement_id": str(disbursement.pk),
    }


def _cell(key: str, value: str) -> str:
    if key in FREE_TEXT and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


def payments_csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([header for _, header in COLUMNS])
    for row in rows:
        writer.writerow([_cell(key, row[key]) for key, _ in COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _totals(rows: list[dict[str, str]]) -> dict[str, str]:
    amounts = [Decimal(row["amount"]) for row in rows]
    paid = sum((a for a in amounts if a > 0), Decimal("0.00"))
    reversed_ = -sum((a for a in amounts if a < 0), Decimal("0.00"))
    return {"count": str(len(rows)), "paid": f"{paid:.2f}", "reversed": f"{reversed_:.2f}",
            "net": f"{paid - reversed_:.2f}"}  # fmt: skip


def _header(allocation: Allocation, scope: str) -> dict[str, str]:
    return {
        "document_number": allocation.document_number,
        "issued_on": allocation.issued_on.isoformat(),
        "budget_subject": allocation.budget_subject,
        "award_list": str(allocation.award_list),
        "notice_number": allocation.award_list.pack.document_number,
        "scope": scope,
        "unit": "元",
    }


def payments_json(allocation: Allocation, scope: str, rows: list[dict[str, str]]) -> bytes:
    document = {"schema": SCHEMA, "allocation": _header(allocation, scope), "payments": rows, "totals": _totals(rows)}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


@dataclass
class BudgetManifest:
    schema: str
    allocation: dict[str, str]
    totals: dict[str, str]
    files: list[ManifestEntry] = field(default_factory=list)

    def as_json(self) -> bytes:
        return (json.dumps(asdict(self), ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    def as_text(self) -> bytes:
        a, t = self.allocation, self.totals
        lines = [
            "预算管理一体化拨付数据清单",
            f"下达文号：{a['document_number']}",
            f"下达日期：{a['issued_on']}",
            f"预算科目：{a['budget_subject'] or '（未填写）'}",
            f"奖补名单：{a['award_list']}（{a['notice_number']}）",
            f"范围：{a['scope']}",
            f"拨付记录：{t['count']} 笔；拨付 {t['paid']} 元，冲销 {t['reversed']} 元，净额 {t['net']} 元",
            "",
        ]
        for entry in self.files:
            lines += [entry.name, f"   大小：{entry.size} 字节", f"   SHA-256：{entry.sha256}", f"   SM3：{entry.sm3}"]
        # CRLF and a BOM, as the bundle's manifest: Notepad on older Windows shows UTF-8 Chinese only with them.
        return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


class BudgetOptions(Options):
    allocation: int


class BudgetExport(Exporter):
    """The payments of one issued allocation that the reader's scope holds: the city finance section all of
    them, a county finance bureau its own county's."""

    options_model: ClassVar[type[Options]] = BudgetOptions
    extension: ClassVar[str]

    @classmethod
    def may_export(cls, user) -> bool:
        """Finance roles only: they pay, and they alone see the receiving accounts in full."""
        return is_city_finance_reviewer(user) or is_county_finance_reviewer(user)

    @classmethod
    def for_user(cls, user, params) -> BudgetExport:
        options = cls.options_for(user, params)
        allocation = permissions.get_allocation_for_user_or_404(user, options.allocation)
        if allocation.status != AllocationStatus.ISSUED:
            raise Http404(NOT_ISSUED)
        scope = "全市" if is_city_finance_reviewer(user) else user.organisation.jurisdiction.name
        return cls(user=user, options=options, allocation=allocation, scope=scope)

    def content(self, rows: list[dict[str, str]]) -> bytes:
        raise NotImplementedError

    def render(self, progress: Progress = no_progress) -> Rendered:
        allocation, scope = self.objects["allocation"], self.objects["scope"]
        disbursements = selectors.allocation_disbursements_for(self.user, allocation)
        rows = [payment_row(self.user, n, allocation, d) for n, d in enumerate(disbursements, start=1)]
        # Dated by the 下达日期, never by the clock: the same allocation packs to the same bytes.
        moment = timezone.make_aware(dt.datetime.combine(allocation.issued_on, dt.time(0)))
        manifest = BudgetManifest(schema=SCHEMA, allocation=_header(allocation, scope), totals=_totals(rows))
        name = f"拨付数据-{safe_filename(allocation.document_number)}-{safe_filename(scope)}"
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            entry = zip_member_write(archive, f"{name}.{self.extension}", self.content(rows), moment)
            entry.material = self.verbose_name
            manifest.files.append(entry)
            archive.writestr(zip_member_info(MANIFEST_TXT, moment), manifest.as_text())
            archive.writestr(zip_member_info(MANIFEST_JSON, moment), manifest.as_json())
        progress(len(rows), len(rows))
        return Rendered(filename=f"预算一体化{name}-{self.extension.upper()}.zip", mimetype=ZIP, content=out.getvalue())


@register
class BudgetPaymentsCsv(BudgetExport):
    identifier = "budget_payments_csv"
    verbose_name = "预算管理一体化拨付数据（CSV）"
    extension = "csv"

    def content(self, rows: list[dict[str, str]]) -> bytes:
        return payments_csv(rows)


@register
class BudgetPaymentsJson(BudgetExport):
    identifier = "budget_payments_json"
    verbose_name = "预算管理一体化拨付数据（JSON）"
    extension = "json"

    def content(self, rows: list[dict[str, str]]) -> bytes:
        allocation, scope = self.objects["allocation"], self.objects["scope"]
        return payments_json(allocation, scope, rows)
