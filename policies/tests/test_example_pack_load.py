"""The example pack of next year's call loads beside the 2023 pack: checked, stored and published as a pack of
its own, its rule cases hold, and the catalogue shows it as the current notice with the 示例 badge."""

import pytest
from django.urls import reverse

from eligibility.engine import evaluate_item
from eligibility.profile import validate_facts
from policies.choices import PackStatus
from policies.models import PolicyPack
from policies.pack.loader import check_pack, load_pack_unchanged
from policies.selectors import pack_current
from policies.tests.example_pack import EXAMPLE_2024, example_pack_load

pytestmark = pytest.mark.django_db

BADGE = "示例政策包，非正式通知"


def _example():
    return load_pack_unchanged(EXAMPLE_2024)


def test_the_example_passes_pack_check():
    assert check_pack(EXAMPLE_2024) == []
    pack = _example().pack
    assert (pack.id, pack.year, pack.notice.example) == ("example-2024", 2024, True)
    assert pack.notice.document_number == "示例〔2024〕1号" and pack.notice.title.startswith("【示例】")
    assert str(pack.notice.deadline) == "2024-08-23" and "请于8月23日前" in pack.notice.submission_requirements
    assert pack.public_notice.working_days == 5


def test_the_example_differs_from_2023_as_its_readme_says():
    loaded = _example()
    numbers = [i.number for i in loaded.items]
    assert 13 not in numbers and 15 in numbers and "2-13" in loaded.forms and "2-12-2" not in loaded.forms
    assert {tuple(q.items): q.per_jurisdiction for q in loaded.pack.quotas} == {(3, 4): 1, (10,): 2, (15,): 2}
    years = {f.id: f.years for form in loaded.forms.values() for f in form.value_fields() if f.kind == "year_table"}
    assert set(map(tuple, years.values())) <= {(2021, 2022, 2023), (2022, 2023)}


@pytest.mark.parametrize("case", _example().cases.cases, ids=lambda c: c.name)
def test_the_example_rule_cases(case):
    loaded = _example()
    item = loaded.item(case.item)
    subtype = next(s for s in item.subtypes if s.code == case.subtype) if case.subtype else None
    facts, errors = validate_facts(case.facts)
    assert not errors, errors
    result = evaluate_item(loaded.pack, item, facts, frozenset(case.verified), subtype)
    by_id = {c.id: c for c in result.conditions}
    for condition_id, expected in case.expect.items():
        assert by_id[condition_id].status == expected, by_id[condition_id].explanation
    if case.verdict:
        assert result.status == case.verdict


def test_both_packs_are_stored_side_by_side_and_the_example_never_becomes_current(stored_pack):
    example = example_pack_load()
    assert example.status == PackStatus.PUBLISHED and (example.pack_id, example.year) == ("example-2024", 2024)
    assert set(PolicyPack.objects.values_list("pack_id", "status")) == {
        ("hengyang-2023-gxj51", PackStatus.PUBLISHED),
        ("example-2024", PackStatus.PUBLISHED),
    }
    assert sorted(example.items.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15]
    assert stored_pack.items.count() == 14 and stored_pack.items.filter(number=13).exists()
    assert pack_current() == stored_pack  # an example pack is the default only when no real one is published
    assert example_pack_load() == example  # loading the same folder again changes nothing


def test_the_catalogue_and_item_pages_badge_the_example(client, stored_pack):
    body = client.get(reverse("policies:catalogue")).content.decode()
    assert BADGE not in body  # the 2023 notice is a real one
    example_pack_load()
    body = client.get(reverse("policies:catalogue"), {"pack": "example-2024"}).content.decode()
    assert BADGE in body and "示例〔2024〕1号" in body and "【示例】中小企业数字化改造示范" in body
    assert "市级移动互联网重点企业" not in body
    item = client.get(reverse("policies:item_detail", args=[15]), {"pack": "example-2024"}).content.decode()
    assert BADGE in item and "附件2-13" in item and "2023年度营业收入在1000万元以上" in item
    assert client.get(reverse("policies:item_detail", args=[13]), {"pack": "example-2024"}).status_code == 404
