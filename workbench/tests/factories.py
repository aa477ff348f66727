"""Drafts for the workbench's tests: a 2024 draft copied from the stored 2023 pack, and a second coordinator."""

from __future__ import annotations

import re

from accounts.choices import Role
from accounts.tests.factories import make_user, section
from workbench.services import draft_create_from_pack


def second_coordinator(username: str = "city_sme_approver"):
    return make_user(Role.CITY_SME_COORDINATOR, section("sme"), username=username, full_name="中小企业科审批员")


def draft_2024(*, actor, pack, pack_id: str = "hengyang-2024-gxj"):
    return draft_create_from_pack(actor=actor, pack=pack, year=2024, pack_id=pack_id)


def item_form(item: dict) -> dict:
    """The item form as posted for `item` unchanged."""
    contact = item["contact"]
    data = {
        "name": item["name"], "code": item["code"], "direction": item.get("direction") or "",
        "conditions_text": item["conditions_text"], "support_method": item["support_method"],
        "section": contact["section"], "person": contact["person"], "phone": contact["phone"],
        "form_ids": ", ".join(item["forms"]), "county_quota": item.get("county_quota") or "",
        "subtypes": "\n".join(f"{s['code']} {s['name']}" for s in item.get("subtypes", [])),
        "commitment": item.get("commitment") or "",
    }  # fmt: skip
    if item.get("counts_toward_project_limit", True):
        data["counts_toward_project_limit"] = "on"
    return data


def versioned(draft, values: dict | None = None) -> dict:
    """`values` as a page of `draft`'s current data posts them: with the data_version it was rendered from (the
    draft's optimistic lock, workbench.views.editing)."""
    draft.refresh_from_db(fields=["data_version"])
    return {**(values or {}), "data_version": str(draft.data_version)}


def page_data_version(page: str) -> str:
    """The data_version a rendered page of a draft carries in its forms (they all carry the same)."""
    versions = set(re.findall(r'name="data_version" value="([^"]*)"', page))
    assert len(versions) == 1, versions
    return versions.pop()
