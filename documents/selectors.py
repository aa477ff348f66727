"""Reads for exports: the 附件4 申报汇总表 rows, streamed in a constant number of queries."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from django.db.models import OuterRef, QuerySet, Subquery, TextField
from django.db.models.functions import Cast, JSONObject

from policies.choices import SupportMethod
from review.models import ReviewOpinion
from review.workflow import ApplicationStatus

CHUNK_SIZE = 2000

STATUS_LABELS = dict(ApplicationStatus.choices)
METHOD_LABELS = dict(SupportMethod.choices)
DECISION_LABELS = dict(ReviewOpinion.Decision.choices)
COUNTY_DEPARTMENTS = (ReviewOpinion.Department.INDUSTRY, ReviewOpinion.Department.FINANCE)


class SummaryRow(NamedTuple):
    """One line of 附件4, its fields in the table's column order. Texts are raw (not yet cleaned for XML);
    amounts are in 万元."""

    serial_number: int
    jurisdiction: str
    enterprise_name: str
    uscc: str
    support_item: str
    subtype: str
    project_name: str
    total_investment: Decimal | None
    requested_amount: Decimal | None
    support_method: str
    contact_name: str
    contact_phone: str
    county_opinion: str
    status: str


def _latest_county_opinion(department: str) -> Subquery:
    """The department's latest county opinion as one JSON text, so that the row query stays one query.
    Read as text, not decoded per row: most rows share a few opinions, decoded once (_opinions_text)."""
    opinion = JSONObject(round="round", decision="decision", reason="reason")
    latest = (
        ReviewOpinion.objects.filter(
            application_id=OuterRef("pk"), stage=ReviewOpinion.Stage.COUNTY, department=department
        )
        .order_by("-round", "-created_at", "-id")
        .values(data=Cast(opinion, TextField()))[:1]
    )
    return Subquery(latest, output_field=TextField())


@lru_cache(maxsize=4096)
def _opinions_text(*opinions: str | None) -> str:
    """county_opinion_text of the departments' opinions as the query returns them (JSON text or None)."""
    decoded = [json.loads(o) if o else None for o in opinions]
    return county_opinion_text(list(zip(COUNTY_DEPARTMENTS, decoded, strict=True)))


def county_opinion_text(opinions: list[tuple[str, dict | None]]) -> str:
    """ "工信部门：同意；财政部门：退回修改（理由）", from the latest round in which the county gave an opinion.
    An older round's opinion is left out: after a return, the new round starts afresh."""
    given = [(department, o) for department, o in opinions if o]
    if not given:
        return ""
    latest_round = max(o["round"] for _, o in given)
    parts = []
    for department, opinion in given:
        if opinion["round"] != latest_round:
            continue
        text = f"{ReviewOpinion.Department(department).label}：{DECISION_LABELS.get(opinion['decision'], '')}"
        if opinion["decision"] != ReviewOpinion.Decision.AGREE and opinion.get("reason"):
            text += f"（{opinion['reason']}）"
        parts.append(text)
    return "；".join(parts)


def summary_rows(*, applications: QuerySet) -> Iterator[SummaryRow]:
    """附件4 rows of the given (already permission-scoped) applications, ordered by jurisdiction, item
    number and pk. One query whatever the number of rows, read in chunks so memory stays flat."""
    annotations = {f"county_{d}": _latest_county_opinion(d) for d in COUNTY_DEPARTMENTS}
    rows = (
        applications.annotate(**annotations)
        .order_by("enterprise__jurisdiction__sort_order", "enterprise__jurisdiction__code", "item__number", "pk")
        .values_list(
            "enterprise__jurisdiction__name",
            "enterprise__name",
            "enterprise__profile__uscc",
            "item__number",
            "item__name",
            "subtype_name",
            "project_name",
            "total_investment",
            "requested_amount",
            "item__support_method",
            "contact_name",
            "contact_phone",
            "status",
            *annotations,
        )
    )
    for serial, row in enumerate(rows.iterator(chunk_size=CHUNK_SIZE), start=1):
        (jurisdiction, enterprise, uscc, number, item, subtype, project, total, requested, method, contact, phone,
         status, *opinions) = row  # fmt: skip
        yield SummaryRow(
            serial_number=serial,
            jurisdiction=jurisdiction or "",
            enterprise_name=enterprise,
            uscc=uscc or "",
            support_item=f"{number}. {item}",
            subtype=subtype,
            project_name=project,
            total_investment=total,
            requested_amount=requested,
            support_method=METHOD_LABELS.get(method, ""),
            contact_name=contact,
            contact_phone=phone,
            county_opinion=_opinions_text(*opinions),
            status=STATUS_LABELS.get(status, status),
        )
