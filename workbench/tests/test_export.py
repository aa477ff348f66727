"""draft_to_folder: the draft's data as a pack folder that `pack check` accepts and `pack load` stores unchanged."""

from __future__ import annotations

import copy

import pytest

from policies.pack.diff import loaded_pack_data as _pack_data
from policies.pack.loader import check_pack, load_pack
from policies.services import pack_load
from workbench.export import draft_to_folder
from workbench.rollover import data_for_year

pytestmark = pytest.mark.django_db


def test_export_check_load_gives_back_the_same_data(stored_pack, tmp_path, city_sme):
    data = data_for_year(stored_pack.data, year=2024, pack_id="hengyang-2024-gxj", version=1)
    folder = draft_to_folder(data, tmp_path / "pack")
    names = sorted(str(p.relative_to(folder)) for p in folder.rglob("*.yaml"))
    assert "pack.yaml" in names and "items/02.yaml" in names and "forms/2-1.yaml" in names and "cases.yaml" in names
    assert check_pack(folder) == []
    assert _pack_data(load_pack(folder)) == data
    pack, created = pack_load(actor=city_sme, directory=folder, publish=False)
    assert created
    assert pack.data == data
    assert (pack.pack_id, pack.version, pack.year) == ("hengyang-2024-gxj", 1, 2024)


def test_export_replaces_what_an_earlier_export_left(stored_pack, tmp_path):
    data = copy.deepcopy(stored_pack.data)
    stray = tmp_path / "pack" / "items" / "99.yaml"
    stray.parent.mkdir(parents=True)
    stray.write_text("number: 99\n", encoding="utf-8")
    folder = draft_to_folder(data, tmp_path / "pack")
    assert not stray.exists()
    assert _pack_data(load_pack(folder)) == data


def test_a_pack_without_cases_writes_no_cases_file(stored_pack, tmp_path):
    data = {**copy.deepcopy(stored_pack.data), "cases": None}
    folder = draft_to_folder(data, tmp_path / "pack")
    assert not (folder / "cases.yaml").exists()
    assert _pack_data(load_pack(folder)) == data
