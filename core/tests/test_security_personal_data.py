"""Issue 16 §13: ID and mobile numbers are stored SM4-GCM encrypted, with the key from the environment.

The objector's phone and ID number (and their search digests) are tested in awards/tests/test_security_personal_data.py.
"""

from __future__ import annotations

import copy
import importlib
import json
import os
import subprocess
import sys

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import User
from applications.models import Application
from core import crypto
from core.fields import PERSONAL_KEY, EncryptedCharField

MOBILE = "13907341234"
CONTEXT = "accounts.User.mobile"


def raw(model, pk: int, column: str) -> str:
    """The value as the database holds it, past the field's decryption."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote(column)} FROM {quote(model._meta.db_table)} WHERE {quote(model._meta.pk.column)} = %s",
            [pk],
        )
        return cursor.fetchone()[0]


def raw_write(model, pk: int, column: str, value: str) -> None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(model._meta.db_table)} SET {quote(column)} = %s WHERE {quote(model._meta.pk.column)} = %s",
            [value, pk],
        )


# The cipher ------------------------------------------------------------------------------------------------------


def test_sm4_gcm_matches_the_rfc_8998_test_vector():
    """The cipher is SM4 in GCM mode as RFC 8998 (A.1) defines it, not some other mode or block cipher."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    key = bytes.fromhex("0123456789ABCDEFFEDCBA9876543210")
    encryptor = Cipher(algorithms.SM4(key), modes.GCM(bytes.fromhex("00001234567800000000ABCD"))).encryptor()
    encryptor.authenticate_additional_data(bytes.fromhex("FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2"))
    plaintext = bytes.fromhex("".join(c * 16 for c in "ABCDEFEA"))
    ciphertext = encryptor.update(plaintext) + encryptor.finalize()
    assert ciphertext.hex().upper() == (
        "17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735"
        "D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D"
    )
    assert encryptor.tag.hex().upper() == "83DE3541E4C2B58177E065A9BF7B62EC"


@given(st.text(max_size=64))
def test_round_trip_of_any_text(text):
    assert crypto.decrypt(crypto.encrypt(text, context=CONTEXT), context=CONTEXT) == text


def test_each_encryption_has_its_own_nonce():
    first, second = crypto.encrypt(MOBILE, context=CONTEXT), crypto.encrypt(MOBILE, context=CONTEXT)
    assert first != second and MOBILE not in first


@pytest.mark.parametrize("position", [len(crypto.PREFIX), len(crypto.PREFIX) + 20, -3])
def test_a_changed_character_is_refused(position):
    stored = crypto.encrypt(MOBILE, context=CONTEXT)
    index = position % len(stored)
    tampered = stored[:index] + ("A" if stored[index] != "A" else "B") + stored[index + 1 :]
    with pytest.raises(crypto.PersonalDataError):
        crypto.decrypt(tampered, context=CONTEXT)


@pytest.mark.parametrize("stored", [MOBILE, crypto.PREFIX, crypto.PREFIX + "!!!!", crypto.PREFIX + "AAAA"])
def test_plaintext_or_garbage_is_refused(stored):
    with pytest.raises(crypto.PersonalDataError):
        crypto.decrypt(stored, context=CONTEXT)


def test_a_value_moved_to_another_column_or_read_under_another_key_is_refused(settings):
    stored = crypto.encrypt(MOBILE, context=CONTEXT)
    with pytest.raises(crypto.PersonalDataError):
        crypto.decrypt(stored, context="applications.Application.contact_phone")
    settings.PERSONAL_DATA_KEY = "another-key-than-the-one-that-wrote-the-value"
    with pytest.raises(crypto.PersonalDataError):
        crypto.decrypt(stored, context=CONTEXT)


def test_the_digest_is_keyed_and_per_column(settings):
    digest = crypto.lookup_digest(MOBILE, context=CONTEXT)
    assert len(digest) == 64 and digest == crypto.lookup_digest(MOBILE, context=CONTEXT)
    assert digest != crypto.lookup_digest(MOBILE, context="awards.Objection.objector_phone")
    assert crypto.lookup_digest("", context=CONTEXT) == ""
    settings.PERSONAL_DATA_KEY = "another-key-than-the-one-that-wrote-the-value"
    assert crypto.lookup_digest(MOBILE, context=CONTEXT) != digest


# The columns -----------------------------------------------------------------------------------------------------

PERSONAL_COLUMNS = [
    ("accounts", "User", "mobile"),
    ("applications", "Application", "contact_phone"),
    ("awards", "Objection", "objector_phone"),
    ("awards", "Objection", "objector_id_number"),
]


