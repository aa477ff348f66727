"""The online form engine: a pack's form templates as HTML inputs, the POST parsed back, validation, prefill
from the enterprise profile and the completeness report. Pure functions over the stored form dicts.

Values (chosen so that JSON round-trips them exactly):
  text, long_text, phone, email, uscc, id_number, industry      str
  date "YYYY-MM-DD", year_month "YYYY-MM"                       str
  integer, year                                                 int
  number, money, percentage                                     str, a normalised decimal ("1234.5", "0.1")
  boolean                                                       bool
  single_choice                                                 {"value": str, "other": str}
  multiple_choice                                               {"values": [str, ...], "other": str}
  year_table                                                    {row_id: {"2020": value, ...}}
  table                                                         [{column_id: value}, ...]
A blank value is absent, never 0 or "".

Raw text. What the user typed but is not a value of the field's kind ("12,3万", "2023-13-01") is never
lost: parse_submission keeps it in `answers[form_id]["_raw"]` (RAW_KEY; path -> typed text; field ids can
never start with "_") and also returns it flattened. Saving the answers saves the raw text with them, so a
reloaded draft shows what was typed, and validate_answers reports it again. Code that reads values must
walk the schema's fields (as every function here does), not the keys of an answers dict.

Paths name a value for errors, comments and anchors: "2-2.project_name", "2-1.economy.total_assets.2021"
(year table: row, year), "3.quantity[0].indicator" (table: row index, column), "<path>.other" (the text
of a choice's "其他（请注明）").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from applications.form_rules import form_rule_issues
from policies.pack.schema import VALUE_KINDS, FormField, FormTemplate

Answers = dict[str, dict[str, Any]]

RAW_KEY = "_raw"
NEW_ROW_KEY = "NEWROW"  # placeholder in the <template> row; forms.js replaces it with a fresh key
ROW_KEY_PATTERN = re.compile(r"^[A-Za-z0-9]{1,40}$")

# Messages the user sees.
REQUIRED = "此项为必填"
NOT_A_NUMBER = "请输入数字"
NOT_AN_INTEGER = "请输入整数"
NUMBER_TOO_LONG = "数字位数过多（最多 20 位）"
NOT_A_YEAR = "请输入四位年份，如 2023"
BAD_DATE = "日期格式应为 2023-08-25"
BAD_YEAR_MONTH = "年月格式应为 2023-08"
BAD_PHONE = "请输入 11 位手机号码或带区号的电话"
BAD_EMAIL = "请输入有效的电子邮箱，如 name@example.com"
BAD_ID_NUMBER = "请输入 18 位居民身份证号码（最后一位可以是 X）"
BAD_ID_NUMBER_CHECK = "身份证号码最后一位校验码不符，请逐位核对"
BAD_INDUSTRY = {
    "大类": "请以两位行业大类代码开头，如“35 专用设备制造业”",
    "中类": "请以三位行业中类代码开头，如“351 采矿、冶金、建筑专用设备制造”",
    "小类": "请以四位行业小类代码开头，如“3054 日用玻璃制品制造”",
}
UNKNOWN_INDUSTRY = "《国民经济行业分类》（GB/T 4754-2017）中没有行业{level}代码 {code}"
BAD_BOOLEAN = "请选择“是”或“否”"
BAD_VALUE = "填写内容的格式不正确，请重新填写"
TOO_MANY_CHARS = "已输入 {count} 字，超过 {limit} 字的限制"
TOO_SMALL = "不能小于 {limit}"
TOO_LARGE = "不能大于 {limit}"
TOO_MANY_DECIMALS = "最多保留 {decimals} 位小数"
UNKNOWN_OPTION = "所选选项不存在：{value}"
OTHER_REQUIRED = "选择了“{label}”，请注明具体内容"
MIN_ROWS = "至少填写 {count} 行（{label}）"
MAX_ROWS = "最多填写 {count} 行（{label}）"
NOT_FILLED = "（未填写）"
SIGNATURE_SLOT = "（签字/盖章）"

TEXT_KINDS = frozenset({"text", "long_text", "phone", "email", "uscc", "id_number", "industry"})
SCALAR_KINDS = TEXT_KINDS | {"date", "year_month", "integer", "year", "number", "money", "percentage"}
INTEGER_KINDS = frozenset({"integer", "year"})
DECIMAL_KINDS = frozenset({"number", "money", "percentage"})
CHOICE_KINDS = frozenset({"single_choice", "multiple_choice"})
MONEY_DECIMALS = 2  # schema: money is 万元 or 万美元 with 2 decimals unless the field says otherwise
MAX_DIGITS = 20
BOOLEAN_OPTIONS = (("true", "是"), ("false", "否"))


class QueryDictLike(Protocol):
    def get(self, key: str, default: Any = None) -> Any: ...
    def getlist(self, key: str) -> list[Any]: ...


# ---------------------------------------------------------------------------
# Names, paths, anchors
# ---------------------------------------------------------------------------


def field_name(form_id: str, field_id: str, *parts: object) -> str:
    """The HTML input name: "f-2-2__project_name", "f-3__quantity__row-a1b2__indicator"."""
    return f"f-{form_id}__" + "__".join([field_id, *(str(p) for p in parts)])


def path_to_anchor(path: str) -> str:
    """A valid HTML id for a path; for a value outside tables it equals the input's name."""
    return "f-" + re.sub(r"\[(\d+)\]", r"__\1", path).replace(".", "__")


def _row_key_name(form_id: str, field_id: str) -> str:
    return field_name(form_id, field_id, "row")


# ---------------------------------------------------------------------------
# Forms as templates
# ---------------------------------------------------------------------------


