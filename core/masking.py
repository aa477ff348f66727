"""Masking of personal data (mobile, ID and bank account numbers) for lists and public pages, and in free text
(log lines, tracebacks)."""

from __future__ import annotations

import re


def mask_mobile(value: str | None) -> str:
    """13812345678 -> 138****5678. Anything shorter than 7 characters is fully masked."""
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) < 7:
        return "*" * len(value)
    return f"{value[:3]}{'*' * (len(value) - 7)}{value[-4:]}"


def mask_id_number(value: str | None) -> str:
    """430405199001011234 -> 4304**********1234 (region kept, birth date hidden)."""
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return f"{value[:4]}{'*' * (len(value) - 8)}{value[-4:]}"


def mask_bank_account(value: str | None) -> str:
    """6222021234567890123 -> ***************0123 (the last four digits, as a bank slip shows them)."""
    value = (value or "").replace(" ", "")
    if not value:
        return ""
    if len(value) <= 4:
        return "*" * len(value)
    return f"{'*' * (len(value) - 4)}{value[-4:]}"


# A resident ID number (18 characters, or the old 15 digits), a bank account (16-19 digits), a mobile number
# (11 digits, perhaps after +86). ID numbers first: their digits would otherwise be taken for an account.
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
_BANK_ACCOUNT = re.compile(r"(?<!\d)\d{16,19}(?!\d)")
_MOBILE = re.compile(r"(?:(?<=86)|(?<!\d))1[3-9]\d{9}(?!\d)")


def mask_personal_data(text: str) -> str:
    """`text` with every ID, bank account and mobile number masked as the functions above mask them on pages."""
    text = _ID_NUMBER.sub(lambda m: mask_id_number(m.group(0)), text)
    text = _BANK_ACCOUNT.sub(lambda m: mask_bank_account(m.group(0)), text)
    return _MOBILE.sub(lambda m: mask_mobile(m.group(0)), text)
