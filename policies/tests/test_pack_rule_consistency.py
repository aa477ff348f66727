"""The loader refuses a pack whose items' copies of the notice's cross-item rules disagree with the rules:
county_quota with pack.yaml quotas ("各县市区、市直园区限报1个"), counts_toward_project_limit with
project_limit.excluded_items ("产业数字化工作推进项目除外")."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from policies.pack.loader import PackError, check_pack
from policies.tests.formtools import PACK_2023

EXAMPLE_2024 = PACK_2023.parent / "example-2024"


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "pack"
    shutil.copytree(PACK_2023, folder)
    return folder


def _edit(folder: Path, file: str, old: str, new: str) -> None:
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("folder", [PACK_2023, EXAMPLE_2024], ids=["2023", "example-2024"])
def test_the_real_packs_agree_with_themselves(folder):
    assert check_pack(folder) == []


def test_an_items_quota_unlike_its_rule_is_refused_at_the_item(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder, "items/10.yaml", "county_quota: 1", "county_quota: 2")
    assert check_pack(folder) == [
        PackError("items/10.yaml", "county_quota", "第10项的每县市区/园区限报为 2 个，但限报规则为 1 个")
    ]


def test_a_quota_no_rule_names_is_refused(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder, "pack.yaml", "items: [3, 4, 10]", "items: [3, 4]")
    assert check_pack(folder) == [
        PackError("items/10.yaml", "county_quota", "第10项的每县市区/园区限报为 1 个，但限报规则中没有该项")
    ]


def test_a_rule_naming_an_item_without_a_quota_is_refused(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder, "items/10.yaml", "county_quota: 1\n", "")
    assert check_pack(folder) == [
        PackError("items/10.yaml", "county_quota", "第10项的每县市区/园区限报未填写，但限报规则为 1 个")
    ]


def test_an_item_in_two_quota_rules_is_refused(tmp_path):
    folder = _copy(tmp_path)
    _edit(
        folder, "pack.yaml", "  - items: [3, 4, 10]",
        "  - items: [10]\n    per_jurisdiction: 1\n    clause: 各县市区、市直园区限报1个。\n    source: 附件1\n"
        "  - items: [3, 4, 10]",
    )  # fmt: skip
    errors = check_pack(folder)
    assert [(e.file, e.path) for e in errors] == [("pack.yaml", "quotas[1].items")]
    assert errors[0].message.startswith("第10项同时出现在两条限报规则中")


def test_an_exception_to_the_project_limit_unlike_the_item_is_refused(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder, "pack.yaml", "excluded_items: [14]", "excluded_items: [13, 14]")
    _edit(folder, "items/14.yaml", "counts_toward_project_limit: false\n", "")
    errors = check_pack(folder)
    assert errors == [
        PackError(
            "items/13.yaml", "counts_toward_project_limit",
            "第13项计入每家单位申报项目数，但项目数上限规则将其列为不计入的事项",
        ),
        PackError(
            "items/14.yaml", "counts_toward_project_limit",
            "第14项计入每家单位申报项目数，但项目数上限规则将其列为不计入的事项",
        ),
    ]  # fmt: skip


def test_an_item_not_counted_but_not_excepted_is_refused(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder, "pack.yaml", "excluded_items: [14]", "excluded_items: []")
    assert check_pack(folder) == [
        PackError(
            "items/14.yaml", "counts_toward_project_limit",
            "第14项不计入每家单位申报项目数，但项目数上限规则未将其列为不计入的事项",
        )
    ]  # fmt: skip
