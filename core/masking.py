"""Masking of personal data (mobile, ID and bank account numbers) for lists and public pages."""

from __future__ import annotations


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
