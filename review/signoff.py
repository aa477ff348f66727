"""Real-name sign-offs (the county's 签发, the city's 确认 and 会签): what the signer was shown and confirmed,
checked by the signing service against what it is about to sign, so that nobody signs by a single click or
signs something other than what they read."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError

from core.text import amount_sentence

SIGN_OFF_REQUIRED = "请先核对签署内容（文号、项目数、金额合计），勾选确认后再以本人实名签署。"
SIGN_OFF_CHANGED = "签署内容已有变化（现为 {count} 项，{total_label} {total}），请重新核对后再确认。"
REAL_NAME_REQUIRED = "实名签署须登记真实姓名：您的账号尚未登记，请联系系统管理员补充后再办理。"


@dataclass(frozen=True)
class SignOffFacts:
    """What a sign-off covers: the document (文号), how many projects, their total (万元; None when no
    amount is given), and what the total is called."""

    document: str
    count: int
    total: Decimal | None
    total_label: str = "金额合计"

    @property
    def total_text(self) -> str:
        return "—" if self.total is None else amount_sentence(self.total)


def real_name_check(actor) -> None:
    if not (getattr(actor, "full_name", "") or "").strip():
        raise ValidationError(REAL_NAME_REQUIRED)


def sign_off_check(*, confirmed: SignOffFacts | None, current: SignOffFacts) -> None:
    """Refuse a sign-off that was not confirmed, or whose facts changed since they were shown."""
    if confirmed is None:
        raise ValidationError(SIGN_OFF_REQUIRED)
    if (confirmed.count, confirmed.total) != (current.count, current.total):
        raise ValidationError(
            SIGN_OFF_CHANGED.format(count=current.count, total_label=current.total_label, total=current.total_text)
        )
