"""The one home of the identity checks every form uses: 统一社会信用代码, phone numbers, 居民身份证号码 and
dates. Each check returns the normalised value or an error kind; the caller words the message for its page.

Sources (see reference/README.md):
- GB 32100-2015《法人和其他组织统一社会信用代码编码规则》: 18 characters from
  ``USCC_ALPHABET`` (digits and upper-case letters without I, O, Z, S, V):
  position 1 registration authority, 2 entity type, 3-8 administrative division of
  the registration authority (GB/T 2260), 9-17 organisation code (主体标识码),
  18 check character computed over positions 1-17 modulo 31.
- GB 11714-1997《全国组织机构代码编制规则》: the 9-character organisation code is an
  8-character body plus its own check character computed modulo 11.
- GB 11643-1999《公民身份号码》: 6-digit address code, 8-digit birth date, 3-digit sequence and a check
  character computed modulo 11 ("X" for 10).

Pure Python: no Django, no database, no request. Messages the user sees are in
Chinese; the ``ERROR_*`` constants are stable machine-readable error kinds.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_LENGTH = 18
# GB 32100-2015 weights for positions 1-17; they are 3**i mod 31.
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# GB 11714-1997 weights for the 8-character body of the organisation code.
ORGANISATION_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
# GB 11714 body characters: digits 0-9 and letters A=10 ... Z=35.
_ORGANISATION_BODY_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# Parts of the code (0-based slices of the 1-based positions in the standard).
DIVISION_SLICE = slice(2, 8)  # positions 3-8
ORGANISATION_SLICE = slice(8, 17)  # positions 9-17
HENGYANG_DIVISION_PREFIX = "4304"  # GB/T 2260: 430400 衡阳市

_INDEX = {character: index for index, character in enumerate(USCC_ALPHABET)}

# Error kinds (``USCCResult.error``).
ERROR_EMPTY = "empty"
ERROR_WRONG_LENGTH = "wrong_length"
ERROR_BAD_CHARACTER = "bad_character"
ERROR_BAD_ORGANISATION_CHECK = "bad_organisation_check"
ERROR_BAD_CHECK_CHARACTER = "bad_check_character"

# Messages the user sees; placeholders are filled with str.format.
USCC_OK = "统一社会信用代码校验通过。"
USCC_EMPTY = "请填写统一社会信用代码：共 18 位，印在营业执照（或登记证书）上。"
USCC_WRONG_LENGTH = (
    "统一社会信用代码应为 18 位，您输入了 {length} 位（不计空格）。请对照营业执照检查是否漏输或多输了字符。"
)
USCC_BAD_CHARACTER = (
    "第 {position} 位的“{character}”不是统一社会信用代码使用的字符。代码只由数字 0-9 和大写英文字母组成，"
    "且从不使用字母 I、O、Z、S、V（如看到的是 0 或 1，请输入数字）。请对照营业执照修改。"
)
USCC_BAD_ORGANISATION_CHECK = (
    "第 9-17 位（组织机构代码部分）校验不通过，这一段很可能有字符输错。请对照营业执照逐位核对第 9-17 位。"
)
USCC_BAD_CHECK_CHARACTER = (
    "第 18 位校验码与前 17 位不符，代码中很可能有一位输错或相邻两位顺序颠倒。请对照营业执照逐位核对全部 18 位。"
)

# Invisible characters that copying from web pages or PDFs tends to bring along.
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}
# Full-width ASCII (U+FF01-U+FF5E) to half-width (U+0021-U+007E); U+3000 is the
# ideographic (full-width) space and is removed with the other spaces.
_FULL_TO_HALF = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
# Upper-case ASCII letters only: str.upper() would turn e.g. "ß" into "SS".
_ASCII_UPPER = {code: code - 32 for code in range(ord("a"), ord("z") + 1)}


@dataclass(frozen=True)
class USCCResult:
    valid: bool
    code: str  # normalised input
    error: str | None  # one of the ERROR_* constants, None when valid
    message: str  # Chinese, for the user
    division_code: str | None = None  # positions 3-8, only when valid


def normalise_uscc(text: str | None) -> str:
    """Remove spaces (incl. full-width), convert full-width to half-width, upper-case."""
    if not text:
        return ""
    text = str(text).translate(_FULL_TO_HALF)
    text = "".join(ch for ch in text if not ch.isspace() and ch not in _INVISIBLE)
    return text.translate(_ASCII_UPPER)


def organisation_code_check_character(first8: str) -> str:
    """GB 11714 check character for an 8-character organisation code body.

    check = 11 - (sum of value * weight mod 11); 10 is written 'X', 11 is written '0'.
    """
    if len(first8) != 8 or any(ch not in _ORGANISATION_BODY_ALPHABET for ch in first8):
        raise ValueError(f"organisation code body must be 8 characters of 0-9/A-Z, got {first8!r}")
    total = sum(_ORGANISATION_BODY_ALPHABET.index(ch) * w for ch, w in zip(first8, ORGANISATION_CODE_WEIGHTS))
    check = 11 - total % 11
    if check == 10:
        return "X"
    if check == 11:
        return "0"
    return str(check)


def uscc_check_character(first17: str) -> str:
    """GB 32100 check character (position 18) for the first 17 characters."""
    if len(first17) != USCC_LENGTH - 1 or any(ch not in _INDEX for ch in first17):
        raise ValueError(f"need 17 characters of USCC_ALPHABET, got {first17!r}")
    total = sum(_INDEX[ch] * w for ch, w in zip(first17, USCC_WEIGHTS))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def _organisation_code_ok(code9: str) -> bool:
    # Every character of the USCC alphabet is also in the GB 11714 body alphabet.
    return organisation_code_check_character(code9[:8]) == code9[8]


def _display(character: str) -> str:
    """The character as the user can recognise it; invisible ones as U+XXXX."""
    if character.isprintable():
        return character
    name = unicodedata.name(character, "")
    return f"U+{ord(character):04X}" + (f" {name}" if name else "")


def validate_uscc(text: str | None) -> USCCResult:
    """Validate a 统一社会信用代码; the first problem found is reported.

    Order: empty, length, characters, organisation code check (positions 9-17),
    overall check character (position 18). A typo in positions 9-17 usually breaks
    the organisation code check first, which tells the user where to look.
    """
    code = normalise_uscc(text)
    if not code:
        return USCCResult(False, code, ERROR_EMPTY, USCC_EMPTY)
    if len(code) != USCC_LENGTH:
        return USCCResult(False, code, ERROR_WRONG_LENGTH, USCC_WRONG_LENGTH.format(length=len(code)))
    for position, character in enumerate(code, start=1):
        if character not in _INDEX:
            message = USCC_BAD_CHARACTER.format(position=position, character=_display(character))
            return USCCResult(False, code, ERROR_BAD_CHARACTER, message)
    if not _organisation_code_ok(code[ORGANISATION_SLICE]):
        return USCCResult(False, code, ERROR_BAD_ORGANISATION_CHECK, USCC_BAD_ORGANISATION_CHECK)
    if uscc_check_character(code[:17]) != code[17]:
        return USCCResult(False, code, ERROR_BAD_CHECK_CHARACTER, USCC_BAD_CHECK_CHARACTER)
    return USCCResult(True, code, None, USCC_OK, code[DIVISION_SLICE])


def is_registered_in_hengyang(code: str | None) -> bool:
    """True when the code is valid and its registration division (positions 3-8) is in 衡阳市 (4304xx).

    Only a hint: positions 3-8 are where the code was issued and never change, so an
    enterprise that moved to Hengyang, or was registered by a provincial or national
    authority (e.g. 430000), is not recognised. Jurisdiction must come from the
    enterprise's registered address, not from this function alone.
    """
    result = validate_uscc(code)
    return (
        result.valid and result.division_code is not None and result.division_code.startswith(HENGYANG_DIVISION_PREFIX)
    )


def compose_uscc(*, division: str, organisation_body: str, authority: str = "9", entity: str = "1") -> str:
    """Build a valid code from its parts (demo data and tests): both check characters are computed."""
    organisation = organisation_body + organisation_code_check_character(organisation_body)
    first17 = f"{authority}{entity}{division}{organisation}"
    return first17 + uscc_check_character(first17)


# ---------------------------------------------------------------------------
# Text as typed
# ---------------------------------------------------------------------------


def nfkc(text: str) -> str:
    """Full-width digits, letters and punctuation as their ASCII forms (what an IME often types)."""
    return unicodedata.normalize("NFKC", text)


def without_spaces(text: str) -> str:
    return re.sub(r"\s", "", nfkc(text))


# ---------------------------------------------------------------------------
# Phone numbers: a mainland mobile, or a landline with its area code
# ---------------------------------------------------------------------------

MOBILE = re.compile(r"1[3-9][0-9]{9}")
LANDLINE = re.compile(r"0[0-9]{2,3}-?[0-9]{7,8}")
LANDLINE_WITH_EXTENSION = re.compile(r"0[0-9]{2,3}-?[0-9]{7,8}(?:-[0-9]{1,6})?")


def normalise_phone(text: str, *, landline: bool = True, extension: bool = True) -> str | None:
    """The phone number as stored ("13812345678", "0734-8855130"), or None when it is not one.

    Spaces go, dashes of every width become "-", "(0734)" becomes "0734-", and a mobile loses its "+86".
    `landline=False` accepts mobiles only; `extension=False` refuses a landline's "-123" extension."""
    text = without_spaces(text)
    text = re.sub(r"[‐‑‒–—―－]", "-", text)
    text = re.sub(r"^\((0[0-9]{2,3})\)-?", r"\1-", text)  # (0734)8855130
    mobile = re.sub(r"^(?:\+?86-?)", "", text)
    if MOBILE.fullmatch(mobile):
        return mobile
    if landline and (LANDLINE_WITH_EXTENSION if extension else LANDLINE).fullmatch(text):
        return text
    return None


