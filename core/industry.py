"""国民经济行业分类 GB/T 4754-2017 lookups.

Data: reference/gbt4754-2017.csv (columns code, level, name, parent), read once and
cached. Levels: 门类 (letter A-T), 大类 (2 digits), 中类 (3 digits), 小类 (4 digits);
``parent`` is the code of the level above (empty for a 门类). Forms ask for the 大类
and 中类, e.g. "35 专用设备制造业" and "351 采矿、冶金、建筑专用设备制造".

Pure Python: no Django, no database.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CSV_PATH = Path(__file__).resolve().parents[1] / "reference" / "gbt4754-2017.csv"

CATEGORY = "门类"
DIVISION = "大类"
GROUP = "中类"
CLASS = "小类"
LEVELS = (CATEGORY, DIVISION, GROUP, CLASS)


@dataclass(frozen=True)
class Entry:
    code: str
    level: str
    name: str
    parent: str | None


@cache
def _entries() -> dict[str, Entry]:
    """All entries by code, in file order (which is code order)."""
    entries: dict[str, Entry] = {}
    with CSV_PATH.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["code"].strip()
            level = row["level"].strip()
            if level not in LEVELS:
                raise ValueError(f"{CSV_PATH.name}: unknown level {level!r} for code {code!r}")
            if code in entries:
                raise ValueError(f"{CSV_PATH.name}: duplicate code {code!r}")
            entries[code] = Entry(code, level, row["name"].strip(), row["parent"].strip() or None)
    return entries


@cache
def _children() -> dict[str | None, tuple[Entry, ...]]:
    children: dict[str | None, list[Entry]] = {}
    for entry in _entries().values():
        children.setdefault(entry.parent, []).append(entry)
    return {parent: tuple(items) for parent, items in children.items()}


def _get(code: object) -> Entry | None:
    if not isinstance(code, str):
        return None
    return _entries().get(code.strip())


def _pairs(entries: tuple[Entry, ...] | list[Entry]) -> list[tuple[str, str]]:
    return [(entry.code, entry.name) for entry in entries]


def categories() -> list[tuple[str, str]]:
    """(门类 letter, name) for the 20 门类 A-T."""
    return _pairs(_children().get(None, ()))


def divisions() -> list[tuple[str, str]]:
    """(大类 code, name) for all 97 大类, in code order."""
    return _pairs([entry for entry in _entries().values() if entry.level == DIVISION])


def groups(division_code: str) -> list[tuple[str, str]]:
    """(中类 code, name) of one 大类; empty list for an unknown 大类."""
    entry = _get(division_code)
    if entry is None or entry.level != DIVISION:
        return []
    return _pairs(_children().get(entry.code, ()))


def category_of(division_code: str) -> str | None:
    """门类 letter of a 大类 (a 中类 or 小类 code works too); None when unknown."""
    entry = _get(division_code)
    while entry is not None and entry.level != CATEGORY:
        entry = _entries().get(entry.parent or "")
    return entry.code if entry is not None else None


def name_of(code: str) -> str | None:
    """Name of a code at any level; None when unknown."""
    entry = _get(code)
    return entry.name if entry is not None else None


def is_valid_division(code: str) -> bool:
    entry = _get(code)
    return entry is not None and entry.level == DIVISION


def is_valid_group(code: str, division_code: str | None = None) -> bool:
    """A 中类 code; when ``division_code`` is given it must be that 中类's 大类."""
    entry = _get(code)
    if entry is None or entry.level != GROUP:
        return False
    return division_code is None or (isinstance(division_code, str) and entry.parent == division_code.strip())


def is_valid_class(code: str) -> bool:
    entry = _get(code)
    return entry is not None and entry.level == CLASS


def label(code: str) -> str:
    """Code and name as forms show them, e.g. "35 专用设备制造业". KeyError for an unknown code."""
    entry = _get(code)
    if entry is None:
        raise KeyError(f"not a GB/T 4754-2017 code: {code!r}")
    return f"{entry.code} {entry.name}"
