"""Text for Word, Excel and file names: XML 1.0 cannot hold most control characters, so they are removed (tabs and
line breaks kept) instead of crashing an export."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

import cn2an

# Every C0 control except tab, line feed and carriage return; and the two non-characters XML forbids.
ILLEGAL_XML_CHARS = r"\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff"
ILLEGAL_XML = re.compile(f"[{ILLEGAL_XML_CHARS}]")


# What a person never means to type into a form and what can disguise text (issue 16 §11): every C0 and C1
# control, and the invisible format characters: zero-width ones, bidirectional embeddings, overrides (U+202E
# shows "gnp.exe" for "exe.png") and isolates, the Arabic letter mark, the byte-order mark and the soft hyphen.
_INVISIBLE = "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
_SINGLE_LINE_JUNK = re.compile(f"[\x00-\x1f\x7f-\x9f{_INVISIBLE}]")
_MULTILINE_JUNK = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_INVISIBLE}]")


def strip_invisible(text: str, *, multiline: bool = False) -> str:
    """Typed text without control and invisible format characters, trimmed; line breaks ("\\n") and tabs
    kept only in multi-line text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return (_MULTILINE_JUNK if multiline else _SINGLE_LINE_JUNK).sub("", text).strip()


MAX_NAME_CHARS = 40  # of one part of a file name: Windows paths stop at 260 characters
# Windows refuses these in file names; control characters too.
_UNSAFE_IN_FILENAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def clean_text(value: object) -> str:
    if value is None:
        return ""
    return ILLEGAL_XML.sub("", str(value))


def safe_filename(text: str, *, limit: int = MAX_NAME_CHARS, fallback: str = "材料") -> str:
    """A file name part that Windows, macOS and Linux all accept, from any text (a material, an enterprise,
    a 文号): no / \\ : * ? " < > |, no control characters, no leading or trailing dots and spaces, at most
    `limit` characters; `fallback` when nothing is left."""
    name = _UNSAFE_IN_FILENAME.sub("_", unicodedata.normalize("NFC", clean_text(text))).strip(" ._")
    return name[:limit].rstrip(" ._") or fallback


def amount_in_capitals(amount_wan: Decimal) -> str:
    """An amount in 万元 written in capitals in 元, as on a payment notice: 12.5 → 壹拾贰万伍仟元整."""
    yuan = (Decimal(amount_wan) * 10000).quantize(Decimal("0.01"))
    return cn2an.an2cn(str(yuan), "rmb")


def amount_in_figures(amount_wan: Decimal) -> str:
    return f"{Decimal(amount_wan):,.2f}"


def amount_sentence(amount_wan: Decimal) -> str:
    """12.5 → "12.50 万元（大写：人民币壹拾贰万伍仟元整）": an amount as a notice states it, in figures and in capitals."""
    return f"{amount_in_figures(amount_wan)} 万元（大写：人民币{amount_in_capitals(amount_wan)}）"
