"""Fixtures for notifications: the 2023 pack, an eligible enterprise with a second member, and its
complete draft for item 2 (handled by the city's 装备工业科, the `city_section` persona's section)."""

import pytest

from accounts.choices import Role
from accounts.tests.factories import make_user
from applications.tests.factories import ApplicationFactory


@pytest.fixture
def enterprise_agent(enterprise_admin):
    """A second person of the same enterprise, who is told about changes the admin makes."""
    return make_user(Role.ENTERPRISE_AGENT, enterprise_admin.organisation, full_name="孙经办")


@pytest.fixture
def application(stored_pack, profile, enterprise_admin):
    return ApplicationFactory(enterprise=enterprise_admin.organisation, pack=stored_pack, complete=True)
