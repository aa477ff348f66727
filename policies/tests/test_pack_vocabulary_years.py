"""A pack uses the facts of its own notice year's vocabulary: a copy of the 2023 pack marked 2024 but still
naming the 2023 notice's years is refused by `pack check`, each error saying which name the 2024 notice
has; moved by one year throughout, it loads."""

import pytest
import yaml
from django.core.management import CommandError, call_command

from policies.pack.loader import check_pack, iter_rules, load_pack
from policies.tests.shifted_pack import shift_pack_copy


def test_a_2024_pack_naming_2023_facts_is_refused_with_the_names_of_2024(pack_copy):
    shift_pack_copy(pack_copy, year=2024, pack_id="example-2024-test", names_too=False)
    messages = [str(e) for e in check_pack(pack_copy)]
    assert any(
        "事实 smart_equipment_investment_2022 不属于 2024 年通知的事实词表：该通知可用 smart_equipment_investment_2023"
        in m
        for m in messages
    ), messages
    assert any(
        "smart_manufacturing_investment_2020_2022 不属于 2024 年通知的事实词表：该通知可用 "
        "smart_manufacturing_investment_2021_2023" in m
        for m in messages
    ), messages
    # A year table of 2020-2022 pre-fills a year the 2024 notice does not use.
    assert any("2024 年通知只使用 2021-2023 年的档案数据，没有 2020 年" in m for m in messages), messages
    # operating_revenue_2022 is still a fact of 2024 (Y-2): nothing is said about it.
    assert not any("operating_revenue_2022 不属于" in m for m in messages)


def test_pack_check_command_refuses_it(pack_copy, capsys):
    shift_pack_copy(pack_copy, year=2024, pack_id="example-2024-test", names_too=False)
    with pytest.raises(CommandError):
        call_command("pack", "check", str(pack_copy))
    out = capsys.readouterr()
    assert "不属于 2024 年通知的事实词表" in out.out + out.err


def test_the_2024_pack_moved_by_one_year_loads(pack_copy):
    shift_pack_copy(pack_copy, year=2024, pack_id="example-2024-test")
    loaded = load_pack(pack_copy)
    assert (loaded.pack.year, loaded.pack.facts_vocabulary) == (2024, 1)
    conditions = [c for i in loaded.items for c in [*i.conditions, *(c for s in i.subtypes for c in s.conditions)]]
    names = {n for c in conditions for rule in iter_rules(c.rule) for n in rule.facts()}
    assert {"smart_equipment_investment_2023", "smart_manufacturing_investment_2021_2023"} <= names
    assert not any(n.endswith("_2020_2022") or n == "smart_equipment_investment_2022" for n in names)


def test_an_unknown_vocabulary_version_is_refused(pack_copy):
    data = yaml.safe_load((pack_copy / "pack.yaml").read_text(encoding="utf-8"))
    data["facts_vocabulary"] = 7
    (pack_copy / "pack.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    errors = check_pack(pack_copy)
    assert [(e.file, e.path, e.message) for e in errors] == [("pack.yaml", "facts_vocabulary", "没有第 7 版事实词表")]


def test_the_2023_pack_names_no_vocabulary_and_gets_version_1():
    from policies.tests.formtools import PACK_2023

    assert "facts_vocabulary" not in (PACK_2023 / "pack.yaml").read_text(encoding="utf-8")
    assert load_pack(PACK_2023).pack.facts_vocabulary == 1
