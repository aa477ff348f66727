"""The notice's rules on which applications one enterprise may hold together: the items that exclude
each other and the limit on the number of projects.

One function answers for the start page, the list of items the enterprise may apply for and the
submission, so the enterprise is told the same reason before it fills in a form as at 提交.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from applications.models import Application
from applications.selectors import active_applications
from policies.selectors import pack_data_attach

# User-facing messages (tests import them).
PROJECT_LIMIT = (
    "本企业在本通知下已提交 {count} 个项目：{items}，名额已满。通知规定：“{clause}”（{source}）。"
    "如需改报本事项，请先撤回其中一个（县级开始审核前可撤回）。"
)
EXCLUSIVE = (
    "本企业已申报第{other}项“{other_name}”（回执号 {receipt}）。通知规定：“{clause}”（{source}）。"
    "如需改报本事项，请先撤回该申报（县级开始审核前可撤回）。"
)


@dataclass(frozen=True)
class RuleBreak:
    """Why a new application for an item would break a rule, and which applications hold the slot."""

    rule: str  # "exclusion" or "project_limit"
    reason: str
    holders: tuple[Application, ...]


def _clause(text: str) -> str:
    """A clause quoted without its list marker: "(二)申报单位…" -> "申报单位…"."""
    return re.sub(r"^[(（][一二三四五六七八九十\d]+[)）]", "", text)


def _holder_label(application: Application) -> str:
    return f"第{application.item.number}项（回执号 {application.receipt_number or '—'}）"


def rule_break(*, pack_rules: dict, item_number: int, holding: list[Application]) -> RuleBreak | None:
    """Pure: the first rule a new application for the item would break, given the applications that
    hold a slot (the one being submitted left out)."""
    for rule in pack_rules["exclusions"]:
        if item_number in rule["items"]:
            for other in sorted(holding, key=lambda a: a.item.number):
                if other.item.number in rule["items"] and other.item.number != item_number:
                    reason = EXCLUSIVE.format(
                        other=other.item.number, other_name=other.item.name, receipt=other.receipt_number or "—",
                        clause=rule["clause"], source=rule["source"],
                    )  # fmt: skip
                    return RuleBreak("exclusion", reason, (other,))
    limit = pack_rules["project_limit"]
    if item_number not in limit["excluded_items"]:
        counted = sorted(
            (a for a in holding if a.item.number not in limit["excluded_items"]), key=lambda a: a.item.number
        )
        if len(counted) >= limit["max_projects"]:
            reason = PROJECT_LIMIT.format(
                count=len(counted), items="、".join(_holder_label(a) for a in counted),
                clause=_clause(limit["clause"]), source=limit["source"],
            )  # fmt: skip
            return RuleBreak("project_limit", reason, tuple(counted))
    return None


def application_rule_break(*, enterprise, item, exclude: Application | None = None) -> RuleBreak | None:
    """Whether one more application of the enterprise for the item would break the notice's exclusions
    or its project limit. Applications that hold a slot: submitted and beyond, not withdrawn or
    rejected (applications.selectors.active_applications)."""
    holding = active_applications(enterprise=enterprise, pack=item.pack)
    if exclude is not None:
        holding = holding.exclude(pk=exclude.pk)
    # The item's pack may come without its text (a submission's lock defers it): the process's cache has it.
    pack = pack_data_attach(item.pack)
    return rule_break(pack_rules=pack.data["pack"], item_number=item.number, holding=list(holding))


def rule_breaks_for_items(*, enterprise, pack, items) -> dict[int, RuleBreak]:
    """item number -> the rule a new application would break, for a list of items (one query). An
    item's own applications are left out: the list shows them as already applied for."""
    holding = list(active_applications(enterprise=enterprise, pack=pack))
    out: dict[int, RuleBreak] = {}
    for item in items:
        others = [a for a in holding if a.item.number != item.number]
        found = rule_break(pack_rules=pack.data["pack"], item_number=item.number, holding=others)
        if found is not None:
            out[item.number] = found
    return out