# ---------------------------------------------------------------------------
# 居民身份证号码 (GB 11643-1999)
# ---------------------------------------------------------------------------

ID_NUMBER_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
# Error kinds of id_number_error.
ERROR_ID_NUMBER_FORMAT = "id_number_format"
ERROR_ID_NUMBER_CHECK = "id_number_check"


def id_number_check_character(first17: str) -> str:
    """GB 11643-1999 check character of a 居民身份证号码."""
    return "10X98765432"[sum(int(ch) * w for ch, w in zip(first17, ID_NUMBER_WEIGHTS)) % 11]


def normalise_id_number(text: str) -> str:
    return without_spaces(text).upper()


def id_number_error(code: str) -> str | None:
    """None for a valid normalised number; ERROR_ID_NUMBER_FORMAT for one that is not 17 digits and a
    digit or X with a real birth date, ERROR_ID_NUMBER_CHECK for a wrong check character."""
    if not re.fullmatch(r"[0-9]{17}[0-9X]", code):
        return ERROR_ID_NUMBER_FORMAT
    try:
        dt.date(int(code[6:10]), int(code[10:12]), int(code[12:14]))
    except ValueError:
        return ERROR_ID_NUMBER_FORMAT
    if id_number_check_character(code[:17]) != code[17]:
        return ERROR_ID_NUMBER_CHECK
    return None