@pytest.mark.parametrize(("app_label", "model_name", "field_name"), PERSONAL_COLUMNS)
def test_every_id_and_mobile_column_is_encrypted(app_label, model_name, field_name):
    field = apps.get_model(app_label, model_name)._meta.get_field(field_name)
    assert isinstance(field, EncryptedCharField)
    assert field.personal_context == f"{app_label}.{model_name}.{field_name}"


@pytest.mark.django_db
def test_a_user_mobile_is_ciphertext_in_the_database(enterprise_admin):
    enterprise_admin.mobile = MOBILE
    enterprise_admin.save(update_fields=["mobile"])
    stored = raw(User, enterprise_admin.pk, "mobile")
    assert crypto.is_encrypted(stored) and MOBILE not in stored and MOBILE[-4:] not in stored
    assert User.objects.get(pk=enterprise_admin.pk).mobile == MOBILE
    assert User.objects.filter(pk=enterprise_admin.pk).values_list("mobile", flat=True).get() == MOBILE


@pytest.mark.django_db
def test_an_application_contact_phone_is_ciphertext_and_reads_back_in_values(submitted):
    stored = raw(Application, submitted.pk, "contact_phone")
    assert crypto.is_encrypted(stored) and submitted.contact_phone not in stored
    assert Application.objects.values_list("contact_phone", flat=True).get(pk=submitted.pk) == submitted.contact_phone


@pytest.mark.django_db
def test_a_tampered_or_swapped_column_is_refused_when_read(enterprise_admin, submitted):
    enterprise_admin.mobile = MOBILE
    enterprise_admin.save(update_fields=["mobile"])
    stored = raw(User, enterprise_admin.pk, "mobile")
    raw_write(User, enterprise_admin.pk, "mobile", stored[:-2] + ("AA" if stored[-2:] != "AA" else "BB"))
    with pytest.raises(crypto.PersonalDataError):
        User.objects.get(pk=enterprise_admin.pk)
    # The user's encrypted mobile copied into an application's contact phone is refused there.
    raw_write(Application, submitted.pk, "contact_phone", stored)
    with pytest.raises(crypto.PersonalDataError):
        Application.objects.get(pk=submitted.pk)


@pytest.mark.django_db
def test_an_encrypted_column_cannot_be_searched_by_value():
    from django.core.exceptions import FieldError

    with pytest.raises(FieldError):
        list(User.objects.filter(mobile=MOBILE))
    with pytest.raises(FieldError):
        list(User.objects.filter(mobile__startswith="139"))
    assert not User.objects.filter(mobile__isnull=True).exists()


@pytest.mark.django_db
def test_the_migrations_encrypt_existing_rows_and_can_be_reversed(enterprise_admin, submitted):
    """The rows written before the migrations hold plaintext; each migration's step encrypts them in place,
    a rerun changes nothing, and the reverse step gives the plaintext back."""
    raw_write(User, enterprise_admin.pk, "mobile", MOBILE)
    raw_write(Application, submitted.pk, "contact_phone", "0734-8855130")
    user_migration = importlib.import_module("accounts.migrations.0004_user_mobile_encrypted")
    application_migration = importlib.import_module("applications.migrations.0008_contact_phone_encrypted")

    user_migration.encrypt_rows(apps, None)
    application_migration.encrypt_rows(apps, None)
    stored = raw(User, enterprise_admin.pk, "mobile")
    assert crypto.is_encrypted(stored) and crypto.is_encrypted(raw(Application, submitted.pk, "contact_phone"))
    assert User.objects.get(pk=enterprise_admin.pk).mobile == MOBILE
    assert Application.objects.get(pk=submitted.pk).contact_phone == "0734-8855130"
    user_migration.encrypt_rows(apps, None)
    assert raw(User, enterprise_admin.pk, "mobile") == stored

    user_migration.decrypt_rows(apps, None)
    application_migration.decrypt_rows(apps, None)
    assert raw(User, enterprise_admin.pk, "mobile") == MOBILE
    assert raw(Application, submitted.pk, "contact_phone") == "0734-8855130"


# The key ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key", [None, "development-only-personal-data-key-not-secret", "short", "the-same-key-as-the-audit-chain-uses-0123"]
)
def test_production_refuses_to_start_without_a_personal_data_key(key):
    env = {k: v for k, v in os.environ.items() if k != "PERSONAL_DATA_KEY"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="s" * 60,
        AUDIT_HMAC_KEY="the-same-key-as-the-audit-chain-uses-0123",
    )
    if key is not None:
        env["PERSONAL_DATA_KEY"] = key
    code = "import django; django.setup(); print('started')"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0 and "started" not in result.stdout
    assert "PERSONAL_DATA_KEY" in result.stderr


