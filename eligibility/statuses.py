"""The four condition statuses and how they combine.

Ordered so that "all of" is the minimum and "any of" is the maximum:
not_met < unknown < needs_evidence < met.
"""

from __future__ import annotations

from collections.abc import Iterable

NOT_MET, UNKNOWN, NEEDS_EVIDENCE, MET = "not_met", "unknown", "needs_evidence", "met"
ORDER = {NOT_MET: 0, UNKNOWN: 1, NEEDS_EVIDENCE: 2, MET: 3}
BY_CODE = {v: k for k, v in ORDER.items()}
LABELS = {MET: "符合", NOT_MET: "不符合", NEEDS_EVIDENCE: "需佐证", UNKNOWN: "信息不足"}


def combine_all(statuses: Iterable[str]) -> str:
    """Any 不符合 gives 不符合; else any 信息不足; else any 需佐证; else 符合. Empty is 符合."""
    return min(statuses, key=ORDER.__getitem__, default=MET)


def combine_any(statuses: Iterable[str]) -> str:
    """The best status among the alternatives. Empty is 不符合."""
    return max(statuses, key=ORDER.__getitem__, default=NOT_MET)
