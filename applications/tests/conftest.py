"""Fixtures for applications: the 2023 pack and a confirmed enterprise eligible for items 2, 12 and 14."""

import pytest

from applications.tests.helpers import ELIGIBLE_PROFILE
from enterprises.tests.factories import make_profile
from policies.tests.formtools import PACK_2023


@pytest.fixture
def stored_pack(db):
    from policies.services import pack_load

    return pack_load(actor=None, directory=PACK_2023)[0]


@pytest.fixture
def profile(enterprise_admin):
    return make_profile(enterprise=enterprise_admin.organisation, data=ELIGIBLE_PROFILE)
