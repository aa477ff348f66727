"""The pure edits of a draft's data: each returns new data, leaves the data given unchanged, and keeps the pack
valid where the edit itself is valid."""

from __future__ import annotations

import copy

import pytest

from workbench.edits.conditions import condition_add, condition_remove, rule_build, rule_is_simple, rule_words
from workbench.edits.items import item_add, item_remove, item_update
from workbench.edits.materials import material_add, material_move, material_remove
from workbench.edits.notice import notice_update
from workbench.rollover import data_for_year
from workbench.validation import draft_problems

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(stored_pack):
    return data_for_year(stored_pack.data, year=2024, pack_id="hengyang-2024-gxj", version=1)


def test_no_edit_changes_the_data_it_is_given(data):
    before = copy.deepcopy(data)
    notice_update(data, {"deadline": "2024-08-30", "issuers": [("衡阳市工业和信息化局", "张三")]})
    item_update(data, 2, {"name": "新名称", "subtypes": []})
    item_add(data, {"code": "x_item", "name": "新事项", "forms": ["2-13"]})
    item_remove(data, 10)
    condition_add(data, 2, {"clause": "条件", "source": "附件1", "kind": "attestation"})
    condition_remove(data, 2, data["items"][1]["conditions"][0]["id"])
    material_add(data, 2, {"name": "材料", "source": "附件2-2"})
    material_move(data, 2, "loan_documents", -1)
    material_remove(data, 2, "loan_documents")
    assert data == before


def test_a_new_item_with_a_new_form_is_a_valid_pack(data):
    new, number = item_add(
        data,
        {"code": "green_factory_award", "name": "绿色工厂奖励", "conditions_text": "获评绿色工厂",
         "section": "energy_conservation", "person": "周明", "phone": "0734-8851234", "forms": ["2-13"]},
    )  # fmt: skip
    assert number == 15 and draft_problems(new) == []
    assert list(new["forms"])[-3:] == ["2-13", "3", "4"]  # in the order of the attachments
    assert new["items"][-1]["contact"]["section_name"] == "节能与综合利用科"


def test_removing_an_item_keeps_the_pack_valid(data):
    for number in (14, 10, 3):
        data = item_remove(data, number)
        assert draft_problems(data) == [], number
    assert [q["items"] for q in data["pack"]["quotas"]] == [[4]]


def test_sub_types_keep_their_conditions_by_code(data):
    item = data["items"][0]
    codes = [(s["code"], s["name"]) for s in item["subtypes"]]
    renamed = item_update(data, 1, {"subtypes": [(codes[0][0], "改名后的类型"), *codes[1:]]})
    subtype = renamed["items"][0]["subtypes"][0]
    assert subtype["name"] == "改名后的类型" and subtype["conditions"] == item["subtypes"][0]["conditions"]
    assert draft_problems(renamed) == []


def test_rules_from_the_notices_words_and_back():
    threshold = rule_build(fact="operating_revenue_2023", wording="超过", value=500.0, unit="万元")
    assert threshold == {"fact": "operating_revenue_2023", "wording": "超过", "value": 500.0, "unit": "万元"}
    assert rule_words(threshold)["value"] == "500"
    assert rule_build(fact="credit_record_normal", wording="等于", value=True, unit=None) == {
        "fact": "credit_record_normal", "equals": True,
    }  # fmt: skip
    assert rule_words({"fact": "industry_category", "one_of": ["B", "C"]})["value"] == "B、C"
    assert rule_is_simple(threshold | {"per": None, "growth_from": None})
    assert not rule_is_simple({"all": [threshold]})
    assert not rule_is_simple(threshold | {"growth_from": "operating_revenue_2022"})


def test_materials_move_within_the_list(data):
    ids = [m["id"] for m in data["items"][1]["materials"]]
    moved = material_move(data, 2, ids[1], -1)
    assert [m["id"] for m in moved["items"][1]["materials"]][:2] == [ids[1], ids[0]]
    assert material_move(data, 2, ids[0], -1) == data  # the first stays first