# Personal numbers inside JSON documents ------------------------------------------------------------------------

LEGAL_ID = "430405199001011233"


def test_every_form_field_for_an_id_or_phone_number_has_a_personal_key():
    """PersonalJSONField finds the numbers by key: every field of kind id_number or phone, in the pack's forms and
    in the profile, is named so (a company's fax is not personal data)."""
    from enterprises.profile_schema import profile_form
    from policies.pack.loader import load_pack

    def ids(value, found):
        if isinstance(value, dict):
            if value.get("kind") in ("id_number", "phone"):
                found.add(value["id"])
            for item in value.values():
                ids(item, found)
        elif isinstance(value, list):
            for item in value:
                ids(item, found)
        return found

    pack = load_pack(settings.BASE_DIR / "policy_packs" / "hengyang-2023-gxj51")
    fields = ids([form.model_dump() for form in pack.forms.values()], set()) | ids(profile_form(), set())
    assert "legal_representative_id_number" in fields and "member_phone" in fields
    assert {f for f in fields if not PERSONAL_KEY.search(f)} == {"fax"}
    assert PERSONAL_KEY.search("9.members[1].mobile") and PERSONAL_KEY.search("2-2.contact_phone")


def _answers_with_numbers(application) -> dict:
    answers = copy.deepcopy(application.answers)
    answers["2-12"] = {
        "legal_representative_id_number": LEGAL_ID,
        "members": [{"person": "张三", "member_phone": MOBILE}],
        "_raw": {"2-12.legal_representative_mobile": "1390734"},
        "project_name": "智能产线",
    }
    return answers


@pytest.mark.django_db
def test_numbers_inside_answers_and_revisions_are_ciphertext(submitted):
    submitted.answers = _answers_with_numbers(submitted)
    submitted.save(update_fields=["answers"])
    revision = submitted.revisions.create(
        version=99,
        kind="save",
        answers=submitted.answers,
        summary={"contact_phone": MOBILE},
        created_by=submitted.created_by,
    )
    for model, pk, column in ((Application, submitted.pk, "answers"), (type(revision), revision.pk, "answers"),
                              (type(revision), revision.pk, "summary")):  # fmt: skip
        stored = raw(model, pk, column)
        text = stored if isinstance(stored, str) else json.dumps(stored)
        assert LEGAL_ID not in text and MOBILE not in text and "1390734" not in text and crypto.PREFIX in text
    assert json.loads(raw(Application, submitted.pk, "answers"))["2-12"]["project_name"] == "智能产线"  # plain JSON
    again = Application.objects.get(pk=submitted.pk)
    assert again.answers["2-12"] == _answers_with_numbers(submitted)["2-12"]
    assert type(revision).objects.get(pk=revision.pk).summary == {"contact_phone": MOBILE}


@pytest.mark.django_db
def test_a_number_moved_inside_the_document_is_refused(submitted):
    """Each value is bound to its column and key: the encrypted mobile put in place of the ID number fails."""
    submitted.answers = _answers_with_numbers(submitted)
    submitted.save(update_fields=["answers"])
    document = json.loads(raw(Application, submitted.pk, "answers"))
    document["2-12"]["legal_representative_id_number"] = document["2-12"]["members"][0]["member_phone"]
    raw_write(Application, submitted.pk, "answers", json.dumps(document))
    with pytest.raises(crypto.PersonalDataError):
        Application.objects.get(pk=submitted.pk)


@pytest.mark.django_db
def test_the_migration_encrypts_numbers_in_existing_answers(submitted):
    plain = _answers_with_numbers(submitted)
    raw_write(Application, submitted.pk, "answers", json.dumps(plain, ensure_ascii=False))
    migration = importlib.import_module("applications.migrations.0009_answers_personal_data_encrypted")
    migration.encrypt_rows(apps, None)
    stored = raw(Application, submitted.pk, "answers")
    assert LEGAL_ID not in stored and MOBILE not in stored
    assert Application.objects.get(pk=submitted.pk).answers == plain
    migration.encrypt_rows(apps, None)
    assert raw(Application, submitted.pk, "answers") == stored
    migration.decrypt_rows(apps, None)
    assert json.loads(raw(Application, submitted.pk, "answers")) == plain
