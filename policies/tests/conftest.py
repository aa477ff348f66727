import shutil

import pytest

from policies.tests.formtools import PACK_2023


@pytest.fixture
def pack_copy(tmp_path):
    """A writable copy of the 2023 pack."""
    target = tmp_path / "pack"
    shutil.copytree(PACK_2023, target)
    return target
