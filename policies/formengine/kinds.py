"""The field kinds grouped as the engine treats them, the shape of the answers and the engine's limits."""

from __future__ import annotations

import re
from typing import Any, Protocol

Answers = dict[str, dict[str, Any]]

RAW_KEY = "_raw"
NEW_ROW_KEY = "NEWROW"  # placeholder in the <template> row; forms.js replaces it with a fresh key
ROW_KEY_PATTERN = re.compile(r"^[A-Za-z0-9]{1,40}$")

TEXT_KINDS = frozenset({"text", "long_text", "phone", "email", "uscc", "id_number", "industry"})
SCALAR_KINDS = TEXT_KINDS | {"date", "year_month", "integer", "year", "number", "money", "percentage"}
INTEGER_KINDS = frozenset({"integer", "year"})
DECIMAL_KINDS = frozenset({"number", "money", "percentage"})
CHOICE_KINDS = frozenset({"single_choice", "multiple_choice"})
MONEY_DECIMALS = 2  # schema: money is 万元 or 万美元 with 2 decimals unless the field says otherwise
MAX_DIGITS = 20
# The default maximum length, in characters as typed (whitespace included), of what one box may hold, for
# fields whose template declares no limit (issue 16 §7: a text box took 2 MB). A declared max_chars (counted
# without whitespace) is a soft limit shown beside the box; this one is hard: longer text is not stored.
DEFAULT_MAX_LENGTH = {"text": 500, "long_text": 10_000}
OTHER_MAX_LENGTH = 200  # numbers, dates, phones, codes, the "其他（请注明）" text of a choice
BOOLEAN_OPTIONS = (("true", "是"), ("false", "否"))


class QueryDictLike(Protocol):
    def get(self, key: str, default: Any = None) -> Any: ...
    def getlist(self, key: str) -> list[Any]: ...
