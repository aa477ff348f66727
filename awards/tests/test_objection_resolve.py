"""objection_resolve: the SME section decides each objection, with a written resolution."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from awards import services
from awards.choices import ObjectionStatus
from awards.tests.helpers import snapshot
from core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("upheld", "status"), [(True, ObjectionStatus.UPHELD), (False, ObjectionStatus.DISMISSED)])
def test_resolves_with_a_resolution(city_sme, objection, upheld, status):
    resolved = services.objection_resolve(actor=city_sme, objection=objection, upheld=upheld, resolution=" 经核实。 ")
    resolved.refresh_from_db()
    assert resolved.status == status and resolved.resolution == "经核实。"
    assert resolved.resolved_by == city_sme and resolved.resolved_at is not None
    event = AuditEvent.objects.get(verb="objection_resolved")
    assert event.actor == city_sme and event.data["upheld"] is upheld and event.data["entry"] == objection.entry_id


@pytest.mark.parametrize("persona", ["city_finance", "city_section", "enterprise_admin"])
def test_only_the_sme_section_resolves(request, persona, objection):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.objection_resolve(actor=request.getfixturevalue(persona), objection=objection, upheld=True,
                                   resolution="成立")  # fmt: skip
    assert snapshot() == before


def test_refuses_an_empty_resolution(city_sme, objection):
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        services.objection_resolve(actor=city_sme, objection=objection, upheld=False, resolution="   ")
    assert excinfo.value.message_dict == {"resolution": [services.RESOLUTION_REQUIRED]}
    assert snapshot() == before


def test_refuses_to_resolve_twice(city_sme, objection):
    services.objection_resolve(actor=city_sme, objection=objection, upheld=False, resolution="不成立")
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        services.objection_resolve(actor=city_sme, objection=objection, upheld=True, resolution="成立")
    assert excinfo.value.messages == [services.ALREADY_RESOLVED.format(status="异议不成立")]
    assert snapshot() == before
