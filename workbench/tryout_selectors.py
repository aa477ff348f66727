"""The try-out's reads: every confirmed enterprise's profile as facts, the published pack to compare with, and
the try-out of one draft over them (workbench.tryout does the evaluation, without the database)."""

from __future__ import annotations

from enterprises.selectors import confirmed_enterprises_facts
from policies import selectors as policy_selectors
from policies.choices import PackStatus
from policies.models import PolicyPack
from workbench.models import PackDraft
from workbench.tryout import EnterpriseFacts, PackModels, TryoutResult, pack_models_from_data, tryout_compare

CHUNK = 2000


def confirmed_enterprise_facts() -> list[EnterpriseFacts]:
    """Each confirmed enterprise with the facts its profile gives, in the order of their names
    (enterprises.selectors.confirmed_enterprises_facts)."""
    return [EnterpriseFacts(e.enterprise_id, e.name, e.facts) for e in confirmed_enterprises_facts()]


def pack_to_compare(draft: PackDraft) -> PolicyPack | None:
    """The published pack the draft would follow: the one it was copied from while that is still published,
    else the current one (what enterprises read today)."""
    if draft.based_on_id is not None and draft.based_on.status == PackStatus.PUBLISHED:
        return policy_selectors.pack_data_attach(draft.based_on)
    return policy_selectors.pack_current()


def tryout_for_draft(*, draft: PackDraft) -> tuple[TryoutResult, PolicyPack | None]:
    published = pack_to_compare(draft)
    published_models = None
    if published is not None:
        pack, items = policy_selectors.pack_models(published)
        published_models = PackModels(pack, items)
    result = tryout_compare(
        draft=pack_models_from_data(draft.data), published=published_models, enterprises=confirmed_enterprise_facts()
    )
    return result, published
