"""The production password hasher: Argon2id at OWASP's minimum, and the upgrade of older hashes at login."""

import pytest
from argon2 import extract_parameters
from django.conf import settings as django_settings
from django.contrib.auth.hashers import Argon2PasswordHasher, check_password, identify_hasher, make_password
from django.test import Client
from django.urls import reverse

from accounts.hashers import OwaspArgon2PasswordHasher
from accounts.tests.factories import PASSWORD

PRODUCTION_HASHERS = ["accounts.hashers.OwaspArgon2PasswordHasher", "django.contrib.auth.hashers.PBKDF2PasswordHasher"]


def test_base_settings_hash_with_the_owasp_parameters():
    from config.settings import base

    assert base.PASSWORD_HASHERS[0] == "accounts.hashers.OwaspArgon2PasswordHasher"
    assert django_settings.PASSWORD_HASHERS != base.PASSWORD_HASHERS  # the suite's own, cheaper one


def test_owasp_parameters_are_argon2id_19_mib_two_passes_one_lane(settings):
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    encoded = make_password(PASSWORD)
    parameters = extract_parameters(encoded.removeprefix("argon2"))
    assert encoded.startswith("argon2$argon2id$")
    assert (parameters.memory_cost, parameters.time_cost, parameters.parallelism) == (19 * 1024, 2, 1)
    assert check_password(PASSWORD, encoded)
    assert not check_password(PASSWORD + "x", encoded)


def test_a_hash_with_djangos_defaults_verifies_and_is_marked_for_upgrade(settings):
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    old = Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt())
    hasher = identify_hasher(old)
    assert isinstance(hasher, OwaspArgon2PasswordHasher)  # same algorithm name: the first listed hasher reads it
    assert hasher.verify(PASSWORD, old)
    assert hasher.must_update(old)
    assert not hasher.must_update(make_password(PASSWORD))


@pytest.mark.django_db
def test_login_rehashes_an_older_hash_with_the_owasp_parameters(settings, county_industry):
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    county_industry.password = Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt())
    county_industry.save(update_fields=["password"])
    response = Client().post(reverse("accounts:login"), {"username": county_industry.username, "password": PASSWORD})
    assert response.status_code == 302
    county_industry.refresh_from_db()
    parameters = extract_parameters(county_industry.password.removeprefix("argon2"))
    assert (parameters.memory_cost, parameters.time_cost, parameters.parallelism) == (19 * 1024, 2, 1)
