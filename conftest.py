"""Persona fixtures shared by every test package."""

import pytest

from accounts.tests.factories import persona

PERSONAS = [
    "enterprise_user",
    "enterprise_admin",
    "county_industry",
    "county_finance",
    "other_county",
    "city_section",
    "city_sme",
    "city_finance",
    "admin",
    "auditor",
]


@pytest.fixture
def enterprise_user(db):
    return persona("enterprise_user")


@pytest.fixture
def enterprise_admin(db):
    return persona("enterprise_admin")


@pytest.fixture
def county_industry(db):
    return persona("county_industry")


@pytest.fixture
def county_finance(db):
    return persona("county_finance")


@pytest.fixture
def other_county(db):
    return persona("other_county")


@pytest.fixture
def city_section(db):
    return persona("city_section")


@pytest.fixture
def city_sme(db):
    return persona("city_sme")


@pytest.fixture
def city_finance(db):
    return persona("city_finance")


@pytest.fixture
def admin(db):
    return persona("admin")


@pytest.fixture
def auditor(db):
    return persona("auditor")