# ---------------------------------------------------------------------------
# Dates as people write them: 2023-08-25, 2023/8/25, 2023年8月25日, 20230825
# ---------------------------------------------------------------------------

_DATE = re.compile(r"([0-9]{4})[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})日?|([0-9]{4})([0-9]{2})([0-9]{2})")
_YEAR_MONTH = re.compile(r"([0-9]{4})[-/.年]([0-9]{1,2})月?|([0-9]{4})([0-9]{2})")


# The dates any form of the platform accepts: a typing slip (0001, 9999) is no date of an enterprise's life,
# and 9999-12-31 plus one day (a filter's end of day) overflows (issue 16 §11).
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)
DATE_OUT_OF_RANGE = "日期应在 {earliest} 至 {latest} 之间。"


def date_in_range(date: dt.date) -> bool:
    return EARLIEST_DATE <= date <= LATEST_DATE


def parse_date(text: str) -> dt.date | None:
    match = _DATE.fullmatch(without_spaces(text))
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups() if g is not None)
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_year_month(text: str) -> tuple[int, int] | None:
    """(year, month) of "2023-08", "2023年8月" or "202308"; years before 1900 are typing slips."""
    match = _YEAR_MONTH.fullmatch(without_spaces(text))
    if not match:
        return None
    year, month = (int(g) for g in match.groups() if g is not None)
    if not 1 <= month <= 12 or year < 1900:
        return None
    return year, month
