"""The performance tests of row locks: the shared race helpers (core/tests/concurrency.py) and the 2023 pack
loaded afresh for transactional tests."""

from __future__ import annotations

import pytest

from core.tests.concurrency import POSTGRESQL_ONLY, race, slowed

__all__ = ["POSTGRESQL_ONLY", "race", "slowed", "stored_pack"]


@pytest.fixture
def stored_pack(reference_data):
    """The 2023 pack, loaded afresh: a transactional test has flushed the copy the other tests share."""
    from policies.services import pack_load
    from policies.tests.formtools import PACK_2023

    return pack_load(actor=None, directory=PACK_2023)[0]