def _templates(forms: list[dict] | list[FormTemplate]) -> list[FormTemplate]:
    return [f if isinstance(f, FormTemplate) else FormTemplate.model_validate(f) for f in forms]


def _other_option(field: FormField):
    return next((o for o in field.options or [] if o.other), None)


def _row_required(table: FormField, row: FormField) -> bool:
    """A year-table cell is required when its row is; a required table whose rows say nothing (the
    single-row tables of 附件2-8 and 2-9) requires every cell."""
    if row.required:
        return True
    return table.required and not any(r.required for r in table.rows or [])


def _display_label(field: FormField) -> str:
    if not field.group:
        return field.label
    return " › ".join([*(g.strip() for g in field.group.split(">")), field.label])


# ---------------------------------------------------------------------------
# One value: text in, value out
# ---------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalise_text(text: str, *, multiline: bool) -> str:
    """What a browser would post back for this text, trimmed: no control characters, "\\n" line breaks,
    and no line breaks at all in a one-line box (browsers strip them from <input> values)."""
    text = _CONTROL.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    if not multiline:
        text = text.replace("\n", "")
    return text.strip()


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


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


def _parse_decimal(field: FormField, text: str) -> tuple[Any, str | None]:
    text = _without_grouping(_strip_unit(re.sub(r"\s", "", _nfkc(text)), field))
    if text is None or not _DECIMAL.fullmatch(text):
        return None, NOT_A_NUMBER
    if sum(ch.isdigit() for ch in text) > MAX_DIGITS:
        return None, NUMBER_TOO_LONG
    return format_decimal(Decimal(text)), None


def _parse_integer(field: FormField, text: str) -> tuple[Any, str | None]:
    text = _without_grouping(_strip_unit(re.sub(r"\s", "", _nfkc(text)), field))
    if text is None or not _INTEGER.fullmatch(text):
        return None, NOT_AN_INTEGER
    if len(text.lstrip("+-")) > MAX_DIGITS:
        return None, NUMBER_TOO_LONG
    return int(text), None


def _parse_year(field: FormField, text: str) -> tuple[Any, str | None]:
    text = re.sub(r"\s", "", _nfkc(text)).removesuffix("年")
    if not re.fullmatch(r"[0-9]{4}", text) or not 1900 <= int(text) <= 2100:
        return None, NOT_A_YEAR
    return int(text), None


_DATE = re.compile(r"([0-9]{4})[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})日?|([0-9]{4})([0-9]{2})([0-9]{2})")
_YEAR_MONTH = re.compile(r"([0-9]{4})[-/.年]([0-9]{1,2})月?|([0-9]{4})([0-9]{2})")


def _parse_date(field: FormField, text: str) -> tuple[Any, str | None]:
    match = _DATE.fullmatch(re.sub(r"\s", "", _nfkc(text)))
    if not match:
        return None, BAD_DATE
    year, month, day = (int(g) for g in match.groups() if g is not None)
    try:
        return dt.date(year, month, day).isoformat(), None
    except ValueError:
        return None, BAD_DATE


def _parse_year_month(field: FormField, text: str) -> tuple[Any, str | None]:
    match = _YEAR_MONTH.fullmatch(re.sub(r"\s", "", _nfkc(text)))
    if not match:
        return None, BAD_YEAR_MONTH
    year, month = (int(g) for g in match.groups() if g is not None)
    if not 1 <= month <= 12 or year < 1900:
        return None, BAD_YEAR_MONTH
    return f"{year:04d}-{month:02d}", None


_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_LANDLINE = re.compile(r"0[0-9]{2,3}-?[0-9]{7,8}(?:-[0-9]{1,6})?")


def _parse_phone(field: FormField, text: str) -> tuple[Any, str | None]:
    text = re.sub(r"[\s]", "", _nfkc(text))
    text = re.sub(r"[‐‑‒–—―－]", "-", text)
    text = re.sub(r"^\((0[0-9]{2,3})\)-?", r"\1-", text)  # (0734)8855130
    mobile = re.sub(r"^(?:\+?86-?)", "", text)
    if _MOBILE.fullmatch(mobile):
        return mobile, None
    if _LANDLINE.fullmatch(text):
        return text, None
    return None, BAD_PHONE


_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


def _parse_email(field: FormField, text: str) -> tuple[Any, str | None]:
    text = re.sub(r"\s", "", _nfkc(text))
    return (text, None) if _EMAIL.fullmatch(text) else (None, BAD_EMAIL)


def _parse_uscc(field: FormField, text: str) -> tuple[Any, str | None]:
    try:  # enterprises.uscc is written by another part of the project; without it, no check
        from enterprises.uscc import validate_uscc
    except ImportError:
        return text, None
    result = validate_uscc(text)
    return (result.code, None) if result.valid else (None, result.message)


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number_check_character(first17: str) -> str:
    """GB 11643-1999 check character of a 居民身份证号码."""
    return "10X98765432"[sum(int(ch) * w for ch, w in zip(first17, _ID_WEIGHTS)) % 11]


def _parse_id_number(field: FormField, text: str) -> tuple[Any, str | None]:
    text = re.sub(r"\s", "", _nfkc(text)).upper()
    if not re.fullmatch(r"[0-9]{17}[0-9X]", text):
        return None, BAD_ID_NUMBER
    try:
        dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return None, BAD_ID_NUMBER
    if id_number_check_character(text[:17]) != text[17]:
        return None, BAD_ID_NUMBER_CHECK
    return text, None


def _industry_lookup():
    try:  # the GB/T 4754-2017 reference list lives in enterprises; without it only the format is checked
        from enterprises import industry
    except ImportError:
        return None
    return industry


