"""The allocation letter (资金下达通知书) as a Word 公文: issued by the 衡阳市财政局 with the 衡阳市工业和信息化局,
the amount of each county or park in a table, the total, and every amount also in capitals. It is drawn in the
house style of documents/letters.py (red 发文机关标志, the 文号 over a red rule, the two departments side by side)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from docx.oxml import OxmlElement

from core.text import amount_in_capitals, safe_filename
from documents import docx_base as w
from documents import letters
from documents.exporters.base import DOCX, Exporter, Options, Progress, Rendered, no_progress, register
from funds import permissions
from funds.models import YUAN_PER_WAN, Allocation
from funds.services.common import wan_text

CITY_FINANCE_BUREAU = "衡阳市财政局"
CITY_INDUSTRY_BUREAU = "衡阳市工业和信息化局"
ADDRESSEES = "各有关县市区（园区）财政局、工业和信息化局"
NO_BUDGET_SUBJECT = "（未填写）"
COLUMNS = ("序号", "县市区/园区", "项目数", "下达金额（万元）", "下达金额（大写）")
WIDTHS_CM = (1.2, 3.0, 1.6, 3.0, 6.8)  # 15.6 cm: the A4 text width between 公文 margins


def letter_title(allocation: Allocation) -> str:
    return f"关于下达{allocation.award_list.pack.year}年度衡阳市工信领域奖补资金的通知"


def capitals(amount_yuan: Decimal) -> str:
    return f"人民币{amount_in_capitals(amount_yuan / YUAN_PER_WAN)}"


@dataclass(frozen=True)
class AllocationLetterLine:
    jurisdiction: str
    award_count: int
    amount: Decimal  # 元


@dataclass(frozen=True)
class AllocationLetter:
    title: str
    number: str
    issued_on: str
    budget_subject: str
    notice_title: str
    notice_number: str
    lines: list[AllocationLetterLine]
    total: Decimal  # 元
    award_count: int
    signatures: tuple[letters.Signature, letters.Signature]


def allocation_letter(allocation: Allocation) -> AllocationLetter:
    """The letter's facts: the lines as the database holds them (in 元), the sign-offs in real names, and
    （待签发） for a sign-off not yet given."""
    lines = [
        AllocationLetterLine(jurisdiction=line.jurisdiction.name, award_count=line.award_count, amount=line.amount)
        for line in allocation.lines.select_related("jurisdiction")
    ]

    def signature(department: str, user, at) -> letters.Signature:
        name = (user.full_name or user.username) if user else letters.NOT_SIGNED
        return letters.Signature(
            department=department, signer=name, signed_at=letters.chinese_datetime(at) if at else ""
        )

    pack = allocation.award_list.pack
    return AllocationLetter(
        title=letter_title(allocation),
        number=allocation.document_number,
        issued_on=letters.chinese_date(allocation.issued_on),
        budget_subject=allocation.budget_subject or NO_BUDGET_SUBJECT,
        notice_title=pack.title,
        notice_number=pack.document_number,
        lines=lines,
        total=sum((line.amount for line in lines), Decimal("0.00")),
        award_count=sum(line.award_count for line in lines),
        signatures=(
            signature(CITY_FINANCE_BUREAU, allocation.confirmed_by, allocation.confirmed_at),
            signature(CITY_INDUSTRY_BUREAU, allocation.cosigned_by, allocation.cosigned_at),
        ),
    )


def allocation_letter_docx(letter: AllocationLetter) -> bytes:
    doc = w.new_document()
    letters._red_header(doc, [CITY_FINANCE_BUREAU, CITY_INDUSTRY_BUREAU])
    number = w.paragraph(doc, letter.number, align="center", size=16)
    letters._red_rule(number)
    w.title(doc, letter.title)
    w.paragraph(doc, f"{ADDRESSEES}：")
    w.paragraph(
        doc,
        f"根据《{letter.notice_title}》（{letter.notice_number}），经企业申报、县市区（园区）审核推荐、市级审核和公示，"
        f"奖补名单已经确定。现下达奖补资金 {wan_text(letter.total)} 万元（大写：{capitals(letter.total)}），"
        f"共 {letter.award_count} 个项目，各县市区（园区）的金额见下表。",
        indent=True,
    )
    w.paragraph(doc, f"预算科目：{letter.budget_subject}", indent=True)
    t = w.table(doc, 1, len(COLUMNS), header_rows=1)
    for cell, label in zip(t.rows[0].cells, COLUMNS, strict=True):
        w.cell_text(cell, label, bold=True, align="center")
    for index, line in enumerate(letter.lines, start=1):
        w.add_row(t, [index, line.jurisdiction, line.award_count, wan_text(line.amount), capitals(line.amount)])
    w.add_row(t, ["合计", "", letter.award_count, wan_text(letter.total), capitals(letter.total)], bold=True)
    letters._column_widths(t, WIDTHS_CM)
    w.paragraph(
        doc,
        "请各县市区（园区）财政部门收到资金后，会同同级工业和信息化部门及时将奖补资金足额拨付至获奖补企业，"
        "并在平台逐笔登记拨付日期、金额和凭证号；企业在平台确认到账。",
        indent=True,
    )
    w.paragraph(
        doc,
        "各地要加强资金监管，确保专款专用，不得截留、挤占、挪用。对弄虚作假骗取奖补资金或未履行承诺的，"
        "依法依规调减、撤销奖补并追回资金。",
        indent=True,
    )
    # The closing line stays on the page of the signatures, which are never left alone on a page.
    for text in ("特此通知。", ""):
        w.paragraph(doc, text, indent=True).paragraph_format.keep_with_next = True
    # Both departments sign side by side, as on the joint recommendation letter.
    signatures = doc.add_table(rows=1, cols=len(letter.signatures))
    signatures.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    for cell, signature in zip(signatures.rows[0].cells, letter.signatures, strict=True):
        lines = (f"{signature.department}（盖章）", f"签发人：{signature.signer}", signature.signed_at)
        w.cell_text(cell, "\n".join(lines).rstrip(), size=12, align="center")
    w.paragraph(doc, letter.issued_on, align="right")
    w.footer(doc, left=letter.number)
    return w.to_bytes(doc)


class AllocationOptions(Options):
    allocation: int


@register
class AllocationLetterDocx(Exporter):
    identifier = "allocation_letter_docx"
    verbose_name = "资金下达通知书（Word）"
    options_model = AllocationOptions

    @classmethod
    def for_user(cls, user, params) -> AllocationLetterDocx:
        options = cls.options_for(user, params)
        allocation = permissions.get_allocation_for_user_or_404(user, options.allocation)
        return cls(user=user, options=options, allocation=allocation)

    def render(self, progress: Progress = no_progress) -> Rendered:
        allocation = self.objects["allocation"]
        letter = allocation_letter(allocation)
        name = f"资金下达通知书-{safe_filename(allocation.document_number)}.docx"
        return Rendered(filename=name, mimetype=DOCX, content=allocation_letter_docx(letter))
