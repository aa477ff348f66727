import shutil

import pytest

from policies.tests.formtools import PACK_2023


@pytest.fixture
def pack_copy(tmp_path):
    """A writable copy of the 2023 pack."""
    target = tmp_path / "pack"
    shutil.copytree(PACK_2023, target)
    return target


@pytest.fixture
def loaded_pack(db):
    from policies.services import pack_load

    pack, _ = pack_load(actor=None, directory=PACK_2023)
    return pack