def _parse_industry(field: FormField, text: str) -> tuple[Any, str | None]:
    level = field.level or "大类"
    digits = {"大类": 2, "中类": 3, "小类": 4}[level]
    text = re.sub(r"\s+", " ", text)
    match = re.match(rf"([0-9]{{{digits}}})(?![0-9])", _nfkc(text))
    if not match:
        return None, BAD_INDUSTRY[level]
    code = match.group(1)
    industry = _industry_lookup()
    if industry is not None:
        valid = {"大类": industry.is_valid_division, "中类": industry.is_valid_group, "小类": industry.is_valid_class}[
            level
        ](code)
        if not valid:
            return None, UNKNOWN_INDUSTRY.format(level=level, code=code)
        if _nfkc(text) == code:  # just the code: add the name as the template prints it
            return industry.label(code), None
    return text, None


_PARSERS = {
    "text": lambda field, text: (text, None),
    "long_text": lambda field, text: (text, None),
    "number": _parse_decimal,
    "money": _parse_decimal,
    "percentage": _parse_decimal,
    "integer": _parse_integer,
    "year": _parse_year,
    "date": _parse_date,
    "year_month": _parse_year_month,
    "phone": _parse_phone,
    "email": _parse_email,
    "uscc": _parse_uscc,
    "id_number": _parse_id_number,
    "industry": _parse_industry,
}


def parse_text(field: FormField, text: str | None) -> tuple[Any, str | None, str | None]:
    """One typed text as a value of a scalar field: (value, error, text to keep when it is not a value)."""
    if text is None:
        return None, None, None
    cleaned = normalise_text(str(text), multiline=field.kind == "long_text")
    if not cleaned:
        return None, None, None
    value, error = _PARSERS[field.kind](field, cleaned)
    if error:
        return None, error, cleaned
    return value, None, None


# ---------------------------------------------------------------------------
# Stored values: kind and limits
# ---------------------------------------------------------------------------


