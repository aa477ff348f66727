"""Fixtures of the funds tests: a two-county final list, and the same list with its allocation issued."""

import pytest

from funds.tests.ledger import OTHER, allocation_issued, county_finance_in, enterprise_in, two_county_list


@pytest.fixture
def final_list(stored_pack, city_sme, enterprise_admin):
    """(award_list, [the persona enterprise's application (100 万元), the other county's (50 万元)])."""
    return two_county_list(stored_pack, sme=city_sme, owner=enterprise_admin)


@pytest.fixture
def issued(final_list, city_finance, city_sme):
    award_list, applications = final_list
    allocation_issued(award_list, city_finance=city_finance, city_sme=city_sme)
    return applications


@pytest.fixture
def persona(module_persona):
    """`persona(name)` for the isolation tables: a module persona, or a new officer or enterprise of the other
    county (`other_county_finance`, `other_enterprise`)."""

    def get(name):
        if name == "other_county_finance":
            return county_finance_in(OTHER)
        if name == "other_enterprise":
            return enterprise_in(OTHER)
        return module_persona(name)

    return get
