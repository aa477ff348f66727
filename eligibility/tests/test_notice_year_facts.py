"""The calculator and the facts check speak the pack's own notice year: a 2024 pack's calculator asks for
2021-2023 and says which figure the notice calls 上年度; figures of a year the notice does not use are refused
with that notice's years. Pure: no database."""

import shutil

import pytest

from eligibility.forms import CalculatorForm, fact_groups
from eligibility.profile import validate_facts
from policies.pack.loader import load_pack
from policies.tests.formtools import PACK_2023
from policies.tests.shifted_pack import shift_pack_copy


@pytest.fixture(scope="module")
def loaded_2024(tmp_path_factory):
    folder = tmp_path_factory.mktemp("packs") / "example-2024"
    shutil.copytree(PACK_2023, folder)
    return load_pack(shift_pack_copy(folder, year=2024, pack_id="example-2024-test"))


@pytest.fixture(scope="module")
def loaded_2023():
    return load_pack(PACK_2023)


def _yearly_group(loaded):
    return dict(fact_groups(loaded.pack, loaded.items))["经营数据（万元）"]


def test_the_2023_calculator_asks_for_2020_to_2022(loaded_2023):
    names = _yearly_group(loaded_2023)
    assert [n for n in names if n.startswith("operating_revenue_")] == [
        f"operating_revenue_{y}" for y in (2020, 2021, 2022)
    ]
    # Single-year investments are not in the yearly table (they come with their item).
    assert "smart_equipment_investment_2022" not in names
    assert len(names) == 8 * 3


def test_the_2024_calculator_asks_for_2021_to_2023(loaded_2024):
    names = _yearly_group(loaded_2024)
    assert [n for n in names if n.startswith("operating_revenue_")] == [
        f"operating_revenue_{y}" for y in (2021, 2022, 2023)
    ]
    assert len(names) == 8 * 3
    groups = fact_groups(loaded_2024.pack, loaded_2024.items)
    assert any("smart_equipment_investment_2023" in n for _, n in groups)


def test_the_calculator_says_which_figure_the_notice_calls_last_year(loaded_2024):
    form = CalculatorForm(groups=fact_groups(loaded_2024.pack, loaded_2024.items), notice_year=2024)
    assert form.fields["operating_revenue_2023"].help_text == "通知称“上年度营业收入”"
    assert form.fields["operating_revenue_2022"].help_text == "通知称“前年营业收入”"
    assert form.fields["operating_revenue_2021"].help_text == ""
    assert form.fields["operating_revenue_2023"].label == "2023年营业收入（万元）"


def test_a_posted_2024_calculator_checks_facts_of_2024(loaded_2024):
    groups = fact_groups(loaded_2024.pack, loaded_2024.items)
    form = CalculatorForm(
        {"operating_revenue_2023": "1200", "operating_revenue_2021": "-5"}, groups=groups, notice_year=2024
    )
    assert not form.is_valid()
    assert form.errors["operating_revenue_2021"] == ["不能为负数"]
    assert form.facts == {"operating_revenue_2023": 1200.0}


@pytest.mark.parametrize(
    ("notice_year", "message"),
    [
        (2023, "本次申报只使用 2020-2022 年的数据，没有年度 2019"),
        (2024, "本次申报只使用 2021-2023 年的数据，没有年度 2019"),
    ],
)
def test_a_year_the_notice_does_not_use_is_named_with_the_notices_years(notice_year, message):
    facts, errors = validate_facts({"operating_revenue_2019": 100}, notice_year=notice_year)
    assert facts == {} and [e.message for e in errors] == [message]


def test_a_2024_notice_refuses_2020_and_knows_2023():
    facts, errors = validate_facts({"operating_revenue_2020": 1, "operating_revenue_2023": 2}, notice_year=2024)
    assert facts == {"operating_revenue_2023": 2.0}
    assert [(e.field, e.message) for e in errors] == [
        ("operating_revenue_2020", "本次申报只使用 2021-2023 年的数据，没有年度 2020")
    ]
    facts, errors = validate_facts({"smart_equipment_investment_2022": 10}, notice_year=2024)
    assert [e.message for e in errors] == ["未知的事实名称；本次申报使用 smart_equipment_investment_2023"]
    facts, errors = validate_facts({"no_such_fact": 1}, notice_year=2024)
    assert [e.message for e in errors] == ["未知的事实名称"]
