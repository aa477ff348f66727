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


@pytest.fixture
def submitted(stored_pack, profile, enterprise_admin):
    """A submitted item-2 application of an enterprise in 珠晖区 (430405)."""
    from applications import services
    from applications.tests.helpers import IN_WINDOW, new_complete

    application = new_complete(stored_pack, enterprise_admin, 2)
    return services.application_submit(actor=enterprise_admin, application=application, now=IN_WINDOW)
