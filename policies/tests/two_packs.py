"""Two packs side by side for the view tests of pack choice: the 2023 pack and the example pack of next year's
call published, and a draft pack (as the workbench stores one for its preview) that no public page may show."""

from __future__ import annotations

from policies.choices import PackStatus
from policies.models import PolicyPack
from policies.tests.example_pack import example_pack_load

DRAFT_ID = "hengyang-2025-draft"


def draft_pack_create(source: PolicyPack, *, pack_id: str = DRAFT_ID, version: int = 1) -> PolicyPack:
    """A DRAFT copy of `source`'s text, as the workbench stores a draft it previews."""
    return PolicyPack.objects.create(
        pack_id=pack_id, version=version, year=source.year + 2, document_number="衡市工信〔2025〕草稿",
        title="草稿政策包", digest=f"draft-{pack_id}-{version}", status=PackStatus.DRAFT, data=source.data,
    )  # fmt: skip


def both_packs_and_a_draft(stored_pack) -> tuple[PolicyPack, PolicyPack, PolicyPack]:
    """(2023 pack, example pack, draft pack), the example loaded after the 2023 one."""
    example = example_pack_load()
    return stored_pack, example, draft_pack_create(stored_pack)
