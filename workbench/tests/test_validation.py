"""draft_problems: the loader's validation of data held in memory, each error at its place in the data."""

from __future__ import annotations

import copy

import pytest

from workbench.rollover import data_for_year
from workbench.validation import draft_problems

pytestmark = pytest.mark.django_db


def test_the_published_2023_pack_has_no_problems(stored_pack):
    assert draft_problems(stored_pack.data) == []


def test_a_copy_carried_to_2024_has_no_problems_and_its_yearly_facts_moved(stored_pack):
    data = data_for_year(stored_pack.data, year=2024, pack_id="hengyang-2024-gxj", version=1)
    assert draft_problems(data) == []
    item2 = next(i for i in data["items"] if i["number"] == 2)
    facts = [c["rule"].get("fact") for c in item2["conditions"]]
    assert "smart_equipment_investment_2023" in facts
    assert "smart_equipment_investment_2022" not in facts
    assert data["pack"] | {"id": "x"} != stored_pack.data["pack"]
    assert stored_pack.data["pack"]["year"] == 2023  # the published data is left as it was


def test_a_schema_error_is_placed_at_its_field(stored_pack):
    data = copy.deepcopy(stored_pack.data)
    data["items"][1]["conditions"][1]["rule"]["value"] = "三百"
    problems = draft_problems(data)
    assert problems
    assert problems[0].path[:5] == ("items", 1, "conditions", 1, "rule")


def test_a_form_label_left_empty_is_placed_in_its_form(stored_pack):
    data = copy.deepcopy(stored_pack.data)
    data["forms"]["2-1"]["sections"][0]["fields"][0]["label"] = ""
    problems = draft_problems(data)
    assert [p.path[:2] for p in problems] == [("forms", "2-1")]
    assert problems[0].path[2:6] == ("sections", 0, "fields", 0)


def test_a_cross_reference_error_is_placed_at_the_item_and_in_chinese(stored_pack):
    data = copy.deepcopy(stored_pack.data)
    data["items"][0]["forms"] = ["9-9"]
    problems = draft_problems(data)
    assert any(p.path == ("items", 0, "forms") and "不存在的表单 9-9" in p.message for p in problems)


def test_an_unknown_fact_is_reported_with_the_vocabulary_of_the_year(stored_pack):
    data = data_for_year(stored_pack.data, year=2024, pack_id="hengyang-2024-gxj", version=1)
    data["items"][1]["conditions"][1]["rule"]["fact"] = "smart_equipment_investment_2022"
    problems = draft_problems(data)
    assert any(p.path == ("items", 1, "conditions", 1) and "2024 年通知" in p.message for p in problems)


def test_two_items_with_one_number_are_reported(stored_pack):
    data = copy.deepcopy(stored_pack.data)
    data["items"].append(copy.deepcopy(data["items"][0]))
    messages = [p.message for p in draft_problems(data)]
    assert any("同一序号" in m for m in messages)
