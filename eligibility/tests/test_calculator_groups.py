"""The calculator's second step (eligibility/forms.py): only the facts the chosen items' conditions read,
通用申报条件 first, a fact several chosen items read once in a shared group, then each item's own. Pure."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eligibility.forms import (
    GENERAL_GROUP,
    SHARED_GROUP,
    CalculatorForm,
    chosen_fact_groups,
    chosen_items,
    fact_as_text,
    fact_uses,
    general_facts,
    item_facts,
)
from policies.facts import FACTS
from policies.pack.loader import load_pack
from policies.tests.formtools import PACK_2023

LOADED = load_pack(PACK_2023)
PACK, ITEMS = LOADED.pack, LOADED.items
NUMBERS = [item.number for item in ITEMS]


def _item(number):
    return next(item for item in ITEMS if item.number == number)


def test_one_item_shows_the_general_conditions_and_its_own_facts_only():
    groups = chosen_fact_groups(PACK, ITEMS, [2])
    assert [title for title, _ in groups] == [GENERAL_GROUP, "第2项 企业智能制造装备贴息项目"]
    assert groups[0][1] == general_facts(PACK) == [
        "registered_in_hengyang", "is_independent_legal_person", "credit_record_normal",
        "is_dishonest_judgment_debtor", "industry_category",
    ]  # fmt: skip
    assert groups[1][1] == item_facts(_item(2))
    names = {n for _, ns in groups for n in ns}
    assert "valid_patents" not in names and "operating_revenue_2022" not in names  # item 3's, not chosen


def test_a_fact_two_chosen_items_read_appears_once_in_the_shared_group():
    groups = dict(chosen_fact_groups(PACK, ITEMS, [3, 5]))
    assert groups[SHARED_GROUP] == ["rd_expense_2022"]
    assert "rd_expense_2022" not in groups["第3项 培育制造业单项冠军企业"]
    assert "rd_expense_2022" not in groups["第5项 培育国家技术创新示范企业"]
    assert fact_uses(PACK, ITEMS, [3, 5])["rd_expense_2022"] == [3, 5]


def test_the_shared_fact_says_which_items_read_it():
    form = CalculatorForm(
        groups=chosen_fact_groups(PACK, ITEMS, [3, 5]), notice_year=2023, uses=fact_uses(PACK, ITEMS, [3, 5])
    )
    assert form.fields["rd_expense_2022"].help_text == "通知称“上年度研发投入（研发经费支出）”；第3、5项都用到"
    assert "都用到" not in form.fields["valid_patents"].help_text


def test_an_item_checked_by_people_only_has_no_group_of_its_own():
    assert item_facts(_item(10)) == []
    assert chosen_fact_groups(PACK, ITEMS, [10]) == [(GENERAL_GROUP, general_facts(PACK))]


def test_nothing_chosen_asks_for_nothing():
    assert chosen_fact_groups(PACK, ITEMS, []) == []


@pytest.mark.parametrize(
    ("values", "numbers"),
    [([], []), (["3", "2"], [2, 3]), (["all"], NUMBERS), (["2", "all"], NUMBERS), (["99", "x", "2"], [2])],
)
def test_chosen_items_in_the_packs_order_and_unknown_values_left_out(values, numbers):
    assert chosen_items(values, ITEMS) == numbers


@pytest.mark.parametrize(
    ("name", "value", "text"),
    [("has_own_brand", True, "true"), ("has_own_brand", False, "false"), ("valid_patents", 8.0, "8"),
     ("operating_revenue_2022", 1234.5, "1234.5"), ("industry_category", "C", "C")],
)  # fmt: skip
def test_a_profile_fact_as_the_box_shows_it(name, value, text):
    assert fact_as_text(FACTS[name], value) == text


@given(st.sets(st.sampled_from(NUMBERS)))
def test_every_fact_the_chosen_items_read_is_asked_exactly_once(chosen):
    groups = chosen_fact_groups(PACK, ITEMS, chosen)
    asked = [name for _, names in groups for name in names]
    assert len(asked) == len(set(asked))
    wanted = set(general_facts(PACK)) if chosen else set()
    for number in chosen:
        wanted |= set(item_facts(_item(number)))
    assert set(asked) == wanted


def _profile_form(data: dict | None, profile: dict) -> CalculatorForm:
    groups = chosen_fact_groups(PACK, ITEMS, [2, 3])
    return CalculatorForm(data, groups=groups, notice_year=PACK.year, profile=profile, initial=profile)


def test_the_boxes_marked_from_the_profile_are_read_once_per_form_and_never_from_another_form():
    profile = {"smart_equipment_investment_2022": "350", "has_bank_loan_in_hengyang": "true"}
    shown = _profile_form(None, profile)  # unbound: the boxes start with the profile's values
    assert shown.prefilled == set(profile)
    assert shown.prefilled is shown.prefilled  # one set per form, however many boxes ask
    # A later request's form, with one figure typed differently, has its own answer: nothing carried over.
    typed = _profile_form({**profile, "smart_equipment_investment_2022": "250"}, profile)
    assert typed.prefilled == {"has_bank_loan_in_hengyang"}
    assert shown.prefilled == set(profile)
    # Every item chosen: each box that holds its profile value is marked, and only those.
    groups = chosen_fact_groups(PACK, ITEMS, NUMBERS)
    names = [name for _, group in groups for name in group]
    everything = {name: "1" for name in names if FACTS[name].type in ("number", "integer")}
    every = CalculatorForm({**everything, names[0]: ""}, groups=groups, notice_year=PACK.year, profile=everything)
    assert every.prefilled == set(everything) - {names[0]}
