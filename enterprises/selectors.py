"""Reads of enterprise profiles, and the profile as facts for the eligibility engine."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Q, TextField
from django.db.models.functions import Cast

from core.industry import category_of
from core.prepared import PreparedQuery
from core.validators import is_registered_in_hengyang
from enterprises.choices import ConfirmationStatus
from enterprises.models import EnterpriseProfile
from policies.facts import FACTS, RECORDED_FACTS, fact_named

PROFILE_READ_CHUNK = 2000

# The organisation's profile (one at most: the key is one-to-one), compiled once per process (core/prepared.py):
# the application page, the enterprise's list and the calculator read it on every visit.
_PROFILE_OF = PreparedQuery(
    lambda organisation: EnterpriseProfile.objects.filter(organisation_id=organisation).order_by("pk")[:1],
    organisation=int,
)


def profile_of(organisation_id: int) -> EnterpriseProfile | None:
    return _PROFILE_OF.first(organisation=organisation_id)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value in (None, ""):
        return None
    try:
        return float(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return None


def facts_from_profile_data(*, data: dict[str, Any], uscc: str, confirmed: bool = False) -> dict[str, Any]:
    """Profile data -> eligibility facts (pure). Facts the profile does not hold stay unknown."""
    facts: dict[str, Any] = {}
    # FACTS, and the yearly figures of notices beyond the pack folders' years (fact_named).
    extra = {n: f for n in data if n not in FACTS and (f := fact_named(n)) is not None}
    for name, fact in {**FACTS, **extra}.items():
        value = data.get(name)
        if value in (None, ""):
            continue
        if fact.type in ("number", "integer"):
            number = _number(value)
            if number is not None:
                facts[name] = number
        elif fact.type == "boolean":
            if isinstance(value, bool):
                facts[name] = value
        else:
            facts[name] = str(value)
    # Derived rather than declared. The county 工信 reviewer confirms an account after checking the
    # business licence, so a confirmed enterprise is registered in Hengyang. Otherwise the code's
    # division (positions 3-8) is only a hint: a firm that moved keeps its old code, so a code from
    # elsewhere leaves the fact unknown instead of failing the condition.
    if confirmed or (uscc and is_registered_in_hengyang(uscc)):
        facts["registered_in_hengyang"] = True
    division = facts.get("industry_division")
    if division and "industry_category" not in facts:
        category = category_of(division)
        if category:
            facts["industry_category"] = category
    return facts


def profile_facts(profile: EnterpriseProfile) -> dict[str, Any]:
    """The facts of a stored profile. The facts the platform records itself (绩效评价, 整改) are known even
    when it holds no record: an enterprise never evaluated is “未评价”, not unknown."""
    facts = facts_from_profile_data(data=profile.data, uscc=profile.uscc, confirmed=profile.is_confirmed)
    for name in RECORDED_FACTS:
        if name not in facts and FACTS[name].unrecorded is not None:
            facts[name] = FACTS[name].unrecorded
    return facts


def enterprise_facts(organisation) -> dict[str, Any]:
    """The facts of an enterprise's own profile; none when it has not filled one in."""
    profile = profile_of(organisation.pk)
    return profile_facts(profile) if profile else {}


@dataclass(frozen=True)
class ConfirmedFacts:
    """A confirmed enterprise and the facts its profile gives, for the bulk engine."""

    enterprise_id: int
    name: str
    profile_version: int
    facts: dict[str, Any]


def confirmed_enterprises_facts(enterprise_ids: Iterable[int] | None = None) -> list[ConfirmedFacts]:
    """Each enterprise its county confirmed (or those of `enterprise_ids`), with the facts its profile gives
    (profile_facts, as the catalogue and the application pages read them), in the order of their names: what the
    stored eligibility (政策推送) and the workbench's try-out evaluate.

    The profile is read as its stored JSON text, not through the field that decrypts personal numbers: no fact is
    a personal number, so neither needs nor decrypts them (a third of the time at 20,000 profiles,
    bench/workbench/README.md)."""
    profiles = EnterpriseProfile.objects.filter(status=ConfirmationStatus.CONFIRMED)
    if enterprise_ids is not None:
        profiles = profiles.filter(organisation_id__in=list(enterprise_ids))
    rows = (
        profiles.annotate(stored=Cast("data", output_field=TextField()))
        .order_by("organisation__name", "pk")
        .values_list("organisation_id", "organisation__name", "uscc", "version", "stored")
    )
    return [
        ConfirmedFacts(
            enterprise_id=organisation_id,
            name=name,
            profile_version=version,
            facts=profile_facts(
                EnterpriseProfile(uscc=uscc, status=ConfirmationStatus.CONFIRMED, data=json.loads(stored or "{}"))
            ),
        )
        for organisation_id, name, uscc, version, stored in rows.iterator(chunk_size=PROFILE_READ_CHUNK)
    ]


def profiles_pending_for_county(*, jurisdiction_id: int):
    """New accounts to confirm, and confirmed enterprises that asked to change their name or code."""
    change_requested = Q(status=ConfirmationStatus.CONFIRMED) & (~Q(pending_name="") | ~Q(pending_uscc=""))
    return (
        EnterpriseProfile.objects.filter(Q(status=ConfirmationStatus.PENDING) | change_requested)
        .filter(organisation__jurisdiction_id=jurisdiction_id)
        .select_related("organisation")
        .order_by("created_at")
    )


def prefill_source(data: dict[str, Any]) -> dict[str, Any]:
    """The profile as templates read it: a choice becomes its label ("民营"), or the text given for
    "其他（请注明）", so that text fields and the templates' own choice lists both match it."""
    from enterprises.profile_schema import profile_form

    out = dict(data)
    for section in profile_form()["sections"]:
        for field in section["fields"]:
            value = data.get(field["id"])
            if field["kind"] == "single_choice" and isinstance(value, dict):
                option = next((o for o in field["options"] if o["value"] == value.get("value")), None)
                if option is None:
                    out.pop(field["id"], None)
                else:
                    out[field["id"]] = (
                        (value.get("other") or option["label"]) if option.get("other") else option["label"]
                    )
    return out
