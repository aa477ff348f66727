"""The demo city, seeded once for a test module (10-40 s): the 2023 pack, the demo logins, then the city."""

import pytest


@pytest.fixture(scope="module")
def events_before_city(module_db, module_stored_pack) -> int:
    """The last audit event before the seed: what the shared 2023 pack brought with it (its pack_loaded event and,
    on commit, the stored-eligibility run that publishing it starts) is not the seed's."""
    from core.models import AuditEvent

    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


@pytest.fixture(scope="module")
def city(events_before_city, module_db, module_stored_pack) -> str:
    """Seeds the city inside the module's transaction as `make run` does (`manage.py seed_demo --base-url …`: the
    demo logins, then the city); returns what the command printed."""
    from io import StringIO

    from django.core.management import call_command
    from django.test import override_settings

    from accounts.models import Jurisdiction, Organisation
    from accounts.reference import load_reference_data

    load_reference_data(Jurisdiction, Organisation)
    out = StringIO()
    with override_settings(DEMO_DATA_ALLOWED=True):  # the demo password is refused elsewhere
        call_command("seed_demo", "--base-url", "http://127.0.0.1:8010", stdout=out)
    return out.getvalue()
