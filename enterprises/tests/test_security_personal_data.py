"""Issue 16 §13 for the 一企一档: the legal representative's ID number and the profile's mobiles and phones are
SM4-GCM ciphertext in the database, in the profile and in each of its revisions; code reads them in the clear."""

from __future__ import annotations

import importlib
import json

import pytest
from django.apps import apps

from core import crypto
from core.tests.test_security_personal_data import raw, raw_write
from enterprises.models import EnterpriseProfile, ProfileRevision
from enterprises.tests.factories import make_profile

pytestmark = pytest.mark.django_db

NUMBERS = {
    "legal_representative_id_number": "430405199001011233",
    "legal_representative_mobile": "13907341234",
    "contact_mobile": "13607345678",
    "contact_phone": "0734-8855130",
}


def _text(stored) -> str:
    return stored if isinstance(stored, str) else json.dumps(stored)


def test_the_profile_and_its_revision_hold_no_number_in_the_clear():
    profile = make_profile(data=NUMBERS)
    revision = ProfileRevision.objects.create(profile=profile, version=2, data=profile.data, changed_keys=["x"])
    for model, pk in ((EnterpriseProfile, profile.pk), (ProfileRevision, revision.pk)):
        stored = _text(raw(model, pk, "data"))
        assert crypto.PREFIX in stored
        for number in NUMBERS.values():
            assert number not in stored and number[-4:] not in stored
        assert json.loads(stored)["legal_representative_name"] == "赵法人"  # the rest stays plain JSON
    again = EnterpriseProfile.objects.get(pk=profile.pk)
    assert {key: again.data[key] for key in NUMBERS} == NUMBERS
    assert {key: ProfileRevision.objects.get(pk=revision.pk).data[key] for key in NUMBERS} == NUMBERS


def test_a_changed_number_in_the_profile_is_refused():
    profile = make_profile(data=NUMBERS)
    document = json.loads(_text(raw(EnterpriseProfile, profile.pk, "data")))
    stored = document["legal_representative_id_number"]
    document["legal_representative_id_number"] = stored[:-3] + ("AAA" if not stored.endswith("AAA") else "BBB")
    raw_write(EnterpriseProfile, profile.pk, "data", json.dumps(document))
    with pytest.raises(crypto.PersonalDataError):
        EnterpriseProfile.objects.get(pk=profile.pk)


def test_the_migration_encrypts_existing_profiles():
    profile = make_profile(data=NUMBERS)
    plain = {**profile.data}
    raw_write(EnterpriseProfile, profile.pk, "data", json.dumps(plain, ensure_ascii=False))
    importlib.import_module("enterprises.migrations.0003_profile_personal_data_encrypted").encrypt_rows(apps, None)
    stored = _text(raw(EnterpriseProfile, profile.pk, "data"))
    assert all(number not in stored for number in NUMBERS.values())
    assert EnterpriseProfile.objects.get(pk=profile.pk).data == plain
