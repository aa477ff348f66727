"""Edits of the notice's metadata (pack.yaml): identity, wording, dates, issuers, contacts, the project limit."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

NOTICE_TEXT_KEYS = (
    "document_number",
    "title",
    "legal_basis",
    "addressees",
    "deadline_rule",
    "submission_requirements",
    "submission_email",
    "hotline",
    "hotline_clause",
    "no_application_entitlement_note",
    "performance_clause",
    "support_categories",
)
NOTICE_DATE_KEYS = ("issue_date", "deadline")


def notice_update(data: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """`values` holds the notice's texts and dates, `issuers` [(name, signer)], `summary_contacts`
    [(organisation, section, person, phone)], `pack_id`, `max_projects` and `project_limit_clause`."""
    new = copy.deepcopy(data)
    pack, notice = new["pack"], new["pack"]["notice"]
    for key in NOTICE_TEXT_KEYS:
        if key in values:
            notice[key] = values[key]
    for key in NOTICE_DATE_KEYS:
        if key in values:
            value = values[key]
            notice[key] = value.isoformat() if isinstance(value, dt.date) else value
    if "issuers" in values:
        notice["issuers"] = [{"name": name, "signer": signer} for name, signer in values["issuers"]]
    if "summary_contacts" in values:
        notice["summary_contacts"] = [
            {"organisation": o, "section": s, "person": p, "phone": t} for o, s, p, t in values["summary_contacts"]
        ]
    if "pack_id" in values:
        pack["id"] = values["pack_id"]
    if "max_projects" in values:
        pack["project_limit"]["max_projects"] = values["max_projects"]
    if "project_limit_clause" in values:
        pack["project_limit"]["clause"] = values["project_limit_clause"]
    return new
