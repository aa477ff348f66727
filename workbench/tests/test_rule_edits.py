"""The pure edits of a draft's cross-item rules (project limit, quotas, exclusions) and of an item's quota and
project-limit settings: each leaves the data given unchanged, keeps an item's copy equal to its rule, and
leaves a valid pack."""

from __future__ import annotations

import copy

import pytest

from workbench.edits.items import item_add, item_remove, item_update
from workbench.edits.rules import (
    exclusion_add,
    exclusion_remove,
    exclusion_update,
    item_counts_toward_set,
    item_county_quota_set,
    project_limit_update,
    quota_add,
    quota_remove,
    quota_update,
)
from workbench.item_forms import ItemForm, item_field_paths, item_initial
from workbench.problems import problems_on_form
from workbench.rollover import data_for_year
from workbench.validation import draft_problems

pytestmark = pytest.mark.django_db

QUOTA_2023 = {"items": [3, 4, 10], "per_jurisdiction": 1, "clause": "各县市区、市直园区限报1个。",
              "source": "附件1 第3项申报条件5、第4项申报条件5、第10项申报条件2"}  # fmt: skip


@pytest.fixture
def data(stored_pack):
    return data_for_year(stored_pack.data, year=2024, pack_id="hengyang-2024-gxj", version=1)


def _item(data: dict, number: int) -> dict:
    return next(i for i in data["items"] if i["number"] == number)


def _quotas(data: dict) -> dict[int, int | None]:
    return {i["number"]: i.get("county_quota") for i in data["items"]}


EDITS = [
    lambda d: item_county_quota_set(d, 10, 2),
    lambda d: item_county_quota_set(d, 3, None),
    lambda d: item_county_quota_set(d, 5, 1),
    lambda d: item_counts_toward_set(d, 14, True),
    lambda d: item_counts_toward_set(d, 2, False),
    lambda d: project_limit_update(d, {"max_projects": 3, "excluded_items": [12, 14]}),
    lambda d: quota_add(d, {"items": [5, 6], "per_jurisdiction": 3, "clause": "限报3个。", "source": "附件1"}),
    lambda d: quota_update(d, 0, QUOTA_2023 | {"items": [3, 4], "per_jurisdiction": 2}),
    lambda d: quota_remove(d, 0),
    lambda d: exclusion_add(d, {"items": [1, 2, 3], "clause": "不能同时申报。", "source": "附件1"}),
    lambda d: exclusion_update(d, 0, {"items": [2, 11], "clause": "不能同时申报。", "source": "附件1"}),
    lambda d: exclusion_remove(d, 0),
]


@pytest.mark.parametrize("edit", EDITS)
def test_each_edit_leaves_its_input_unchanged_and_the_pack_valid(data, edit):
    before = copy.deepcopy(data)
    new = edit(data)
    assert data == before
    assert draft_problems(new) == []


def test_an_items_new_quota_makes_a_rule_in_the_notices_words(data):
    new = item_county_quota_set(data, 10, 2)
    assert new["pack"]["quotas"] == [
        QUOTA_2023 | {"items": [3, 4]},
        {
            "items": [10],
            "per_jurisdiction": 2,
            "clause": "各县市区、市直园区限报2个。",
            "source": "附件1 第10项申报条件",
        },
    ]
    assert (_item(new, 10)["county_quota"], _item(new, 3)["county_quota"]) == (2, 1)


def test_an_item_joins_the_rule_of_its_quota_and_a_rule_left_empty_goes(data):
    alone = item_county_quota_set(data, 10, 2)
    back = item_county_quota_set(alone, 10, 1)
    assert back["pack"]["quotas"] == [QUOTA_2023]
    joined = item_county_quota_set(data, 5, 1)
    assert joined["pack"]["quotas"][0]["items"] == [3, 4, 5, 10]
    assert joined["pack"]["quotas"][0]["source"].endswith("第10项申报条件2、附件1 第5项申报条件")
    assert _item(joined, 5)["county_quota"] == 1


def test_an_unchanged_quota_leaves_the_rule_as_worded(data):
    assert item_county_quota_set(data, 4, 1) == data


def test_no_quota_takes_the_item_out_of_its_rule(data):
    new = item_county_quota_set(data, 3, None)
    assert new["pack"]["quotas"][0]["items"] == [4, 10]
    assert _item(new, 3).get("county_quota") is None


def test_counting_toward_the_limit_is_the_project_limits_exception(data):
    new = item_counts_toward_set(data, 14, True)
    assert new["pack"]["project_limit"]["excluded_items"] == []
    assert _item(new, 14)["counts_toward_project_limit"] is True
    again = item_counts_toward_set(new, 14, False)
    assert again["pack"]["project_limit"]["excluded_items"] == [14]
    assert _item(again, 14)["counts_toward_project_limit"] is False


def test_the_project_limits_exceptions_set_each_items_flag(data):
    new = project_limit_update(data, {"excluded_items": [12, 14], "clause": "新原文", "source": "通知"})
    assert new["pack"]["project_limit"] | {} == data["pack"]["project_limit"] | {
        "excluded_items": [12, 14], "clause": "新原文", "source": "通知"
    }  # fmt: skip
    flags = {i["number"]: i["counts_toward_project_limit"] for i in new["items"]}
    assert [n for n, counts in flags.items() if not counts] == [12, 14]


def test_a_quota_rules_items_take_its_number_and_those_it_drops_lose_it(data):
    new = quota_update(data, 0, QUOTA_2023 | {"items": [3, 5], "per_jurisdiction": 2})
    quotas = _quotas(new)
    assert (quotas[3], quotas[5], quotas[4], quotas[10]) == (2, 2, None, None)
    assert _quotas(quota_remove(data, 0))[3] is None


def test_an_item_form_edit_changes_the_rules_too(data):
    new = item_update(data, 10, {"county_quota": 2, "counts_toward_project_limit": False})
    assert [q["items"] for q in new["pack"]["quotas"]] == [[3, 4], [10]]
    assert new["pack"]["project_limit"]["excluded_items"] == [10, 14]
    assert draft_problems(new) == []


def test_a_new_item_with_a_quota_gets_its_rule(data):
    new, number = item_add(
        data, {"code": "x_item", "name": "新事项", "forms": ["2-13"], "county_quota": 2,
               "counts_toward_project_limit": False},
    )  # fmt: skip
    assert new["pack"]["quotas"][-1]["items"] == [number]
    assert number in new["pack"]["project_limit"]["excluded_items"]
    # The new item's conditions and materials are still to be written; its rules agree with it.
    assert not [p for p in draft_problems(new) if "限报" in p.message or "项目数" in p.message]


def test_removing_an_item_still_drops_it_from_every_rule(data):
    new = item_remove(quota_update(data, 0, QUOTA_2023 | {"items": [10]}), 10)
    assert new["pack"]["quotas"] == []
    assert draft_problems(new) == []


def test_a_copy_unlike_its_rule_is_a_problem_at_the_item_forms_field(data):
    bad = copy.deepcopy(data)
    index = next(k for k, i in enumerate(bad["items"]) if i["number"] == 10)
    bad["items"][index]["county_quota"] = 2
    problems = draft_problems(bad)
    message = "第10项的每县市区/园区限报为 2 个，但限报规则为 1 个"
    assert [(p.path, p.message) for p in problems] == [(("items", index, "county_quota"), message)]
    form = ItemForm(initial=item_initial(bad["items"][index]), sections=bad["pack"]["city_sections"])
    form.cleaned_data = {}
    problems_on_form(form, problems, item_field_paths(index), bad)
    assert form.errors == {"county_quota": [message]}