def _is_blank(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _kind_error(field: FormField, value: Any) -> str | None:
    """Is a stored value one of the field's kind? (Answers may come from prefill, an import or an older
    version of the page, not only from parse_submission.)"""
    kind = field.kind
    if kind in INTEGER_KINDS:
        if isinstance(value, bool) or not isinstance(value, int):
            return NOT_A_YEAR if kind == "year" else NOT_AN_INTEGER
        return _parse_year(field, str(value))[1] if kind == "year" else None
    if kind in DECIMAL_KINDS:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            return NOT_A_NUMBER
        return _parse_decimal(field, str(value))[1]
    if kind in SCALAR_KINDS:
        if not isinstance(value, str):
            return BAD_VALUE
        return _PARSERS[kind](field, value)[1]
    if kind == "boolean":
        return None if isinstance(value, bool) else BAD_BOOLEAN
    if kind == "single_choice":
        ok = isinstance(value, dict) and isinstance(value.get("value"), str) and isinstance(value.get("other", ""), str)
        return None if ok else BAD_VALUE
    if kind == "multiple_choice":
        values = value.get("values") if isinstance(value, dict) else None
        ok = isinstance(values, list) and all(isinstance(v, str) for v in values)
        return None if ok and isinstance(value.get("other", ""), str) else BAD_VALUE
    return BAD_VALUE


def count_chars(text: str) -> int:
    """Characters as the template's "500字以内" counts them: whitespace does not count."""
    return sum(1 for ch in text if not ch.isspace())


def _format_limit(limit: float) -> str:
    return format_decimal(Decimal(repr(limit)))


def _limit_error(field: FormField, value: Any) -> str | None:
    if field.max_chars and isinstance(value, str):
        count = count_chars(value)
        if count > field.max_chars:
            return TOO_MANY_CHARS.format(count=count, limit=field.max_chars)
    if field.kind in INTEGER_KINDS | DECIMAL_KINDS:
        number = Decimal(str(value))
        if field.min_value is not None and number < Decimal(repr(field.min_value)):
            return TOO_SMALL.format(limit=_format_limit(field.min_value))
        if field.max_value is not None and number > Decimal(repr(field.max_value)):
            return TOO_LARGE.format(limit=_format_limit(field.max_value))
        decimals = field.decimals if field.decimals is not None else (MONEY_DECIMALS if field.kind == "money" else None)
        exponent = number.normalize().as_tuple().exponent
        if decimals is not None and isinstance(exponent, int) and -exponent > decimals:
            return TOO_MANY_DECIMALS.format(decimals=decimals)
    return None


# ---------------------------------------------------------------------------
# Walking the value slots of a set of forms
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Missing:
    path: str
    anchor: str
    form_id: str
    form_title: str
    section_title: str
    label: str


@dataclass(frozen=True)
class _Issue:
    path: str
    message: str
    missing: bool
    label: str


def _value_issues(
    field: FormField, value: Any, path: str, label: str, raw: dict[str, str], *, required: bool, complete: bool
) -> list[_Issue]:
    """Issues of one value slot (a field, a year-table cell or a table cell)."""
    if path in raw:
        error = parse_text(field, raw[path])[1] if field.kind in SCALAR_KINDS else None
        return [_Issue(path, error or BAD_VALUE, False, label)]
    if _is_blank(value):
        return [_Issue(path, REQUIRED, True, label)] if complete and required else []
    error = _kind_error(field, value) or _limit_error(field, value)
    if error:
        return [_Issue(path, error, False, label)]
    if field.kind not in CHOICE_KINDS:
        return []
    chosen = [value["value"]] if field.kind == "single_choice" else value["values"]
    known = {o.value for o in field.options or []}
    issues = [_Issue(path, UNKNOWN_OPTION.format(value=v), False, label) for v in chosen if v and v not in known][:1]
    other = _other_option(field)
    if complete and required and not [v for v in chosen if v]:
        issues.append(_Issue(path, REQUIRED, True, label))
    if other is not None and other.value in chosen and not value.get("other", "").strip():
        issues.append(_Issue(f"{path}.other", OTHER_REQUIRED.format(label=other.label), False, label))
    return issues


def _field_issues(form: FormTemplate, field: FormField, answers: dict, *, complete: bool) -> list[_Issue]:
    raw = answers.get(RAW_KEY) or {}
    path = f"{form.id}.{field.id}"
    label = _display_label(field)
    value = answers.get(field.id)
    if field.kind in VALUE_KINDS:
        return _value_issues(field, value, path, label, raw, required=field.required, complete=complete)
    issues: list[_Issue] = []
    if field.kind == "year_table":
        cells = value if isinstance(value, dict) else {}
        for row in field.rows or []:
            row_values = cells.get(row.id) if isinstance(cells.get(row.id), dict) else {}
            for year in field.years or []:
                issues += _value_issues(
                    row, row_values.get(str(year)), f"{path}.{row.id}.{year}", f"{label} · {row.label} · {year}年",
                    raw, required=_row_required(field, row), complete=complete,
                )  # fmt: skip
    elif field.kind == "table":
        rows = value if isinstance(value, list) else []
        if field.max_rows is not None and len(rows) > field.max_rows:
            issues.append(_Issue(path, MAX_ROWS.format(count=field.max_rows, label=field.label), False, label))
        min_rows = field.min_rows if field.min_rows is not None else (1 if field.required else 0)
        if complete and len(rows) < min_rows:
            issues.append(_Issue(path, MIN_ROWS.format(count=min_rows, label=field.label), True, label))
        for index, row in enumerate(rows):
            row = row if isinstance(row, dict) else {}
            for column in field.columns or []:
                issues += _value_issues(
                    column, row.get(column.id), f"{path}[{index}].{column.id}",
                    f"{label} · 第 {index + 1} 行 · {column.label}", raw, required=column.required, complete=complete,
                )  # fmt: skip
    return issues


def _walk_issues(forms, answers: Answers, *, complete: bool):
    for form in _templates(forms):
        form_answers = answers.get(form.id) or {}
        for section in form.sections:
            for field in section.fields:
                for issue in _field_issues(form, field, form_answers, complete=complete):
                    yield form, section, issue
        # Not "missing": the completeness report lists them with their own message (form_rule_errors).
        for field_id, message in form_rule_issues(form, form_answers, complete=complete):
            section = next(s for s in form.sections if any(f.id == field_id for f in s.fields))
            yield form, section, _Issue(f"{form.id}.{field_id}", message, False, message)


def validate_answers(forms: list[dict], answers: Answers, *, complete: bool) -> dict[str, str]:
    """path -> message. Kinds and limits always (raw text included, so a reloaded draft shows its errors
    again); with complete=True also required values, required table columns and min_rows."""
    return {issue.path: issue.message for _, _, issue in _walk_issues(forms, answers, complete=complete)}


def missing_required(forms: list[dict], answers: Answers) -> list[Missing]:
    """Required values without an answer, in page order. A value typed but not valid is not missing: it
    is reported by validate_answers."""
    return [
        Missing(issue.path, path_to_anchor(issue.path), form.id, form.title, section.title, issue.label)
        for form, section, issue in _walk_issues(forms, answers, complete=True)
        if issue.missing
    ]


def drop_invalid(answers: Answers, errors: dict[str, str]) -> Answers:
    """The answers to store after a save with errors: a copy of them as they are.

    parse_submission never puts a value of the wrong kind into the answers (that text is kept under
    RAW_KEY), so what remains invalid only breaks a limit (too long, out of range, an option missing its
    text). It is kept, so nothing typed is lost; validate_answers and the completeness report flag it on
    every load and submission stays blocked until it is fixed."""
    return {
        form_id: {
            key: (dict(value) if isinstance(value, dict) else list(value) if isinstance(value, list) else value)
            for key, value in form_answers.items()
        }
        if isinstance(form_answers, dict)
        else form_answers
        for form_id, form_answers in answers.items()
    }


def raw_values(answers: Answers) -> dict[str, str]:
    """All raw texts (path -> what was typed) embedded in the answers."""
    out: dict[str, str] = {}
    for form_answers in answers.values():
        if isinstance(form_answers, dict):
            out.update(form_answers.get(RAW_KEY) or {})
    return out


# ---------------------------------------------------------------------------
# Parsing a POST
# ---------------------------------------------------------------------------


def _read_value(
    field: FormField, data: QueryDictLike, name: str, path: str, errors: dict[str, str], raw: dict[str, str]
) -> Any:
    kind = field.kind
    if kind in SCALAR_KINDS:
        value, error, typed = parse_text(field, data.get(name))
        if error:
            errors[path] = error
            raw[path] = typed
        return value
    if kind == "boolean":
        text = (data.get(name) or "").strip()
        if text in ("true", "false"):
            return text == "true"
        if text:
            errors[path] = BAD_BOOLEAN
        return None
    other_option = _other_option(field)
    other = normalise_text(data.get(f"{name}__other") or "", multiline=False) if other_option else ""
    if kind == "single_choice":
        chosen = (data.get(name) or "").strip()
        if not chosen and other:  # typing in the "其他（请注明）" box chooses it
            chosen = other_option.value
        return {"value": chosen, "other": other} if chosen else None
    if kind == "multiple_choice":
        chosen = [v.strip() for v in data.getlist(name) if isinstance(v, str) and v.strip()]
        if other and other_option.value not in chosen:
            chosen.append(other_option.value)
        order = {o.value: i for i, o in enumerate(field.options or [])}
        values = sorted(dict.fromkeys(chosen), key=lambda v: order.get(v, len(order)))
        return {"values": values, "other": other} if values else None
    return None


def parse_submission(forms: list[dict], data: QueryDictLike) -> tuple[Answers, dict[str, str], dict[str, str]]:
    """(answers, parse errors, raw texts) from a POST.

    Every form of `forms` gets an entry (empty when nothing was filled), so storing the result replaces a
    form's earlier answers. Text that is not a value of its field's kind is left out of the value and kept
    under answers[form_id][RAW_KEY] (returned flattened too). Table rows follow the order of the hidden
    row-key inputs; rows left entirely blank are dropped.
    """
    answers: Answers = {}
    errors: dict[str, str] = {}
    all_raw: dict[str, str] = {}
    for form in _templates(forms):
        form_answers: dict[str, Any] = {}
        raw: dict[str, str] = {}
        for field in form.value_fields():
            path = f"{form.id}.{field.id}"
            name = field_name(form.id, field.id)
            if field.kind in VALUE_KINDS:
                value = _read_value(field, data, name, path, errors, raw)
            elif field.kind == "year_table":
                value = {}
                for row in field.rows or []:
                    cells = {}
                    for year in field.years or []:
                        cell = _read_value(
                            row,
                            data,
                            field_name(form.id, field.id, row.id, year),
                            f"{path}.{row.id}.{year}",
                            errors,
                            raw,
                        )
                        if cell is not None:
                            cells[str(year)] = cell
                    if cells:
                        value[row.id] = cells
            else:
                value = []
                seen: set[str] = set()
                for key in data.getlist(_row_key_name(form.id, field.id)):
                    if not isinstance(key, str) or not ROW_KEY_PATTERN.fullmatch(key) or key in seen:
                        continue
                    seen.add(key)
                    index = len(value)
                    row_errors: dict[str, str] = {}
                    row_raw: dict[str, str] = {}
                    row = {}
                    for column in field.columns or []:
                        cell = _read_value(
                            column, data, field_name(form.id, field.id, f"row-{key}", column.id),
                            f"{path}[{index}].{column.id}", row_errors, row_raw,
                        )  # fmt: skip
                        if cell is not None:
                            row[column.id] = cell
                    if row or row_raw or row_errors:
                        value.append(row)
                        errors.update(row_errors)
                        raw.update(row_raw)
            if not _is_blank(value):
                form_answers[field.id] = value
        if raw:
            form_answers[RAW_KEY] = raw
            all_raw.update(raw)
        answers[form.id] = form_answers
    return answers, errors, all_raw


# ---------------------------------------------------------------------------
# Prefill from the profile, and the profile updates a form implies
# ---------------------------------------------------------------------------


def _from_profile(field: FormField, value: Any) -> tuple[Any, str | None]:
    """A profile value in the field's representation: (value, raw text when it is not one)."""
    if value is None or value == "" or isinstance(value, list | dict):
        return None, None
    kind = field.kind
    if kind == "boolean":
        if isinstance(value, bool):
            return value, None
        return {"true": True, "是": True, "false": False, "否": False}.get(str(value).strip()), None
    if kind in CHOICE_KINDS:
        text = str(value).strip()
        option = next((o for o in field.options or [] if text in (o.value, o.label)), None)
        other = _other_option(field)
        if option is not None:
            chosen, other_text = option.value, ""
        elif other is not None:
            chosen, other_text = other.value, text
        else:
            return None, None
        return (
            {"value": chosen, "other": other_text}
            if kind == "single_choice"
            else {"values": [chosen], "other": other_text}
        ), None
    if isinstance(value, bool):
        return None, None
    if kind in DECIMAL_KINDS and isinstance(value, int | float):
        try:  # repr: the shortest text that reads back as the same float
            text = format_decimal(Decimal(repr(value)))
        except InvalidOperation:
            return None, None
    elif isinstance(value, dt.date):
        text = value.isoformat()
    else:
        text = str(value)
    if field.kind != "long_text":
        text = re.sub(r"[\r\n]+", " ", text)
    parsed, error, typed = parse_text(field, text)
    return (None, typed) if error else (parsed, None)


def prefill_answers(forms: list[dict], profile: dict) -> Answers:
    """Answers taken from the profile (一企一档) for every field that names a `prefill` key; year-table
    rows take `<metric>_<year>`. A profile value that is not valid for the field is kept as raw text, so
    the page shows it with its error rather than dropping it."""
    answers: Answers = {}
    for form in _templates(forms):
        form_answers: dict[str, Any] = {}
        raw: dict[str, str] = {}
        for field in form.value_fields():
            path = f"{form.id}.{field.id}"
            if field.kind in VALUE_KINDS and field.prefill:
                value, typed = _from_profile(field, profile.get(field.prefill))
                if value is not None:
                    form_answers[field.id] = value
                elif typed:
                    raw[path] = typed
            elif field.kind == "year_table":
                cells: dict[str, dict[str, Any]] = {}
                for row in field.rows or []:
                    if not row.prefill:
                        continue
                    for year in field.years or []:
                        value, typed = _from_profile(row, profile.get(f"{row.prefill}_{year}"))
                        if value is not None:
                            cells.setdefault(row.id, {})[str(year)] = value
                        elif typed:
                            raw[f"{path}.{row.id}.{year}"] = typed
                if cells:
                    form_answers[field.id] = cells
        if raw:
            form_answers[RAW_KEY] = raw
        if form_answers:
            answers[form.id] = form_answers
    return answers


def subtype_fields(forms: list[dict], subtypes: list[str]) -> list[tuple[str, FormField]]:
    """(form id, field) of the single-choice fields that ask again for the application's 申报类型: their
    options are exactly the item's sub-types, by name (附件2-1's cover). Their answer follows the sub-type
    chosen when the application was created."""
    if len(subtypes) < 2:
        return []
    return [
        (form.id, field)
        for form in _templates(forms)
        for field in form.value_fields()
        if field.kind == "single_choice" and sorted(o.label for o in field.options or []) == sorted(subtypes)
    ]


def subtype_answers(forms: list[dict], subtypes: list[str], chosen: str) -> Answers:
    """The answers of subtype_fields for the chosen sub-type (none when no sub-type is chosen)."""
    answers: Answers = {}
    for form_id, field in subtype_fields(forms, subtypes):
        for option in field.options or []:
            if option.label == chosen:
                answers.setdefault(form_id, {})[field.id] = {"value": option.value, "other": ""}
    return answers


def subtype_disagreements(
    forms: list[dict], answers: Answers, subtypes: list[str], chosen: str
) -> list[tuple[str, str]]:
    """(path, label) of answered subtype_fields that tick another sub-type than the chosen one. A blank
    answer is left to the required-field check."""
    out = []
    for form_id, field in subtype_fields(forms, subtypes):
        value = (answers.get(form_id) or {}).get(field.id)
        if _is_blank(value):
            continue
        ticked = value.get("value") if isinstance(value, dict) else None
        if next((o.label for o in field.options or [] if o.value == ticked), None) != chosen:
            out.append((f"{form_id}.{field.id}", field.label))
    return out


def _to_profile(field: FormField, value: Any) -> Any:
    """An answer as the profile stores it: numbers as JSON numbers, a choice as its option value,
    an industry as its code."""
    kind = field.kind
    if kind in DECIMAL_KINDS:
        number = Decimal(str(value))
        return int(number) if number == number.to_integral_value() else float(number)
    if kind == "industry":
        match = re.match(r"[0-9]+", _nfkc(value))
        return match.group(0) if match else value
    if kind == "single_choice":
        return value["value"]
    if kind == "multiple_choice":
        return list(value["values"])
    return value


def profile_updates(forms: list[dict], answers: Answers, profile: dict) -> dict[str, tuple[Any, Any]]:
    """profile key -> (profile value, answer as the profile would store it) for prefilled values the
    user changed, so the page can ask whether to update the profile too. Blank answers propose nothing;
    the first answer in page order wins when two fields share a key."""
    updates: dict[str, tuple[Any, Any]] = {}

    def consider(field: FormField, key: str, value: Any) -> None:
        if key in updates or _is_blank(value) or _kind_error(field, value):
            return
        current, _ = _from_profile(field, profile.get(key))
        if field.kind == "industry" and current is not None:
            same = _to_profile(field, current) == _to_profile(field, value)
        elif field.kind in DECIMAL_KINDS and current is not None:
            same = Decimal(str(current)) == Decimal(str(value))
        else:
            same = current == value
        if not same:
            updates[key] = (profile.get(key), _to_profile(field, value))

    for form in _templates(forms):
        form_answers = answers.get(form.id) or {}
        for field in form.value_fields():
            value = form_answers.get(field.id)
            if field.kind in VALUE_KINDS and field.prefill:
                consider(field, field.prefill, value)
            elif field.kind == "year_table" and isinstance(value, dict):
                for row in field.rows or []:
                    row_values = value.get(row.id) if isinstance(value.get(row.id), dict) else {}
                    for year in (field.years or []) if row.prefill else []:
                        consider(row, f"{row.prefill}_{year}", row_values.get(str(year)))
    return updates


# ---------------------------------------------------------------------------
# The structure the template renders
# ---------------------------------------------------------------------------

PARTIALS = {
    "text": "text",
    "phone": "text",
    "email": "text",
    "uscc": "text",
    "id_number": "text",
    "industry": "text",
    "long_text": "long_text",
    "integer": "number",
    "year": "number",
    "number": "number",
    "money": "number",
    "percentage": "number",
    "date": "date",
    "year_month": "date",
    "boolean": "boolean",
    "single_choice": "single_choice",
    "multiple_choice": "multiple_choice",
    "year_table": "year_table",
    "table": "table",
    "heading": "heading",
    "guidance": "guidance",
    "signature": "signature",
    "material": "material",
}
# (type, inputmode, placeholder, autocomplete). Numbers, e-mails and dates stay type="text" where a
# browser would otherwise refuse or silently drop what was typed (type="number" posts "" for "12,3").
INPUTS = {
    "text": ("text", "", "", ""),
    "phone": ("tel", "tel", "如 13812345678 或 0734-8855130", "tel"),
    "email": ("text", "email", "name@example.com", "email"),
    "uscc": ("text", "", "18 位，见营业执照", ""),
    "id_number": ("text", "", "18 位", ""),
    "industry": ("text", "", "", ""),
    "integer": ("text", "numeric", "", ""),
    "year": ("text", "numeric", "如 2023", ""),
    "number": ("text", "decimal", "", ""),
    "money": ("text", "decimal", "", ""),
    "percentage": ("text", "decimal", "", ""),
    "date": ("date", "", "2023-08-25", ""),
    "year_month": ("month", "", "2023-08", ""),
}
INDUSTRY_PLACEHOLDER = {
    "大类": "如 35 专用设备制造业",
    "中类": "如 351 采矿、冶金、建筑专用设备制造",
    "小类": "如 3054 日用玻璃制品制造",
}


@dataclass
class OptionView:
    value: str
    label: str
    id: str
    checked: bool = False
    other: bool = False


@dataclass
class ColumnView:
    id: str
    label: str
    required: bool
    unit: str
    help: str
    max_chars: int | None


@dataclass
class FieldView:
    """One thing the template draws: a field, or one cell of a year table or a table."""

    partial: str
    kind: str
    label: str
    path: str = ""
    name: str = ""
    anchor: str = ""
    group: str = ""
    required: bool = False
    unit: str = ""
    help: str = ""
    help_id: str = ""
    error: str = ""
    error_id: str = ""
    describedby: str = ""
    comment: str = ""
    readonly: bool = False
    in_table: bool = False  # a cell: its label is read by screen readers only
    in_repeat: bool = False  # a cell of a repeating table
    row_number: str = ""  # table cells: the row's number, renumbered by forms.js
    value: str = ""  # the text in the box (raw text when it is not a valid value)
    display: str = ""  # readonly: the value as text
    input_type: str = "text"
    inputmode: str = ""
    placeholder: str = ""
    autocomplete: str = ""
    max_chars: int | None = None
    count_id: str = ""
    char_count: int = 0
    over_limit: bool = False
    options: list[OptionView] = dataclasses.field(default_factory=list)
    other_name: str = ""
    other_anchor: str = ""
    other_label: str = ""
    other_value: str = ""
    other_error: str = ""
    other_error_id: str = ""
    text: str = ""  # guidance body; signature wording
    href: str = ""  # material slot
    years: list[str] = dataclasses.field(default_factory=list)
    year_rows: list[YearRowView] = dataclasses.field(default_factory=list)
    columns: list[ColumnView] = dataclasses.field(default_factory=list)
    rows: list[TableRowView] = dataclasses.field(default_factory=list)
    template_row: TableRowView | None = None
    row_key_name: str = ""
    min_rows: int | None = None
    max_rows: int | None = None


@dataclass
class YearRowView:
    id: str
    label: str
    unit: str
    cells: list[FieldView]


@dataclass
class TableRowView:
    key: str
    number: str
    key_name: str
    cells: list[FieldView]


@dataclass
class SectionView:
    id: str
    anchor: str
    title: str
    guidance: str
    fields: list[FieldView]


@dataclass
class FormView:
    id: str
    anchor: str
    title: str
    source: str
    note: str
    readonly: bool
    sections: list[SectionView]


@dataclass
class _RenderContext:
    errors: dict[str, str]
    raw: dict[str, str]
    comments: dict[str, str]
    readonly: bool


def _text_of(field: FormField, value: Any) -> str:
    """A stored value as the text in its box, or as read-only text."""
    if _is_blank(value):
        return ""
    if field.kind == "boolean":
        return "是" if value is True else "否" if value is False else str(value)
    if field.kind in CHOICE_KINDS and isinstance(value, dict):
        labels = {o.value: o.label for o in field.options or []}
        chosen = [value.get("value", "")] if field.kind == "single_choice" else list(value.get("values") or [])
        other = value.get("other", "")
        other_option = _other_option(field)
        parts = []
        for v in chosen:
            text = labels.get(v, v)
            if other_option is not None and v == other_option.value and other:
                text = f"{text}：{other}"
            parts.append(text)
        return "、".join(parts)
    return str(value)


def _value_view(
    field: FormField, value: Any, ctx: _RenderContext, *, path: str, name: str, anchor: str, label: str, in_table: bool
) -> FieldView:
    """The view of one value slot; path is "" for the blank template row (no errors, raw or comments)."""
    raw_text = ctx.raw.get(path) if path else None
    error = ctx.errors.get(path, "") if path else ""
    input_type, inputmode, placeholder, autocomplete = INPUTS.get(field.kind, ("text", "", "", ""))
    if field.kind == "industry":
        placeholder = INDUSTRY_PLACEHOLDER.get(field.level or "大类", "")
    if raw_text is not None and input_type in ("date", "month"):
        input_type = "text"  # a date box would blank out text that is not a date
    text = raw_text if raw_text is not None else _text_of(field, value)
    view = FieldView(
        partial=PARTIALS[field.kind], kind=field.kind, label=label, path=path, name=name, anchor=anchor,
        group="" if in_table else _group_text(field), required=field.required, unit=field.unit or "",
        help=field.help or "", error=error, comment=ctx.comments.get(path, "") if path else "",
        readonly=ctx.readonly, in_table=in_table, value=text, display=text, input_type=input_type,
        inputmode=inputmode, placeholder=placeholder, autocomplete=autocomplete, max_chars=field.max_chars,
    )  # fmt: skip
    view.help_id = f"{anchor}--help" if view.help and not in_table else ""  # cells: help is in the column head
    view.error_id = f"{anchor}--error" if error else ""
    if field.max_chars:
        view.count_id = f"{anchor}-count"
        view.char_count = count_chars(text)
        view.over_limit = view.char_count > field.max_chars
    if field.kind == "boolean":
        view.options = [
            OptionView(v, label_, f"{anchor}--{v}", checked=value is (v == "true")) for v, label_ in BOOLEAN_OPTIONS
        ]
    elif field.kind in CHOICE_KINDS:
        chosen = value if isinstance(value, dict) else {}
        selected = [chosen.get("value")] if field.kind == "single_choice" else list(chosen.get("values") or [])
        view.options = [
            OptionView(o.value, o.label, f"{anchor}--{o.value}", checked=o.value in selected, other=o.other)
            for o in field.options or []
        ]
        other = _other_option(field)
        if other is not None:
            view.other_name = f"{name}__other"
            view.other_anchor = f"{anchor}__other"
            view.other_label = f"{other.label}：请注明"
            view.other_value = chosen.get("other", "") if isinstance(chosen.get("other"), str) else ""
            view.other_error = ctx.errors.get(f"{path}.other", "") if path else ""
            view.other_error_id = f"{view.other_anchor}--error" if view.other_error else ""
            view.comment = view.comment or (ctx.comments.get(f"{path}.other", "") if path else "")
    view.describedby = " ".join(i for i in (view.error_id, view.help_id, view.count_id) if i)
    return view


def _group_text(field: FormField) -> str:
    return " › ".join(g.strip() for g in field.group.split(">")) if field.group else ""


def _field_view(form: FormTemplate, field: FormField, form_answers: dict, ctx: _RenderContext) -> FieldView:
    path = f"{form.id}.{field.id}"
    anchor = path_to_anchor(path)
    name = field_name(form.id, field.id)
    value = form_answers.get(field.id)
    if field.kind in VALUE_KINDS:
        return _value_view(field, value, ctx, path=path, name=name, anchor=anchor, label=field.label, in_table=False)
    view = FieldView(
        partial=PARTIALS[field.kind], kind=field.kind, label=field.label, path=path, name=name, anchor=anchor,
        group=_group_text(field), required=field.required, unit=field.unit or "", help=field.help or "",
        error=ctx.errors.get(path, ""), comment=ctx.comments.get(path, ""), readonly=ctx.readonly,
        text=field.text or "",
    )  # fmt: skip
    view.help_id = f"{anchor}--help" if view.help else ""
    view.error_id = f"{anchor}--error" if view.error else ""
    view.describedby = " ".join(i for i in (view.error_id, view.help_id) if i)
    if field.kind == "material":
        view.href = f"#material-{field.material}"
    elif field.kind == "signature":
        view.text = field.text or ""
    elif field.kind == "year_table":
        cells = value if isinstance(value, dict) else {}
        view.years = [str(y) for y in field.years or []]
        for row in field.rows or []:
            row_values = cells.get(row.id) if isinstance(cells.get(row.id), dict) else {}
            row_view = YearRowView(row.id, row.label, row.unit or "", [])
            for year in view.years:
                cell_path = f"{path}.{row.id}.{year}"
                cell = _value_view(
                    row, row_values.get(year), ctx, path=cell_path, name=field_name(form.id, field.id, row.id, year),
                    anchor=path_to_anchor(cell_path), label=f"{row.label} {year}年", in_table=True,
                )  # fmt: skip
                cell.required = _row_required(field, row)
                row_view.cells.append(cell)
            view.year_rows.append(row_view)
    elif field.kind == "table":
        _table_view(form, field, value, ctx, view)
    return view


def _table_view(form: FormTemplate, field: FormField, value: Any, ctx: _RenderContext, view: FieldView) -> None:
    rows = [r if isinstance(r, dict) else {} for r in value] if isinstance(value, list) else []
    if not ctx.readonly:  # blank rows up to min_rows (at least one) so the columns show; blank rows post nothing
        target = max(field.min_rows or 0, 1)
        if field.max_rows is not None:
            target = min(target, field.max_rows)
        rows += [{}] * max(0, target - len(rows))
    view.columns = [
        ColumnView(c.id, c.label, c.required, c.unit or "", c.help or "", c.max_chars) for c in field.columns or []
    ]
    view.row_key_name = _row_key_name(form.id, field.id)
    view.min_rows, view.max_rows = field.min_rows, field.max_rows

    def row_view(key: str, number: str, row: dict, index: int | None) -> TableRowView:
        cells = []
        for column in field.columns or []:
            if index is None:
                cell_path, anchor = "", f"{view.anchor}__{NEW_ROW_KEY}__{column.id}"
            else:
                cell_path = f"{view.path}[{index}].{column.id}"
                anchor = path_to_anchor(cell_path)
            cell = _value_view(
                column, row.get(column.id), ctx, path=cell_path, name=field_name(form.id, field.id, f"row-{key}", column.id),
                anchor=anchor, label=column.label, in_table=True,
            )  # fmt: skip
            cell.row_number = number
            cell.in_repeat = True
            cells.append(cell)
        return TableRowView(key, number, view.row_key_name, cells)

    view.rows = [row_view(f"r{i}", str(i + 1), row, i) for i, row in enumerate(rows)]
    if not ctx.readonly:
        view.template_row = row_view(NEW_ROW_KEY, "", {}, None)


def render_sections(
    forms: list[dict] | list[FormTemplate],
    answers: Answers,
    errors: dict[str, str] | None = None,
    raw: dict[str, str] | None = None,
    *,
    readonly: bool = False,
    comments: dict[str, str] | None = None,
) -> list[FormView]:
    """Forms → sections → field views for applications/form_fields.html. `raw` adds to the raw text
    embedded in the answers; `comments` are reviewers' comments by path, shown beside their value."""
    ctx = _RenderContext(
        errors=dict(errors or {}), raw={**raw_values(answers), **(raw or {})}, comments=dict(comments or {}),
        readonly=readonly,
    )  # fmt: skip
    out: list[FormView] = []
    for form in _templates(forms):
        form_answers = answers.get(form.id) or {}
        sections = [
            SectionView(
                section.id,
                f"s-{form.id}__{section.id}",
                section.title,
                section.guidance or "",
                [_field_view(form, f, form_answers, ctx) for f in section.fields],
            )
            for section in form.sections
        ]
        out.append(FormView(form.id, f"form-{form.id}", form.title, form.source, form.note or "", readonly, sections))
    return out
