"""Issue 16 §13 for the objector: phone and ID number are SM4-GCM ciphertext in the database, found through their
keyed SM3 digests; the city's objections page still shows them in full, and counts objections by the same person."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from awards.models import Objection
from awards.selectors import objections_of_award_list
from awards.tests.helpers import OBJECTOR_ID, OBJECTOR_PHONE, STARTS_ON, objection_in
from core import crypto
from core.fields import personal_digest
from core.tests.test_security_personal_data import raw, raw_write

pytestmark = pytest.mark.django_db


def test_the_objector_phone_and_id_number_are_ciphertext_in_the_database(notice):
    objection = objection_in(notice, day=STARTS_ON, id_number=OBJECTOR_ID)
    for column, plain in (("objector_phone", OBJECTOR_PHONE), ("objector_id_number", OBJECTOR_ID)):
        stored = raw(Objection, objection.pk, column)
        assert crypto.is_encrypted(stored) and plain not in stored and plain[-4:] not in stored
    # Nor are they in the digests.
    for column in ("objector_phone_digest", "objector_id_number_digest"):
        assert OBJECTOR_PHONE not in raw(Objection, objection.pk, column)
    again = Objection.objects.get(pk=objection.pk)
    assert (again.objector_phone, again.objector_id_number) == (OBJECTOR_PHONE, OBJECTOR_ID)


def test_an_objector_is_found_by_digest(notice):
    with_id = objection_in(notice, day=STARTS_ON, id_number=OBJECTOR_ID)
    other = objection_in(notice, day=STARTS_ON, phone="13800001111")
    by_id = Objection.objects.filter(
        objector_id_number_digest=personal_digest(Objection, "objector_id_number", OBJECTOR_ID)
    )
    by_phone = Objection.objects.filter(
        objector_phone_digest=personal_digest(Objection, "objector_phone", "13800001111")
    )
    assert list(by_id) == [with_id] and list(by_phone) == [other]
    assert other.objector_id_number_digest == ""  # no ID number given: nothing to find


def test_the_digest_follows_a_changed_value(notice):
    objection = objection_in(notice, day=STARTS_ON)
    objection.objector_phone = "13800002222"
    objection.save()
    assert objection.objector_phone_digest == personal_digest(Objection, "objector_phone", "13800002222")
    assert raw(Objection, objection.pk, "objector_phone_digest") == objection.objector_phone_digest


def test_the_city_sees_how_many_objections_came_from_the_same_objector(client, city_sme, notice):
    day = dt.date(2023, 9, 26)
    first = objection_in(notice, day=day, id_number=OBJECTOR_ID)
    objection_in(notice, day=day)  # the same phone
    objection_in(notice, day=day, phone="13800003333", id_number=OBJECTOR_ID)  # another phone, the same ID number
    stranger = objection_in(notice, day=day, phone="13800004444")
    counts = {o.pk: o.objections_by_same_objector for o in objections_of_award_list(notice.award_list)}
    assert counts[first.pk] == 3 and counts[stranger.pk] == 1
    client.force_login(city_sme)
    body = client.get(reverse("awards:objections", args=[notice.award_list_id])).content.decode()
    assert "同一电话或身份证号共提出 3 条异议" in body and OBJECTOR_ID in body and OBJECTOR_PHONE in body


def test_the_migration_encrypts_existing_objections_and_gives_them_digests(notice):
    objection = objection_in(notice, day=STARTS_ON, id_number=OBJECTOR_ID)
    for column, value in (("objector_phone", OBJECTOR_PHONE), ("objector_id_number", OBJECTOR_ID),
                          ("objector_phone_digest", ""), ("objector_id_number_digest", "")):  # fmt: skip
        raw_write(Objection, objection.pk, column, value)
    migration = importlib.import_module("awards.migrations.0002_objector_identity_encrypted")
    migration.encrypt_rows(apps, None)
    again = Objection.objects.get(pk=objection.pk)
    assert crypto.is_encrypted(raw(Objection, objection.pk, "objector_id_number"))
    assert (again.objector_phone, again.objector_id_number) == (OBJECTOR_PHONE, OBJECTOR_ID)
    assert again.objector_id_number_digest == personal_digest(Objection, "objector_id_number", OBJECTOR_ID)
    assert again.objector_phone_digest == personal_digest(Objection, "objector_phone", OBJECTOR_PHONE)
