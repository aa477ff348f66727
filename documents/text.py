"""Text for Word and Excel: XML 1.0 cannot hold most control characters, so they are removed (tabs and
line breaks kept) instead of crashing an export."""

from __future__ import annotations

import re
from decimal import Decimal

import cn2an

# Every C0 control except tab, line feed and carriage return; and the two non-characters XML forbids.
ILLEGAL_XML_CHARS = r"\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff"
ILLEGAL_XML = re.compile(f"[{ILLEGAL_XML_CHARS}]")


def clean_text(value: object) -> str:
    if value is None:
        return ""
    return ILLEGAL_XML.sub("", str(value))


def amount_in_capitals(amount_wan: Decimal) -> str:
    """An amount in 万元 written in capitals in 元, as on a payment notice: 12.5 → 壹拾贰万伍仟元整."""
    yuan = (Decimal(amount_wan) * 10000).quantize(Decimal("0.01"))
    return cn2an.an2cn(str(yuan), "rmb")


def amount_in_figures(amount_wan: Decimal) -> str:
    return f"{Decimal(amount_wan):,.2f}"
