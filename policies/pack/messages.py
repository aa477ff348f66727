"""Pydantic's validation errors in Chinese, for pack files and for the workbench's forms that edit them: the
people who read them prepare notices, not code. A message of the pack's own validators (value_error) is already
Chinese and is kept."""

from __future__ import annotations

from typing import Any

_MESSAGES = {
    "missing": "必须填写",
    "extra_forbidden": "不允许的字段",
    "string_type": "应为文字",
    "string_too_short": "不能为空",
    "string_too_long": "不能超过 {max_length} 个字符",
    "string_pattern_mismatch": "格式不正确",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "decimal_parsing": "应为数字",
    "decimal_type": "应为数字",
    "bool_type": "应为“是”或“否”",
    "bool_parsing": "应为“是”或“否”",
    "literal_error": "应为以下之一：{expected}",
    "enum": "应为以下之一：{expected}",
    "greater_than": "应大于 {gt}",
    "greater_than_equal": "应不小于 {ge}",
    "less_than": "应小于 {lt}",
    "less_than_equal": "应不大于 {le}",
    "list_type": "应为列表",
    "dict_type": "应为若干字段的组合",
    "model_type": "应为若干字段的组合",
    "too_short": "至少需要 {min_length} 项",
    "too_long": "至多 {max_length} 项",
    "date_type": "应为日期（如 2024-08-25）",
    "date_parsing": "应为日期（如 2024-08-25）",
    "date_from_datetime_parsing": "应为日期（如 2024-08-25）",
    "date_from_datetime_inexact": "应为日期（如 2024-08-25）",
    "union_tag_invalid": "类型不正确",
    "frozen_instance": "不可修改",
}


def pydantic_message(error: dict[str, Any]) -> str:
    """The Chinese message of one entry of a pydantic ValidationError's errors()."""
    if error.get("type") == "string_too_short" and (error.get("ctx") or {}).get("min_length", 1) > 1:
        return f"至少 {error['ctx']['min_length']} 个字"
    template = _MESSAGES.get(error.get("type", ""))
    if template is None:
        return str(error.get("msg", "")).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    context = {k: str(v).replace("'", "") for k, v in (error.get("ctx") or {}).items()}
    try:
        return template.format(**context)
    except KeyError:
        return template.split("{")[0].rstrip("：: ") or template
