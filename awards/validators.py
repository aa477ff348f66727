"""Checks of what an objector types: a real name, a contact phone, an optional ID number, the content.

The objection form shows these next to the fields; the service runs them again, as the authority.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

from core.validators import id_number_error, nfkc, normalise_id_number, normalise_phone, without_spaces

NAME_REQUIRED = "请填写异议人的真实姓名。"
NAME_INVALID = "请填写真实姓名（2 至 30 个字，不含数字和符号）。"
PHONE_REQUIRED = "请填写联系电话，以便核实异议情况。"
PHONE_INVALID = "请填写 11 位手机号码（如 13812345678）或带区号的固定电话（如 0734-8855130）。"
ID_NUMBER_INVALID = "身份证号格式不正确，请填写 18 位居民身份证号码（选填）。"
CONTENT_REQUIRED = "请填写异议内容：对哪一项、有什么异议、依据是什么。"
CONTENT_TOO_LONG = "异议内容不超过 {limit} 字（当前 {count} 字）。"
CONTENT_LIMIT = 2000

# Chinese characters, Latin letters, the middle dot of minority names, and inner spaces.
_NAME = re.compile(r"[\u3400-\u9fffA-Za-z][\u3400-\u9fffA-Za-z·．. ]*[\u3400-\u9fffA-Za-z]")


def clean_objector_name(value: str) -> str:
    value = re.sub(r"\s+", " ", nfkc(value or "")).strip()
    if not value:
        raise ValidationError(NAME_REQUIRED, code="required")
    value = value.replace("•", "·").replace("・", "·")
    if not (2 <= len(value) <= 30 and _NAME.fullmatch(value)):
        raise ValidationError(NAME_INVALID, code="invalid")
    return value


def clean_contact_phone(value: str) -> str:
    """A mainland mobile (1[3-9] and 9 digits) or a landline with its area code; returned normalised."""
    if not without_spaces(value or ""):
        raise ValidationError(PHONE_REQUIRED, code="required")
    phone = normalise_phone(value, extension=False)
    if phone is None:
        raise ValidationError(PHONE_INVALID, code="invalid")
    return phone


def clean_id_number(value: str) -> str:
    """Optional: empty stays empty; otherwise 18 characters with a valid date and GB 11643 check character."""
    text = normalise_id_number(value or "")
    if not text:
        return ""
    if id_number_error(text):
        raise ValidationError(ID_NUMBER_INVALID, code="invalid")
    return text


def clean_content(value: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(CONTENT_REQUIRED, code="required")
    if len(value) > CONTENT_LIMIT:
        raise ValidationError(CONTENT_TOO_LONG.format(limit=CONTENT_LIMIT, count=len(value)), code="max_length")
    return value
