"""Letters as Word 公文: the county's joint recommendation letter (联合推荐文件) and the enterprise's
award notice (奖补通知书). The wording follows the HTML letter of review/templates/review/batch_detail.html."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from accounts.choices import OrganisationKind
from accounts.models import Jurisdiction, Organisation
from accounts.reference import bureau_names
from applications.models import Application
from awards.choices import AwardListStatus
from awards.models import AwardEntry
from core.text import amount_in_capitals, amount_in_figures, amount_sentence
from documents import docx_base as w
from review.models import RecommendationBatch
from review.selectors import METHOD_LABELS, SummaryRow, batch_summary_rows, summary_totals

# Who the county writes to when the notice names no issuers (it always does; this is a safe default).
CITY_ADDRESSEES = ("衡阳市工业和信息化局", "衡阳市财政局")
NOT_SIGNED = "（待签发）"
RED = RGBColor(0xC0, 0x00, 0x00)
LETTER_COLUMNS = ("序号", "企业名称", "支持事项", "项目名称", "申请金额（万元）")
LETTER_WIDTHS_CM = (1.2, 4.3, 4.3, 3.5, 2.3)  # 15.6 cm: the A4 text width between 公文 margins
NOTICE_WIDTHS_CM = (4.0, 11.6)


def letter_title(batch: RecommendationBatch) -> str:
    # The same title as the HTML letter on the batch page.
    return f"关于推荐{batch.pack.year}年衡阳市工信领域奖补资金项目的函"


def award_notice_title(application: Application) -> str:
    return f"{application.pack.year}年度衡阳市工信领域奖补资金奖补通知书"


def chinese_date(value: dt.date | dt.datetime) -> str:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return f"{value.year}年{value.month}月{value.day}日"


def chinese_datetime(value: dt.datetime) -> str:
    local = timezone.localtime(value)
    return f"{chinese_date(local)} {local:%H:%M}"


def jurisdiction_bureaus(jurisdiction: Jurisdiction) -> tuple[str, str]:
    """The names of the jurisdiction's 工信 and 财政 bureaus as stored (edited in the admin), else the reference names."""
    stored = dict(
        Organisation.objects.filter(
            jurisdiction=jurisdiction, kind__in=(OrganisationKind.INDUSTRY_BUREAU, OrganisationKind.FINANCE_BUREAU)
        ).values_list("kind", "name")
    )
    default_industry, default_finance = bureau_names(jurisdiction.name, jurisdiction.kind == "city_park")
    return (
        stored.get(OrganisationKind.INDUSTRY_BUREAU, default_industry),
        stored.get(OrganisationKind.FINANCE_BUREAU, default_finance),
    )


def notice_issuers(pack) -> tuple[str, ...]:
    issuers = tuple(i["name"] for i in pack.notice.get("issuers", []) if i.get("name"))
    return issuers or CITY_ADDRESSEES


def _red_header(doc, lines: list[str]) -> None:
    """发文机关标志: the issuing bureaus in red, centred, one per line, then a red rule under the 文号."""
    for line in lines:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        run = p.add_run(line)
        w._set_fonts(run, w.TITLE_FONT, size=26)
        run.font.color.rgb = RED


