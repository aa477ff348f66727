"""The demo city, seeded once for a test module (about 10 s): the 2023 pack, the demo logins, then the city."""

import pytest


@pytest.fixture(scope="module")
def events_before_city(module_db, module_stored_pack) -> int:
    """The last audit event before the seed: what the shared 2023 pack brought with it (its pack_loaded event and,
    on commit, the stored-eligibility run that publishing it starts) is not the seed's."""
    from core.models import AuditEvent

    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


@pytest.fixture(scope="module")
def city(events_before_city, module_db, module_stored_pack):
    """Seeds the city inside the module's transaction; returns what `demo_city_load` answered."""
    from django.test import override_settings

    from accounts.models import Jurisdiction, Organisation
    from accounts.reference import load_reference_data
    from demo.city import demo_city_load
    from demo.seed import demo_data_load

    load_reference_data(Jurisdiction, Organisation)
    with override_settings(DEMO_DATA_ALLOWED=True):  # the demo password is refused elsewhere
        demo_data_load()
        return demo_city_load()
