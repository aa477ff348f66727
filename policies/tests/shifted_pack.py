"""A copy of the 2023 pack moved to another notice year, for tests of packs side by side: its `year` and `id`
changed, and, unless told otherwise, every year-relative fact name, prefill key and year table moved with it."""

from __future__ import annotations

import re
from pathlib import Path

from policies.pack.years import name_moved, year_relative_families

_NAME = re.compile(r"\b[a-z][a-z0-9_]*?_20\d\d(?:_20\d\d)?\b")
_YEARS = re.compile(r"years: \[(20\d\d(?:, 20\d\d)*)\]")


def shift_pack_copy(folder: Path, *, year: int, pack_id: str, names_too: bool = True) -> Path:
    """Rewrite the copy of the 2023 pack in `folder` in place as the notice of `year`."""
    by = year - 2023
    families = year_relative_families()

    def name(match: re.Match) -> str:
        return name_moved(match.group(0), by, families)

    def years(match: re.Match) -> str:
        return "years: [" + ", ".join(str(int(y) + by) for y in match.group(1).split(", ")) + "]"

    for path in sorted(folder.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        if path.name == "pack.yaml":
            text = re.sub(r"^year: 2023\b", f"year: {year}", text, flags=re.MULTILINE)
            text = re.sub(r"^id: \S+", f"id: {pack_id}", text, flags=re.MULTILINE)
        if names_too:
            text = _YEARS.sub(years, _NAME.sub(name, text))
        path.write_text(text, encoding="utf-8")
    return folder
