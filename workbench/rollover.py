"""A published pack's data carried over to another notice year: year-relative fact names and prefill keys
(smart_equipment_investment_2022 -> _2023), the years of yearly tables and the year a material's invoices must
fall in (a `period_within_year` rule, with the period its text states) move with the notice year, as the
vocabulary expands them (policies/vocabulary). Quoted wording is left as it was: the preparer rewrites it, and
the approval page lists every change against the published pack."""

from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Any

from policies.pack.years import name_moved, year_relative_families


def _period_rule(rule: dict[str, Any], by: int) -> dict[str, Any]:
    """A `period_within_year` material rule in the year `by` later: its year, and that year in its text."""
    old, new = rule["year"], rule["year"] + by
    return {**rule, "year": new, "text": re.sub(rf"(?<!\d){old}(?!\d)", str(new), rule.get("text") or "")}


def _walk(value: Any, by: int, families: set[str], key: str = "") -> Any:
    if isinstance(value, dict):
        if value.get("code") == "period_within_year" and isinstance(value.get("year"), int):
            value = _period_rule(value, by)
        return {k: _walk(v, by, families, k) for k, v in value.items()}
    if isinstance(value, list):
        if key == "years" and all(isinstance(y, int) for y in value):
            return [y + by for y in value]
        return [_walk(v, by, families, key) for v in value]
    if isinstance(value, str):
        return name_moved(value, by, families)
    return value


def _date_moved(value: str, by: int) -> str:
    """An ISO date `by` years later; 29 February becomes the 28th in a year without it."""
    day = dt.date.fromisoformat(value)
    try:
        return day.replace(year=day.year + by).isoformat()
    except ValueError:
        return day.replace(year=day.year + by, day=28).isoformat()


def data_for_year(data: dict[str, Any], *, year: int, pack_id: str, version: int) -> dict[str, Any]:
    """A new data dict: `data` as the pack `pack_id` version `version` of the notice of `year`. The notice's
    issue date and deadline start on the same days of the new year, for the preparer to set."""
    by = year - data["pack"]["year"]
    out = _walk(copy.deepcopy(data), by, year_relative_families()) if by else copy.deepcopy(data)
    notice = dict(out["pack"]["notice"])
    for key in ("issue_date", "deadline"):
        if by and isinstance(notice.get(key), str):
            notice[key] = _date_moved(notice[key], by)
    out["pack"] = {**out["pack"], "id": pack_id, "version": version, "year": year, "notice": notice}
    return out
