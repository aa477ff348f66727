"""The facts vocabulary file's shape (policies/vocabulary/facts-v<N>.yaml), validated with errors in Chinese.

Years are written relative to Y, the notice year: "Y", "Y-1", "Y+1", and ranges "Y-3..Y-1".
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from policies.pack.schema.base import IDENT, UNITS

FACT_TYPES = ("number", "integer", "boolean", "code", "date")
FACT_SOURCES = (
    "declared", "credit_register", "market_register", "tax_register", "award_list", "performance_record",
    "funds_record",
)  # fmt: skip
_YEAR = re.compile(r"^Y(?:([+-])(\d{1,2}))?$")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
MAX_SPAN = 10  # a range of more than ten years is a typing error, not a notice


def year_offset(expression: str) -> int:
    """ "Y-1" -> -1. Raises ValueError (in Chinese) for anything else."""
    match = _YEAR.match(expression.strip())
    if match is None:
        raise ValueError(f"年度表达式 {expression!r} 无法识别：应写作 Y、Y-1、Y+1 这样的形式（Y 为通知年度）")
    sign, number = match.groups()
    return 0 if sign is None else int(number) * (-1 if sign == "-" else 1)


def year_range(expression: str) -> tuple[int, int]:
    """ "Y-3..Y-1" -> (-3, -1): the offsets of the first and the last year, first <= last."""
    first, dots, last = expression.partition("..")
    if not dots:
        raise ValueError(f"年度范围 {expression!r} 无法识别：应写作 Y-3..Y-1 这样的形式（Y 为通知年度）")
    start, end = year_offset(first), year_offset(last)
    if start > end:
        raise ValueError(f"年度范围 {expression!r} 的起始年度晚于结束年度")
    if end - start >= MAX_SPAN:
        raise ValueError(f"年度范围 {expression!r} 超过 {MAX_SPAN} 年")
    return start, end


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Choice(_Strict):
    value: str = Field(min_length=1)
    label: str = Field(min_length=1)


class FactDeclaration(_Strict):
    """One fact, or one family of yearly facts (`years`), one fact of a relative year (`year`), or one fact
    over a range of years (`span`)."""

    name: str
    label: str = Field(min_length=1)  # a template: {year}, or {first} and {last}
    type: str
    unit: str | None = None
    source: str = "declared"
    profile_field: str | None = None  # a template like the label
    description: str = ""  # a template like the label
    allow_negative: bool = False
    choices: list[Choice] = Field(default_factory=list)
    unrecorded: str | bool | int | None = None
    years: str | None = None
    year: str | None = None
    span: str | None = None
    relative_label: str | None = None  # the notice's own wording, when generating it would read badly

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not re.match(IDENT, value):
            raise ValueError(f"事实名称 {value!r} 只能由小写字母、数字和下划线组成，并以字母开头")
        return value

    @field_validator("type")
    @classmethod
    def _type(cls, value: str) -> str:
        if value not in FACT_TYPES:
            raise ValueError(f"未知的事实类型 {value!r}；可用：{'、'.join(FACT_TYPES)}")
        return value

    @field_validator("unit")
    @classmethod
    def _unit(cls, value: str | None) -> str | None:
        if value is not None and value not in UNITS:
            raise ValueError(f"未知的单位 {value!r}；可用：{'、'.join(UNITS)}")
        return value

    @field_validator("source")
    @classmethod
    def _source(cls, value: str) -> str:
        if value not in FACT_SOURCES:
            raise ValueError(f"未知的事实来源 {value!r}；可用：{'、'.join(FACT_SOURCES)}")
        return value

    @field_validator("year")
    @classmethod
    def _year(cls, value: str | None) -> str | None:
        if value is not None:
            year_offset(value)
        return value

    @field_validator("years", "span")
    @classmethod
    def _range(cls, value: str | None) -> str | None:
        if value is not None:
            year_range(value)
        return value

    @model_validator(mode="after")
    def _years_and_templates(self) -> FactDeclaration:
        given = [key for key in ("years", "year", "span") if getattr(self, key) is not None]
        if len(given) > 1:
            raise ValueError(f"years、year、span 只能给出一个（给出了 {'、'.join(given)}）")
        allowed = {"years": {"year"}, "year": {"year"}, "span": {"first", "last"}}.get(given[0] if given else "", set())
        required = allowed
        for key in ("label", "relative_label", "profile_field", "description"):
            text = getattr(self, key) or ""
            used = set(_PLACEHOLDER.findall(text))
            unknown = used - allowed
            if unknown:
                names = "、".join("{" + u + "}" for u in sorted(unknown))
                hint = (
                    f"只能用 {'、'.join('{' + a + '}' for a in sorted(allowed))}"
                    if allowed
                    else "没有年度，不能用占位符"
                )
                raise ValueError(f"{key} 中的 {names} 无法替换：{hint}")
            if key == "label" and not required <= used:
                raise ValueError(
                    f"有年度的事实，label 须含 {'、'.join('{' + r + '}' for r in sorted(required))}，"
                    "否则各年度的名称相同"
                )
        if self.choices and self.type != "code":
            raise ValueError("只有代码类型（code）的事实可以列出 choices")
        return self


class Vocabulary(_Strict):
    version: int = Field(ge=1)
    profile_years: str = "Y-3..Y-1"  # the years of the profile's yearly figures a notice uses
    # Notice years always expanded, besides those of the pack folders (policies.facts.NOTICE_YEARS): the
    # notices whose packs are stored and served even once their folder is gone.
    notice_years: list[int] = Field(default_factory=list)
    facts: list[FactDeclaration] = Field(min_length=1)

    @field_validator("profile_years")
    @classmethod
    def _profile_years(cls, value: str) -> str:
        year_range(value)
        return value

    @field_validator("notice_years")
    @classmethod
    def _notice_years(cls, value: list[int]) -> list[int]:
        bad = [str(y) for y in value if not 2000 <= y <= 2100]
        if bad:
            raise ValueError(f"通知年度须在 2000 到 2100 之间：{'、'.join(bad)}")
        return value

    @model_validator(mode="after")
    def _unique(self) -> Vocabulary:
        names = [f.name for f in self.facts]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"事实名称重复：{'、'.join(duplicates)}")
        return self


# pydantic's own messages are English; these are the ones a vocabulary author meets.
_MESSAGES = {
    "missing": "缺少必填项",
    "extra_forbidden": "不认识的键（拼写错误？）",
    "string_type": "应为文本",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "list_type": "应为列表",
    "model_type": "应为键值对（映射）",
    "dict_type": "应为键值对（映射）",
    "string_too_short": "不能为空",
    "too_short": "不能为空列表",
    "greater_than_equal": "数值过小",
}


class VocabularyInvalid(Exception):
    def __init__(self, file: str, errors: list[tuple[str, str]]):
        self.file = file
        self.errors = errors
        super().__init__(
            "\n".join(f"{file}: {path}: {message}" if path else f"{file}: {message}" for path, message in errors)
        )


def _path(loc: tuple[Any, ...], data: Any) -> str:
    out, node = "", data
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            node = None
        if isinstance(part, int) and isinstance(node, dict) and isinstance(node.get("name"), str):
            out += f"（{node['name']}）"
    return out


def vocabulary_validate(data: Any, *, file: str) -> Vocabulary:
    """The parsed YAML as a Vocabulary, or VocabularyInvalid listing every error (path, Chinese message)."""
    try:
        return Vocabulary.model_validate(data)
    except ValidationError as exc:
        errors = []
        for err in exc.errors():
            message = _MESSAGES.get(err["type"]) or err["msg"].removeprefix("Value error, ")
            errors.append((_path(err["loc"], data), message))
        raise VocabularyInvalid(file, errors) from None
