"""The try-out's reads: every confirmed enterprise's profile as facts, the published pack to compare with, and
the try-out of one draft over them (workbench.tryout does the evaluation, without the database)."""

from __future__ import annotations

import json

from django.db.models import TextField
from django.db.models.functions import Cast

from enterprises.choices import ConfirmationStatus
from enterprises.models import EnterpriseProfile
from enterprises.selectors import profile_facts
from policies import selectors as policy_selectors
from policies.choices import PackStatus
from policies.models import PolicyPack
from workbench.models import PackDraft
from workbench.tryout import EnterpriseFacts, PackModels, TryoutResult, pack_models_from_data, tryout_compare

CHUNK = 2000


def confirmed_enterprise_facts() -> list[EnterpriseFacts]:
    """Each enterprise its county confirmed, with the facts its profile gives (enterprises.selectors.profile_facts,
    as the catalogue and the application pages read them), in the order of their names.

    The profile is read as its stored JSON text, not through the field that decrypts personal numbers: no fact is
    a personal number, so the try-out neither needs nor decrypts them (a third of its time at 20,000 profiles,
    bench/workbench/README.md)."""
    rows = (
        EnterpriseProfile.objects.filter(status=ConfirmationStatus.CONFIRMED)
        .annotate(stored=Cast("data", output_field=TextField()))
        .order_by("organisation__name", "pk")
        .values_list("organisation_id", "organisation__name", "uscc", "stored")
    )
    return [
        EnterpriseFacts(
            enterprise_id=organisation_id,
            name=name,
            facts=profile_facts(
                EnterpriseProfile(uscc=uscc, status=ConfirmationStatus.CONFIRMED, data=json.loads(stored or "{}"))
            ),
        )
        for organisation_id, name, uscc, stored in rows.iterator(chunk_size=CHUNK)
    ]


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
