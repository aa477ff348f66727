"""Fixtures of the workbench's tests: a 2024 draft prepared by `city_sme`, and a second coordinator."""

import pytest

from workbench.tests.factories import draft_2024, second_coordinator


@pytest.fixture
def draft(stored_pack, city_sme):
    return draft_2024(actor=city_sme, pack=stored_pack)


@pytest.fixture
def approver(db):
    return second_coordinator()
