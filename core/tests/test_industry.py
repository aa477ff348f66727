"""GB/T 4754-2017 lookups over reference/gbt4754-2017.csv."""

import pytest

from core import industry
from core.industry import (
    categories,
    category_of,
    divisions,
    groups,
    is_valid_division,
    is_valid_group,
    label,
    name_of,
)


def test_csv_path_is_the_reference_file():
    assert industry.CSV_PATH.is_file()
    assert industry.CSV_PATH.parent.name == "reference"


def test_counts():
    assert len(categories()) == 20
    assert [code for code, _ in categories()] == list("ABCDEFGHIJKLMNOPQRST")
    assert len(divisions()) == 97
    assert sum(len(groups(code)) for code, _ in divisions()) == 473


def test_divisions_are_two_digit_and_sorted():
    codes = [code for code, _ in divisions()]
    assert codes == sorted(codes)
    assert all(len(code) == 2 and code.isdigit() for code in codes)
    assert codes[0] == "01" and codes[-1] == "97"


def test_special_equipment_manufacturing():
    assert category_of("35") == "C"
    assert name_of("35") == "专用设备制造业"
    assert label("35") == "35 专用设备制造业"
    assert ("351", "采矿、冶金、建筑专用设备制造") in groups("35")
    assert label("351") == "351 采矿、冶金、建筑专用设备制造"
    assert is_valid_group("351")
    assert is_valid_group("351", "35")
    assert not is_valid_group("351", "34")


def test_groups_belong_to_their_division():
    for division, _ in divisions():
        for group, _ in groups(division):
            assert group.startswith(division) and len(group) == 3
            assert is_valid_group(group, division)


def test_manufacturing_and_information_services():
    assert category_of("65") == "I"
    assert name_of("65") == "软件和信息技术服务业"
    assert [code for code, _ in divisions() if category_of(code) == "C"] == [str(n) for n in range(13, 44)]
    assert [code for code, _ in divisions() if category_of(code) == "I"] == ["63", "64", "65"]


def test_category_of_lower_levels_and_letters():
    assert category_of("351") == "C"
    assert category_of("3511") == "C"
    assert category_of("C") == "C"


@pytest.mark.parametrize("code", ["", "00", "98", "99", "3", "035", "Z", "c", None, 35])
def test_unknown_divisions(code):
    assert not is_valid_division(code)
    assert category_of(code) is None
    assert groups(code) == []


@pytest.mark.parametrize("code", ["999", "350", "35", "3511", "C", "", None])
def test_unknown_or_wrong_level_groups(code):
    assert not is_valid_group(code)


def test_surrounding_spaces_are_tolerated():
    assert is_valid_division(" 35 ")
    assert category_of("35 ") == "C"
    assert is_valid_group(" 351", "35 ")
    assert label(" 35") == "35 专用设备制造业"


def test_levels_are_not_mixed():
    assert not is_valid_division("C")
    assert not is_valid_division("351")
    assert groups("C") == []
    assert groups("351") == []


def test_unknown_codes():
    assert name_of("999") is None
    assert name_of("") is None
    assert name_of(None) is None
    with pytest.raises(KeyError):
        label("999")
    with pytest.raises(KeyError):
        label("")


def test_name_and_label_at_every_level():
    assert name_of("C") == "制造业"
    assert label("C") == "C 制造业"
    assert name_of("3511") == "矿山机械制造"


def test_results_are_copies():
    first = divisions()
    first.clear()
    assert len(divisions()) == 97
    some = groups("35")
    some.append(("999", "x"))
    assert ("999", "x") not in groups("35")


def test_csv_is_read_once(monkeypatch):
    industry._entries()  # warm the cache
    opened = []
    original_open = type(industry.CSV_PATH).open
    monkeypatch.setattr(type(industry.CSV_PATH), "open", lambda *a, **k: opened.append(a) or original_open(*a, **k))
    divisions()
    groups("35")
    name_of("C")
    assert opened == []
