"""Which packs are offered and which one is the default (policies.selectors): every published pack, newest
first; the default is the newest real notice, so loading the example pack never makes it the current notice."""

import pytest
from django.http import Http404

from policies import selectors
from policies.choices import PackStatus
from policies.models import PolicyPack
from policies.tests.example_pack import example_pack_load
from policies.tests.two_packs import DRAFT_ID, both_packs_and_a_draft, draft_pack_create

pytestmark = pytest.mark.django_db


def test_the_example_pack_is_offered_but_never_the_default(stored_pack):
    pack_2023, example, _draft = both_packs_and_a_draft(stored_pack)
    assert [p.pk for p in selectors.packs_published()] == [example.pk, pack_2023.pk]  # newest year first
    assert selectors.pack_current() == pack_2023
    offered = selectors.packs_offered()
    assert [(o.pack.pk, o.ref, o.example) for o in offered] == [
        (pack_2023.pk, "", False),
        (example.pk, "example-2024", True),
    ]
    assert set(selectors.items_of_current_pack().values_list("pack_id", flat=True)) == {pack_2023.pk}


def test_an_example_pack_is_the_default_only_when_no_real_notice_is_published(stored_pack):
    example = example_pack_load()
    stored_pack.status = PackStatus.RETIRED
    stored_pack.save(update_fields=["status"])
    assert selectors.pack_current() == example
    assert selectors.pack_choice_or_404(None).pack == example


def test_a_reference_chooses_a_published_pack_and_nothing_else(stored_pack):
    pack_2023, example, draft = both_packs_and_a_draft(stored_pack)
    assert selectors.pack_choice_or_404(None).pack == pack_2023
    assert selectors.pack_choice_or_404("").ref == ""
    choice = selectors.pack_choice_or_404("example-2024")
    assert (choice.pack, choice.ref) == (example, "example-2024")
    assert selectors.pack_choice_or_404("example-2024@1").pack == example
    assert selectors.pack_choice_or_404("hengyang-2023-gxj51").ref == ""  # the default pack named: links unchanged
    for reference in (DRAFT_ID, f"{DRAFT_ID}@1", "no-such-pack", "example-2024@9", "example-2024@x"):
        with pytest.raises(Http404):
            selectors.pack_choice_or_404(reference)


def test_a_draft_version_of_a_published_pack_stays_hidden(stored_pack):
    draft = draft_pack_create(stored_pack, pack_id=stored_pack.pack_id, version=stored_pack.version + 1)
    assert selectors.pack_choice_or_404(stored_pack.pack_id).pack == stored_pack
    with pytest.raises(Http404):
        selectors.pack_choice_or_404(f"{draft.pack_id}@{draft.version}")
    assert [p.pk for p in selectors.packs_published()] == [stored_pack.pk]


def test_nothing_published_is_said_apart_from_an_unknown_reference(db):
    PolicyPack.objects.update(status=PackStatus.RETIRED)  # whatever the shared test rows hold
    with pytest.raises(selectors.NoPackPublished):
        selectors.pack_choice_or_404(None)
    assert selectors.pack_current() is None and selectors.packs_offered() == []
