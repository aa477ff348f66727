"""The try-out (试算): a draft pack's eligibility beside the published pack's, over many enterprises at once.

Pure: the two packs as schema models and the enterprises' facts in, counts and the changed verdicts out. Both
packs are evaluated by the bulk engine (eligibility.bulk), whose statuses are those of the single-enterprise
engine (eligibility.engine) exactly, with nothing verified, as the catalogue and the application pages judge
an enterprise's profile.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from eligibility import statuses as st
from eligibility.bulk import columns_from_profiles, evaluate_bulk, facts_read
from eligibility.reports import ELIGIBLE
from policies.pack.schema import Pack, SupportItem

NO_ITEM = "（无此事项）"
ELIGIBLE_CODES = np.array(sorted(st.ORDER[s] for s in ELIGIBLE), dtype=np.int8)


@dataclass(frozen=True)
class EnterpriseFacts:
    enterprise_id: int
    name: str
    facts: dict


@dataclass(frozen=True)
class PackModels:
    pack: Pack
    items: list[SupportItem]


@dataclass(frozen=True)
class VerdictChange:
    enterprise_id: int
    enterprise_name: str
    item_key: str  # "3" or "1:subtype_code", as ItemResult.key
    item_label: str
    published: str  # a status label (符合 …), or NO_ITEM
    draft: str


@dataclass(frozen=True)
class ItemCount:
    item_key: str
    item_label: str
    published_eligible: int | None  # None: the published pack has no such item
    draft_eligible: int | None  # None: the draft removed the item


@dataclass
class TryoutResult:
    enterprise_count: int
    eligible_count: int  # enterprises the draft finds 符合 or 需佐证 for at least one item
    changed_count: int  # enterprises with at least one verdict that differs from the published pack's
    items: list[ItemCount] = field(default_factory=list)
    changes: list[VerdictChange] = field(default_factory=list)  # every changed verdict, enterprise by enterprise


def pack_models_from_data(data: dict) -> PackModels:
    """A draft's data (PolicyPack.data's shape) as the engine's models."""
    return PackModels(Pack.model_validate(data["pack"]), [SupportItem.model_validate(i) for i in data["items"]])


def item_labels(items: Sequence[SupportItem]) -> dict[str, str]:
    """Result key -> "第3项 名称" or "第1项 名称（申报类型）"."""
    labels: dict[str, str] = {}
    for item in items:
        if not item.subtypes:
            labels[str(item.number)] = f"第{item.number}项 {item.name}"
        for subtype in item.subtypes:
            labels[f"{item.number}:{subtype.code}"] = f"第{item.number}项 {item.name}（{subtype.name}）"
    return labels


def facts_used(models: Iterable[PackModels]) -> list[str]:
    """The facts any computable condition of the packs reads: the only columns the bulk engine needs."""
    names: dict[str, None] = {}
    for pm in models:
        names.update(dict.fromkeys(facts_read(pm.pack, pm.items)))
    return list(names)


def _statuses(models: PackModels, columns: dict, n: int) -> dict[str, np.ndarray]:
    return evaluate_bulk(models.pack, models.items, columns, n).items


def tryout_compare(
    *, draft: PackModels, published: PackModels | None, enterprises: Sequence[EnterpriseFacts]
) -> TryoutResult:
    """Evaluate both packs over the enterprises and list every verdict that the draft changes."""
    n = len(enterprises)
    packs = [draft] + ([published] if published else [])
    columns = columns_from_profiles((e.facts for e in enterprises), facts_used(packs))
    draft_statuses = _statuses(draft, columns, n)
    published_statuses = _statuses(published, columns, n) if published else {}
    labels = {**(item_labels(published.items) if published else {}), **item_labels(draft.items)}

    eligible_any = np.zeros(n, dtype=bool)
    changed_any = np.zeros(n, dtype=bool)
    counts: list[ItemCount] = []
    changed_by_key: dict[str, np.ndarray] = {}
    for key in [*draft_statuses, *(k for k in published_statuses if k not in draft_statuses)]:
        after, before = draft_statuses.get(key), published_statuses.get(key)
        eligible_after = np.isin(after, ELIGIBLE_CODES) if after is not None else np.zeros(n, dtype=bool)
        eligible_before = np.isin(before, ELIGIBLE_CODES) if before is not None else np.zeros(n, dtype=bool)
        eligible_any |= eligible_after
        # An item only one pack has changes the verdict of those who may apply for it under that pack (a new
        # item they could apply for, a removed one they could have); to the others it makes no difference.
        if after is None:
            changed = eligible_before
        elif before is None:
            changed = eligible_after
        else:
            changed = after != before
        changed_any |= changed
        changed_by_key[key] = changed
        counts.append(
            ItemCount(
                key,
                labels[key],
                None if before is None else int(eligible_before.sum()),
                None if after is None else int(eligible_after.sum()),
            )
        )

    def label(codes: np.ndarray | None, row: int) -> str:
        return NO_ITEM if codes is None else st.LABELS[st.BY_CODE[int(codes[row])]]

    changes: list[VerdictChange] = []
    for row in np.flatnonzero(changed_any):
        enterprise = enterprises[row]
        changes += [
            VerdictChange(
                enterprise_id=enterprise.enterprise_id,
                enterprise_name=enterprise.name,
                item_key=key,
                item_label=labels[key],
                published=label(published_statuses.get(key), row),
                draft=label(draft_statuses.get(key), row),
            )
            for key, changed in changed_by_key.items()
            if changed[row]
        ]
    return TryoutResult(
        enterprise_count=n,
        eligible_count=int(eligible_any.sum()),
        changed_count=int(changed_any.sum()),
        items=counts,
        changes=changes,
    )
