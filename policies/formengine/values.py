"""One value: the text typed into one box, parsed as a value of its field's kind (or an error)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from core import industry, validators
from core.text import strip_invisible
from policies.formengine import messages
from policies.formengine.kinds import DEFAULT_MAX_LENGTH, MAX_DIGITS, OTHER_MAX_LENGTH
from policies.pack.schema import FormField


def normalise_text(text: str, *, multiline: bool) -> str:
    """What a browser would post back for this text, trimmed: no control or invisible format characters
    (core.text.strip_invisible), "\\n" line breaks, and no line breaks at all in a one-line box (browsers
    strip them from <input> values)."""
    return strip_invisible(text, multiline=multiline)


def _strip_unit(text: str, field: FormField) -> str:
    for unit in (field.unit, "%" if field.kind == "percentage" else None):
        if unit and text.endswith(unit):
            return text[: -len(unit)]
    return text


def format_decimal(value: Decimal) -> str:
    """The stored form of a decimal: no exponent, no trailing zeros, "0" for zero."""
    if value == 0:
        return "0"
    return format(value.normalize(), "f")


_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_INTEGER = re.compile(r"[+-]?[0-9]+")


def _without_grouping(text: str) -> str | None:
    """ "1,234.5" -> "1234.5"; a comma anywhere but between groups of three digits is no number ("12,5")."""
    text = re.sub(r"\s", "", text)
    if "," not in text:
        return text
    if not re.fullmatch(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?", text):
        return None
    return text.replace(",", "")


def parse_decimal(field: FormField, text: str) -> tuple[Any, str | None]:
    text = _without_grouping(_strip_unit(validators.without_spaces(text), field))
    if text is None or not _DECIMAL.fullmatch(text):
        return None, messages.NOT_A_NUMBER
    if sum(ch.isdigit() for ch in text) > MAX_DIGITS:
        return None, messages.NUMBER_TOO_LONG
    return format_decimal(Decimal(text)), None


def _parse_integer(field: FormField, text: str) -> tuple[Any, str | None]:
    text = _without_grouping(_strip_unit(validators.without_spaces(text), field))
    if text is None or not _INTEGER.fullmatch(text):
        return None, messages.NOT_AN_INTEGER
    if len(text.lstrip("+-")) > MAX_DIGITS:
        return None, messages.NUMBER_TOO_LONG
    return int(text), None


def parse_year(field: FormField, text: str) -> tuple[Any, str | None]:
    text = validators.without_spaces(text).removesuffix("年")
    if not re.fullmatch(r"[0-9]{4}", text) or not 1900 <= int(text) <= 2100:
        return None, messages.NOT_A_YEAR
    return int(text), None


def _parse_date(field: FormField, text: str) -> tuple[Any, str | None]:
    date = validators.parse_date(text)
    if date is None:
        return None, messages.BAD_DATE
    if not validators.date_in_range(date):
        return None, messages.DATE_OUT_OF_RANGE
    return date.isoformat(), None


def _parse_year_month(field: FormField, text: str) -> tuple[Any, str | None]:
    year_month = validators.parse_year_month(text)
    return (f"{year_month[0]:04d}-{year_month[1]:02d}", None) if year_month else (None, messages.BAD_YEAR_MONTH)


def _parse_phone(field: FormField, text: str) -> tuple[Any, str | None]:
    phone = validators.normalise_phone(text)
    return (phone, None) if phone else (None, messages.BAD_PHONE)


_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


def _parse_email(field: FormField, text: str) -> tuple[Any, str | None]:
    text = validators.without_spaces(text)
    return (text, None) if _EMAIL.fullmatch(text) else (None, messages.BAD_EMAIL)


def _parse_uscc(field: FormField, text: str) -> tuple[Any, str | None]:
    result = validators.validate_uscc(text)
    return (result.code, None) if result.valid else (None, result.message)


_ID_NUMBER_MESSAGES = {
    validators.ERROR_ID_NUMBER_FORMAT: messages.BAD_ID_NUMBER,
    validators.ERROR_ID_NUMBER_CHECK: messages.BAD_ID_NUMBER_CHECK,
}


def _parse_id_number(field: FormField, text: str) -> tuple[Any, str | None]:
    code = validators.normalise_id_number(text)
    error = validators.id_number_error(code)
    return (None, _ID_NUMBER_MESSAGES[error]) if error else (code, None)


_INDUSTRY_CHECKS = {
    "大类": industry.is_valid_division,
    "中类": industry.is_valid_group,
    "小类": industry.is_valid_class,
}


def _parse_industry(field: FormField, text: str) -> tuple[Any, str | None]:
    level = field.level or "大类"
    digits = {"大类": 2, "中类": 3, "小类": 4}[level]
    text = re.sub(r"\s+", " ", text)
    match = re.match(rf"([0-9]{{{digits}}})(?![0-9])", validators.nfkc(text))
    if not match:
        return None, messages.BAD_INDUSTRY[level]
    code = match.group(1)
    if not _INDUSTRY_CHECKS[level](code):
        return None, messages.UNKNOWN_INDUSTRY.format(level=level, code=code)
    if validators.nfkc(text) == code:  # just the code: add the name as the template prints it
        return industry.label(code), None
    return text, None


PARSERS = {
    "text": lambda field, text: (text, None),
    "long_text": lambda field, text: (text, None),
    "number": parse_decimal,
    "money": parse_decimal,
    "percentage": parse_decimal,
    "integer": _parse_integer,
    "year": parse_year,
    "date": _parse_date,
    "year_month": _parse_year_month,
    "phone": _parse_phone,
    "email": _parse_email,
    "uscc": _parse_uscc,
    "id_number": _parse_id_number,
    "industry": _parse_industry,
}


def max_length(field: FormField) -> int:
    """The most characters one box of the field may hold (kinds.DEFAULT_MAX_LENGTH); never below what the
    template's own max_chars allows, with room for the whitespace it does not count."""
    default = DEFAULT_MAX_LENGTH.get(field.kind, OTHER_MAX_LENGTH)
    return max(default, 2 * field.max_chars) if field.max_chars else default


def parse_text(field: FormField, text: str | None) -> tuple[Any, str | None, str | None]:
    """One typed text as a value of a scalar field: (value, error, text to keep when it is not a value).
    Text beyond the field's max_length is an error, and only its first max_length characters are kept."""
    if text is None:
        return None, None, None
    limit = max_length(field)
    text = str(text)
    if len(text) > 2 * limit:  # cut before normalising, which walks every character
        text = text[: 2 * limit]
    cleaned = normalise_text(text, multiline=field.kind == "long_text")
    if not cleaned:
        return None, None, None
    if len(cleaned) > limit:
        return None, messages.TOO_LONG.format(limit=limit), cleaned[:limit]
    value, error = PARSERS[field.kind](field, cleaned)
    if error:
        return None, error, cleaned
    return value, None, None
