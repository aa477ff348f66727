"""objection_submit: anyone, during the period, under a real name with a contact phone; the audit keeps no identity."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError

from awards import services, validators
from awards.choices import ObjectionStatus
from awards.models import AwardEntry
from awards.tests.helpers import ENDS_ON, OBJECTOR_ID, OBJECTOR_NAME, OBJECTOR_PHONE, STARTS_ON, objection_in, snapshot
from core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("day", [STARTS_ON, dt.date(2023, 10, 1), ENDS_ON])
def test_records_an_objection_during_the_period(notice, day):
    objection = objection_in(notice, day=day, id_number=OBJECTOR_ID)
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.OPEN
    assert (objection.objector_name, objection.objector_phone, objection.objector_id_number) == (
        OBJECTOR_NAME, OBJECTOR_PHONE, OBJECTOR_ID,
    )  # fmt: skip
    assert objection.entry == notice.award_list.entries.first()


def test_the_audit_event_has_no_actor_and_only_the_masked_phone(notice):
    objection = objection_in(notice, day=STARTS_ON, id_number=OBJECTOR_ID)
    event = AuditEvent.objects.get(verb="objection_submitted")
    assert event.actor is None and event.actor_name == "" and event.organisation is None
    assert event.data == {"notice": notice.pk, "entry": objection.entry_id, "phone": "136****1234"}
    everything = json.dumps([event.actor_name, event.target_repr, event.data], ensure_ascii=False)
    for secret in (OBJECTOR_NAME, OBJECTOR_PHONE, OBJECTOR_ID, "该企业项目尚未竣工"):
        assert secret not in everything


def test_a_landline_with_area_code_is_accepted_and_normalised(notice):
    objection = objection_in(notice, day=STARTS_ON, phone="（0734）8855130")
    assert objection.objector_phone == "0734-8855130"


@pytest.mark.parametrize("day", [dt.date(2023, 9, 24), dt.date(2023, 10, 8)])
def test_refused_outside_the_period(notice, day):
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        objection_in(notice, day=day)
    assert excinfo.value.messages == [services.OUTSIDE_PERIOD.format(starts=STARTS_ON, ends=ENDS_ON)]
    assert snapshot() == before


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"name": ""}, {"name": [validators.NAME_REQUIRED]}),
        ({"name": "匿名123"}, {"name": [validators.NAME_INVALID]}),
        ({"phone": ""}, {"phone": [validators.PHONE_REQUIRED]}),
        ({"phone": "12345678"}, {"phone": [validators.PHONE_INVALID]}),
        ({"phone": "8855130"}, {"phone": [validators.PHONE_INVALID]}),  # a landline needs its area code
        ({"content": "  "}, {"content": [validators.CONTENT_REQUIRED]}),
        ({"id_number": "430405199001011238"}, {"id_number": [validators.ID_NUMBER_INVALID]}),
        ({"name": "", "phone": ""}, {"name": [validators.NAME_REQUIRED], "phone": [validators.PHONE_REQUIRED]}),
    ],
)
def test_refused_without_a_real_name_a_phone_or_content(notice, fields, errors):
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        objection_in(notice, day=STARTS_ON, **fields)
    assert excinfo.value.message_dict == errors
    assert snapshot() == before


def test_refused_for_an_entry_of_another_list(notice, city_sme, stored_pack, enterprise_admin):
    from accounts.choices import Role
    from accounts.tests.factories import EnterpriseFactory, make_user
    from applications.tests.helpers import ELIGIBLE_PROFILE
    from awards.tests.helpers import approved
    from enterprises.tests.factories import make_profile

    # A third enterprise: the first already has two projects, the notice's limit.
    third = make_user(Role.ENTERPRISE_ADMIN, EnterpriseFactory())
    make_profile(enterprise=third.organisation, data=ELIGIBLE_PROFILE)
    approved(stored_pack, third, 7, "10.00")
    other_list = services.award_list_create(actor=city_sme, pack=stored_pack)
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        objection_in(notice, day=STARTS_ON, entry=AwardEntry.objects.get(award_list=other_list))
    assert excinfo.value.message_dict == {"entry": [services.ENTRY_NOT_IN_NOTICE]}
    assert snapshot() == before


def test_refused_once_the_list_is_final(notice, city_sme):
    services.award_list_finalise(actor=city_sme, award_list=notice.award_list, today=dt.date(2023, 10, 9))
    before = snapshot()
    with pytest.raises(ValidationError):
        objection_in(notice, day=STARTS_ON)
    assert snapshot() == before
