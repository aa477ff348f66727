"""Drafts for the workbench's tests: a 2024 draft copied from the stored 2023 pack, and a second coordinator."""

from __future__ import annotations

from accounts.choices import Role
from accounts.tests.factories import make_user, section
from workbench.services import draft_create_from_pack


def second_coordinator(username: str = "city_sme_approver"):
    return make_user(Role.CITY_SME_COORDINATOR, section("sme"), username=username, full_name="中小企业科审批员")


def draft_2024(*, actor, pack, pack_id: str = "hengyang-2024-gxj"):
    return draft_create_from_pack(actor=actor, pack=pack, year=2024, pack_id=pack_id)
