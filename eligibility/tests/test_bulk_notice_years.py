"""The bulk engine evaluates a pack of any notice year, including one the workbench published for a year that has
no pack folder (its facts, such as operating_revenue_2025, are outside policies.facts.FACTS), and agrees with the
explaining engine there. Pure: no database."""

import shutil

import pytest

from eligibility import statuses as st
from eligibility.bulk import columns_from_profiles, evaluate_bulk, facts_read
from eligibility.engine import evaluate_pack
from policies.facts import FACTS
from policies.pack.loader import load_pack
from policies.tests.formtools import PACK_2023
from policies.tests.shifted_pack import shift_pack_copy


@pytest.fixture(scope="module")
def loaded_2026(tmp_path_factory):
    folder = tmp_path_factory.mktemp("packs") / "rolled-2026"
    shutil.copytree(PACK_2023, folder)
    return load_pack(shift_pack_copy(folder, year=2026, pack_id="rolled-2026-test"))


def test_the_facts_a_pack_reads_are_each_named_once(loaded_2026):
    names = facts_read(loaded_2026.pack, loaded_2026.items)
    assert len(names) == len(set(names))
    assert "operating_revenue_2025" in names and "operating_revenue_2025" not in FACTS


def test_a_pack_of_a_year_without_a_folder_is_evaluated_as_the_explaining_engine_does(loaded_2026):
    pack, items = loaded_2026.pack, loaded_2026.items
    names = facts_read(pack, items)
    strong = {name: 100000.0 for name in names if name.startswith(("operating_revenue_", "total_assets_"))}
    profiles = [strong, {}]  # one with yearly figures, one with nothing
    result = evaluate_bulk(pack, items, columns_from_profiles(profiles, names), len(profiles))
    for row, facts in enumerate(profiles):
        explained = {
            (str(r.number) if not r.subtype_code else f"{r.number}:{r.subtype_code}"): r.status
            for r in evaluate_pack(pack, items, facts)
        }
        bulk = {key: st.BY_CODE[int(codes[row])] for key, codes in result.items.items()}
        assert bulk == explained