def _column_widths(t, widths_cm: tuple[float, ...]) -> None:
    """Fixed column widths (Word honours the cell widths, LibreOffice the grid; both are set)."""
    t.autofit = False
    for column, width in zip(t.columns, widths_cm, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


def _red_rule(paragraph) -> None:
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "4"), ("w:color", "C00000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


@dataclass(frozen=True)
class Signature:
    department: str
    signer: str
    signed_at: str


@dataclass(frozen=True)
class BatchLetter:
    title: str
    number: str
    industry_bureau: str
    finance_bureau: str
    addressees: tuple[str, ...]
    notice_title: str
    notice_number: str
    rows: list[SummaryRow]
    total: Decimal
    signatures: tuple[Signature, Signature]


def batch_letter(batch: RecommendationBatch) -> BatchLetter:
    industry, finance = jurisdiction_bureaus(batch.jurisdiction)
    rows = batch_summary_rows(batch)

    def signature(department: str, user, at) -> Signature:
        name = (user.full_name or user.username) if user else NOT_SIGNED
        return Signature(department=department, signer=name, signed_at=chinese_datetime(at) if at else "")

    return BatchLetter(
        title=letter_title(batch),
        number=batch.number,
        industry_bureau=industry,
        finance_bureau=finance,
        addressees=notice_issuers(batch.pack),
        notice_title=batch.pack.title,
        notice_number=batch.pack.document_number,
        rows=rows,
        total=summary_totals(rows).requested_amount or Decimal(0),  # the letter's sentence needs a figure
        signatures=(
            signature(industry, batch.industry_signed_by, batch.industry_signed_at),
            signature(finance, batch.finance_signed_by, batch.finance_signed_at),
        ),
    )


def batch_letter_docx(letter: BatchLetter) -> bytes:
    doc = w.new_document()
    _red_header(doc, [letter.industry_bureau, letter.finance_bureau])
    number = w.paragraph(doc, letter.number or "（文号待填）", align="center", size=16)
    _red_rule(number)
    w.title(doc, letter.title)
    w.paragraph(doc, "、".join(letter.addressees) + "：")
    w.paragraph(
        doc,
        f"根据《{letter.notice_title}》（{letter.notice_number}）要求，{letter.industry_bureau}与{letter.finance_bureau}"
        "共同组织本辖区企业申报，对项目是否符合国家法律法规和产业政策、是否符合专项资金支持范围和条件进行了审查，"
        f"对项目资料真实性、完整性、规范性负责。经审核，现联合推荐以下 {len(letter.rows)} 个项目（详见附件：申报汇总表）：",
        indent=True,
    )
    t = w.table(doc, 1, len(LETTER_COLUMNS), header_rows=1)
    for cell, label in zip(t.rows[0].cells, LETTER_COLUMNS, strict=True):
        w.cell_text(cell, label, bold=True, align="center")
    for row in letter.rows:
        amount = row.requested_amount
        w.add_row(
            t,
            [row.serial_number, row.enterprise_name, row.support_item, row.project_name,
             amount_in_figures(amount) if amount is not None else ""],
        )  # fmt: skip
    w.add_row(t, ["合计", "", "", "", amount_in_figures(letter.total)], bold=True)
    _column_widths(t, LETTER_WIDTHS_CM)
    w.paragraph(
        doc,
        f"以上共 {len(letter.rows)} 个项目，申请金额合计 {amount_sentence(letter.total)}。",
        indent=True,
    )
    w.paragraph(doc, "特此函告。", indent=True)
    w.paragraph(doc, "附件：申报汇总表", indent=True)
    w.paragraph(doc, "")
    # The two departments sign side by side, as on a joint 公文 (a table without borders keeps them on one page).
    signatures = doc.add_table(rows=1, cols=len(letter.signatures))
    row_properties = signatures.rows[0]._tr.get_or_add_trPr()
    row_properties.append(OxmlElement("w:cantSplit"))
    for cell, signature in zip(signatures.rows[0].cells, letter.signatures, strict=True):
        lines = (f"{signature.department}（盖章）", f"签发人：{signature.signer}", signature.signed_at)
        w.cell_text(cell, "\n".join(lines).rstrip(), size=12, align="center")
    w.footer(doc, left=letter.number)
    return w.to_bytes(doc)


@dataclass(frozen=True)
class AwardNotice:
    title: str
    receipt_number: str
    enterprise: str
    uscc: str
    item: str
    subtype: str
    support_method: str
    project_name: str
    amount: Decimal
    notice_title: str
    notice_number: str
    legal_basis: str
    issuers: tuple[str, ...]
    public_period: str
    issued_on: str


def award_notice(application: Application) -> AwardNotice:
    entry = (
        AwardEntry.objects.filter(application=application, excluded=False, award_list__status=AwardListStatus.FINAL)
        .select_related("award_list__public_notice")
        .first()
    )
    public_period = ""
    issued_on = timezone.localdate()
    if entry is not None:
        award_list = entry.award_list
        notice = getattr(award_list, "public_notice", None)
        if notice is not None:
            public_period = f"{chinese_date(notice.starts_on)}至{chinese_date(notice.ends_on)}"
        if award_list.finalised_at:
            issued_on = timezone.localdate(award_list.finalised_at)
    amount = application.award_amount if application.award_amount is not None else getattr(entry, "amount", Decimal(0))
    profile = getattr(application.enterprise, "profile", None)
    pack = application.pack
    return AwardNotice(
        title=award_notice_title(application),
        receipt_number=application.receipt_number or "",
        enterprise=application.enterprise.name,
        uscc=getattr(profile, "uscc", "") or "",
        item=f"{application.item.number}. {application.item.name}",
        subtype=application.subtype_name,
        support_method=METHOD_LABELS.get(application.item.support_method, ""),
        project_name=application.project_name,
        amount=amount,
        notice_title=pack.title,
        notice_number=pack.document_number,
        legal_basis=pack.notice.get("legal_basis", ""),
        issuers=notice_issuers(pack),
        public_period=public_period,
        issued_on=chinese_date(issued_on),
    )


def award_notice_docx(notice: AwardNotice) -> bytes:
    doc = w.new_document()
    w.title(doc, notice.title, size=18)
    if notice.receipt_number:
        w.paragraph(doc, f"回执号：{notice.receipt_number}", align="center", size=12)
    w.paragraph(doc, f"{notice.enterprise}：")
    basis = f"及{notice.legal_basis}" if notice.legal_basis else ""
    w.paragraph(
        doc,
        f"根据《{notice.notice_title}》（{notice.notice_number}）{basis}，经企业申报、县市区（园区）审核推荐、"
        "市级审核和公示，你单位申报的项目确定给予奖补资金。现将有关事项通知如下：",
        indent=True,
    )
    rows = [
        ("申报单位", notice.enterprise),
        ("统一社会信用代码", notice.uscc),
        ("支持事项", notice.item),
        ("申报类型", notice.subtype),
        ("项目名称", notice.project_name),
        ("支持方式", notice.support_method),
        ("奖补金额（小写）", f"{amount_in_figures(notice.amount)} 万元"),
        ("奖补金额（大写）", f"人民币{amount_in_capitals(notice.amount)}"),
        ("公示期", notice.public_period),
    ]
    rows = [(label, value) for label, value in rows if value]
    t = w.table(doc, len(rows), 2)
    for (label, value), row in zip(rows, t.rows, strict=True):
        w.cell_text(row.cells[0], label, bold=True, size=12)
        w.cell_text(row.cells[1], value, size=12)
    _column_widths(t, NOTICE_WIDTHS_CM)
    w.paragraph(
        doc,
        "奖补资金按财政资金拨付的有关规定拨付。请你单位按照绩效目标表（附件3）的承诺组织项目实施，"
        "规范使用资金，并接受绩效运行监控和绩效评价。",
        indent=True,
    )
    w.paragraph(doc, "特此通知。", indent=True)
    w.paragraph(doc, "")
    w.paragraph(doc, "　".join(notice.issuers), align="right")
    w.paragraph(doc, notice.issued_on, align="right")
    w.footer(doc, left=notice.receipt_number)
    return w.to_bytes(doc)
