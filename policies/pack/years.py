"""Moving a year-relative name (a fact or prefill key such as smart_equipment_investment_2022, or a span such as
…_2021_2022) to another notice year: the one rule that the workbench's rollover and the tests' shifted packs share.
A name whose family is not year-relative (in the facts vocabulary or the profile's yearly metrics) is left as is."""

from __future__ import annotations

import re

from policies.pack.prefill import YEARLY_METRICS
from policies.vocabulary import vocabulary

YEARLY_NAME = re.compile(r"^([a-z][a-z0-9_]*?)_(20\d\d)(?:_(20\d\d))?$")


def year_relative_families() -> set[str]:
    return {d.name for d in vocabulary().facts} | set(YEARLY_METRICS)


def name_moved(name: str, by: int, families: set[str]) -> str:
    """`name` with its year (or its span of years) `by` years later, when its family is in `families`."""
    match = YEARLY_NAME.match(name)
    if not match or match.group(1) not in families:
        return name
    base, first, last = match.groups()
    return f"{base}_{int(first) + by}" + (f"_{int(last) + by}" if last else "")
