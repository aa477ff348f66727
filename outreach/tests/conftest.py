import pytest

from applications.tests.helpers import ELIGIBLE_PROFILE
from eligibility.services import results_evaluate_pack
from enterprises.tests.factories import make_profile


@pytest.fixture
def evaluated(stored_pack, open_window, enterprise_admin):
    """`enterprise_admin`'s enterprise (珠晖区) and one of 耒阳市, both eligible for items 2, 12 and 14, evaluated
    and stored; the 2023 window re-opened for 30 days."""
    mine = make_profile(enterprise=enterprise_admin.organisation, data=ELIGIBLE_PROFILE)
    elsewhere = make_profile(jurisdiction_code="430481", data=ELIGIBLE_PROFILE)
    results_evaluate_pack(actor=None, pack=stored_pack)
    return mine.organisation, elsewhere.organisation
