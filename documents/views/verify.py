"""The public verification page: anyone holding a printed or downloaded application checks its receipt number
and digest against the platform. No login; no personal data is ever shown."""

from __future__ import annotations

from django import forms
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.ratelimit import rate_limit_hit
from documents.verification import (
    VerificationStatus,
    digest_is_well_formed,
    normalise_receipt_number,
    verify,
)

# User-facing messages (tests import them). A receipt number that does not exist and one whose digest does not match
# get the same answer (issue 16 §4): receipt numbers are sequential, and a different answer let anyone find out, one
# guess at a time, which numbers exist, that is how many applications each county sent for each item.
NOT_VERIFIED = (
    "核验未通过：平台上没有与该回执号和摘要都一致的提交。请核对回执号和摘要是否抄写有误；如无误，这份材料可能被修改过。"
)
MESSAGES = {
    VerificationStatus.MATCH: "核验通过：摘要与该回执号的当前提交内容一致。",
    VerificationStatus.SUPERSEDED: (
        "摘要与该回执号第 {round} 次提交的内容一致，但该申报此后已重新提交（共提交 {rounds} 次），"
        "这份材料不是最新版本，请以最新提交的内容为准。"
    ),
    VerificationStatus.MISMATCH: NOT_VERIFIED,
    VerificationStatus.UNKNOWN: NOT_VERIFIED,
}
DIGEST_MALFORMED = "摘要应为页脚所印的 16 位（如 3F2A-9C1B-0D4E-77A0），或完整的 64 位十六进制字符。"


class VerifyForm(forms.Form):
    receipt_number = forms.CharField(
        label="回执号",
        max_length=60,
        help_text="申报书封面和每页页脚所印的回执号，由“HY年度-区划代码-事项序号-流水号”组成。",
    )
    digest = forms.CharField(
        label="摘要",
        max_length=200,
        help_text="页脚所印的 16 位摘要，或完整的 64 位 SM3 摘要；大小写和连字符均可。",
    )

    def clean_receipt_number(self) -> str:
        return normalise_receipt_number(self.cleaned_data["receipt_number"])

    def clean_digest(self) -> str:
        digest = self.cleaned_data["digest"]
        if not digest_is_well_formed(digest):
            raise forms.ValidationError(DIGEST_MALFORMED)
        return digest


@require_GET
def verify_view(request, receipt_number: str = ""):
    submitted = "digest" in request.GET or "receipt_number" in request.GET
    if submitted:
        data = {"receipt_number": receipt_number, **request.GET.dict()}
        form = VerifyForm(data)
    else:
        form = VerifyForm(initial={"receipt_number": normalise_receipt_number(receipt_number)})
    result = message = None
    status = 200
    if submitted and form.is_valid():
        refusal = rate_limit_hit(request, action="verify")
        if refusal is not None:
            form.add_error(None, refusal.message)
            status = 429
        else:
            result = verify(form.cleaned_data["receipt_number"], form.cleaned_data["digest"])
            message = MESSAGES[result.status].format(round=result.round, rounds=result.rounds)
    # The page shows "mismatch" for a number that does not exist too (see NOT_VERIFIED).
    shown_status = result and (result.status if result.matched else VerificationStatus.MISMATCH)
    context = {"form": form, "result": result, "message": message, "shown_status": shown_status}
    return render(request, "documents/verify.html", context, status=status)
