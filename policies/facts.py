"""The facts vocabulary of the notices the platform knows: every fact a condition may use, with its meaning,
unit, year and source, expanded from the data in policies/vocabulary/ (facts-v1.yaml).

The enterprise profile (一企一档) is the facts store. `source` says where a fact can come from:
"declared" (the enterprise says so; at best 需佐证 where a clause needs evidence), an
authoritative register (信用, 市场监管, 税务, award lists), which is a future integration, or the
platform's own records, never asked of the enterprise: "performance_record" (written on the profile by the
绩效评价 and 整改 services) and "funds_record" (by the 调减/撤销 and 追回 services of the funds ledger).

FACTS is the union over the notice years of the pack folders under settings.POLICY_PACK_DIRS (their `year`
line, read without a database) and of the vocabulary's `notice_years`, so that a name such as operating_revenue_2023 is known as soon as a 2024 pack
is there. Code that has one pack at hand uses that pack's own expansion, facts_for_notice_year(pack.year).
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings

from policies.fact_types import RECORDED_SOURCES, Fact, FactSource, FactType  # noqa: F401 - re-exported
from policies.vocabulary import fact_in_any_year, facts_for_notice_years, pack_folder_years, vocabulary


def _pack_dirs() -> list[Path]:
    """settings.POLICY_PACK_DIRS; the repository's policy_packs/ for a script run without Django settings
    (`python -m policies.pack.check`)."""
    if settings.configured or os.environ.get("DJANGO_SETTINGS_MODULE"):
        return list(settings.POLICY_PACK_DIRS)
    return [Path(__file__).resolve().parent.parent / "policy_packs"]


# The vocabulary's own `notice_years` keep the facts of notices whose folder is gone (their packs stay stored).
NOTICE_YEARS: tuple[int, ...] = tuple(sorted(set(pack_folder_years(_pack_dirs())) | set(vocabulary().notice_years)))
FACTS: dict[str, Fact] = facts_for_notice_years(NOTICE_YEARS)


def fact_named(name: str) -> Fact | None:
    """FACTS[name], or the fact of that name in any notice year's expansion (a pack stored without its folder)."""
    return FACTS.get(name) or fact_in_any_year(name)


# Facts the platform records itself (never a field of the enterprise's profile form), and by which records.
RECORDED_FACTS_BY_SOURCE: dict[str, frozenset[str]] = {
    source: frozenset(name for name, fact in FACTS.items() if fact.source == source) for source in RECORDED_SOURCES
}
RECORDED_FACTS = frozenset().union(*RECORDED_FACTS_BY_SOURCE.values())
