"""Stored values: is a value in the answers one of its field's kind, and within the field's limits?
(Answers may come from prefill, an import or an older version of the page, not only from a POST.)"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from policies.formengine import messages
from policies.formengine.kinds import DECIMAL_KINDS, INTEGER_KINDS, MONEY_DECIMALS, SCALAR_KINDS
from policies.formengine.values import PARSERS, format_decimal, max_length, parse_decimal, parse_year
from policies.pack.schema import FormField


def is_blank(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def kind_error(field: FormField, value: Any) -> str | None:
    """The message when a stored value is not one of the field's kind, else None."""
    kind = field.kind
    if kind in INTEGER_KINDS:
        if isinstance(value, bool) or not isinstance(value, int):
            return messages.NOT_A_YEAR if kind == "year" else messages.NOT_AN_INTEGER
        return parse_year(field, str(value))[1] if kind == "year" else None
    if kind in DECIMAL_KINDS:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            return messages.NOT_A_NUMBER
        return parse_decimal(field, str(value))[1]
    if kind in SCALAR_KINDS:
        if not isinstance(value, str):
            return messages.BAD_VALUE
        return PARSERS[kind](field, value)[1]
    if kind == "boolean":
        return None if isinstance(value, bool) else messages.BAD_BOOLEAN
    if kind == "single_choice":
        ok = isinstance(value, dict) and isinstance(value.get("value"), str) and isinstance(value.get("other", ""), str)
        return None if ok else messages.BAD_VALUE
    if kind == "multiple_choice":
        values = value.get("values") if isinstance(value, dict) else None
        ok = isinstance(values, list) and all(isinstance(v, str) for v in values)
        return None if ok and isinstance(value.get("other", ""), str) else messages.BAD_VALUE
    return messages.BAD_VALUE


def count_chars(text: str) -> int:
    """Characters as the template's "500字以内" counts them: whitespace does not count."""
    return sum(1 for ch in text if not ch.isspace())


def _format_limit(limit: float) -> str:
    return format_decimal(Decimal(repr(limit)))


def limit_error(field: FormField, value: Any) -> str | None:
    """The message when a value of the right kind breaks the field's length, range or decimals."""
    if isinstance(value, str) and len(value) > max_length(field):
        return messages.TOO_LONG.format(limit=max_length(field))
    if field.max_chars and isinstance(value, str):
        count = count_chars(value)
        if count > field.max_chars:
            return messages.TOO_MANY_CHARS.format(count=count, limit=field.max_chars)
    if field.kind in INTEGER_KINDS | DECIMAL_KINDS:
        number = Decimal(str(value))
        if field.min_value is not None and number < Decimal(repr(field.min_value)):
            return messages.TOO_SMALL.format(limit=_format_limit(field.min_value))
        if field.max_value is not None and number > Decimal(repr(field.max_value)):
            return messages.TOO_LARGE.format(limit=_format_limit(field.max_value))
        decimals = field.decimals if field.decimals is not None else (MONEY_DECIMALS if field.kind == "money" else None)
        exponent = number.normalize().as_tuple().exponent
        if decimals is not None and isinstance(exponent, int) and -exponent > decimals:
            return messages.TOO_MANY_DECIMALS.format(decimals=decimals)
    return None
