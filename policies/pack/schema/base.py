"""Names and units shared by every part of the pack format."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

IDENT = r"^[a-z][a-z0-9_]*$"
FORM_ID = r"^[0-9]+(-[0-9]+)*$"

# Units a field or a threshold may carry. 万元 = 10,000 yuan; percentages are entered as numbers (3 = 3 %).
UNITS = (
    "万元",
    "万美元",
    "元",
    "%",
    "百分点",
    "个",
    "项",
    "件",
    "人",
    "人·月",
    "年",
    "月",
    "位",
    "台",
    "套",
    "分",
)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
