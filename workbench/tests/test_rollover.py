"""A published pack carried over to another notice year (workbench.rollover): what moves with the year and what
the preparer rewrites."""

from __future__ import annotations

import copy

import pytest

from workbench.rollover import data_for_year

pytestmark = pytest.mark.django_db


def _period_rules(data: dict) -> list[dict]:
    return [
        rule
        for item in data["items"]
        for material in item.get("materials") or []
        for rule in material.get("rules") or []
        if rule["code"] == "period_within_year"
    ]


def test_the_invoice_period_of_items_2_and_12_moves_to_the_year_before_the_new_notice(stored_pack):
    before = _period_rules(stored_pack.data)
    assert [(r["year"], r["text"]) for r in before] == [(2022, "2022年1月1日至2022年12月31日")] * 2

    after = _period_rules(data_for_year(stored_pack.data, year=2024, pack_id="hengyang-2024-gxj", version=1))

    assert [(r["year"], r["text"]) for r in after] == [(2023, "2023年1月1日至2023年12月31日")] * 2
    assert [(r["form"], r["field"], r["column"]) for r in after] == [
        (r["form"], r["field"], r["column"]) for r in before
    ]
    assert _period_rules(stored_pack.data) == before  # the published data is left as it was


def test_the_same_year_changes_nothing_but_the_identity(stored_pack):
    data = data_for_year(stored_pack.data, year=2023, pack_id="hengyang-2023-copy", version=2)
    assert data["items"] == stored_pack.data["items"]
    assert (data["pack"]["id"], data["pack"]["version"]) == ("hengyang-2023-copy", 2)


def test_the_notice_dates_start_on_the_same_days_of_the_new_year(stored_pack):
    notice = data_for_year(stored_pack.data, year=2024, pack_id="hengyang-2024-gxj", version=1)["pack"]["notice"]
    assert (notice["issue_date"], notice["deadline"]) == ("2024-07-26", "2024-08-25")
    assert stored_pack.data["pack"]["notice"]["deadline"] == "2023-08-25"


def test_29_february_moves_to_the_28th_in_a_year_without_it(stored_pack):
    data = copy.deepcopy(stored_pack.data)
    data["pack"]["notice"]["deadline"] = "2024-02-29"
    data["pack"]["year"] = 2024
    notice = data_for_year(data, year=2025, pack_id="hengyang-2025-gxj", version=1)["pack"]["notice"]
    assert notice["deadline"] == "2025-02-28"


def test_quoted_wording_is_left_for_the_preparer(stored_pack):
    data = data_for_year(stored_pack.data, year=2024, pack_id="hengyang-2024-gxj", version=1)
    item2 = next(i for i in data["items"] if i["number"] == 2)
    original = next(i for i in stored_pack.data["items"] if i["number"] == 2)
    assert [c["clause"] for c in item2["conditions"]] == [c["clause"] for c in original["conditions"]]
