"""Reads of 政策推送: a county's enterprises that probably qualify for an open item and have not applied, and an
enterprise's own stored results. Both read the stored results (eligibility.models); nothing is evaluated here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, Max, OuterRef, QuerySet
from django.utils import timezone

from applications.models import Application
from applications.selectors import Deadline, submission_deadline
from core.prepared import PreparedQuery
from eligibility import statuses as st
from eligibility.models import EligibilityEvaluation, EligibilityResult
from outreach.models import PushMute, PushNotice
from policies.models import PolicyPack

PROBABLE = (st.MET, st.NEEDS_EVIDENCE)  # what a county pushes: 符合 or 需佐证


def pack_open_for(*, pack: PolicyPack, jurisdiction, today: dt.date | None = None) -> tuple[bool, Deadline]:
    """Whether enterprises of the jurisdiction can still apply to the pack's items (its deadline, as the start page
    counts it: the notice's, a county's earlier one, a city re-opening), and that deadline."""
    deadline = submission_deadline(pack=pack, jurisdiction=jurisdiction)
    return deadline.is_open(today or timezone.localdate()), deadline


def candidates_for_county(*, pack: PolicyPack, jurisdiction_id: int, item_number: int | None = None) -> QuerySet:
    """Stored 符合 / 需佐证 results of the jurisdiction's enterprises for the pack, without an application for the
    item in any version of the pack (withdrawn ones included: the enterprise has seen the item)."""
    applied = Application.objects.filter(
        enterprise_id=OuterRef("enterprise_id"), pack__pack_id=pack.pack_id, item__number=OuterRef("item_number")
    )
    results = EligibilityResult.objects.filter(
        pack=pack, status__in=PROBABLE, enterprise__jurisdiction_id=jurisdiction_id
    ).exclude(Exists(applied))
    if item_number is not None:
        results = results.filter(item_number=item_number)
    return results


def candidate_enterprises(results: QuerySet) -> QuerySet:
    """One row per enterprise of `results`, by name: its id, name, code and the latest evaluation."""
    return (
        results.values("enterprise_id", "enterprise__name", "enterprise__profile__uscc")
        .annotate(evaluated_at=Max("evaluated_at"))
        .order_by("enterprise__name", "enterprise_id")
    )


@dataclass
class CandidateItem:
    number: int
    name: str
    status: str  # the best status among the item's subtypes
    subtypes: list[str] = field(default_factory=list)
    notified_at: dt.datetime | None = None

    @property
    def status_label(self) -> str:
        return st.LABELS[self.status]


@dataclass
class CandidateRow:
    enterprise_id: int
    name: str
    uscc: str
    evaluated_at: dt.datetime
    muted: bool
    items: list[CandidateItem]


def candidate_rows(
    *, pack: PolicyPack, results: QuerySet, enterprises: list[dict], names: dict[int, str]
) -> list[CandidateRow]:
    """The page's enterprises with their items (`names`: the pack's item names by number), whether they muted, and
    when each item was last pushed. Three queries: the results, the mutes and the pushes."""
    ids = [e["enterprise_id"] for e in enterprises]
    subtype_names = {f"{i['number']}:{s['code']}": s["name"] for i in pack.data["items"] for s in i.get("subtypes", [])}
    items: dict[int, dict[int, CandidateItem]] = {pk: {} for pk in ids}
    rows = results.filter(enterprise_id__in=ids).values_list("enterprise_id", "item_number", "item_key", "status")
    for enterprise_id, number, key, status in rows.order_by("item_number", "item_key"):
        item = items[enterprise_id].setdefault(number, CandidateItem(number, names.get(number, ""), status))
        if st.ORDER[status] > st.ORDER[item.status]:
            item.status = status
        if key in subtype_names:
            item.subtypes.append(subtype_names[key])
    muted = set(PushMute.objects.filter(enterprise_id__in=ids).values_list("enterprise_id", flat=True))
    pushed = (
        PushNotice.objects.filter(enterprise_id__in=ids, pack__pack_id=pack.pack_id)
        .values_list("enterprise_id", "item_number")
        .annotate(last=Max("sent_at"))
    )
    for enterprise_id, number, last in pushed:
        if number in items[enterprise_id]:
            items[enterprise_id][number].notified_at = last
    return [
        CandidateRow(
            enterprise_id=e["enterprise_id"],
            name=e["enterprise__name"],
            uscc=e["enterprise__profile__uscc"] or "",
            evaluated_at=e["evaluated_at"],
            muted=e["enterprise_id"] in muted,
            items=sorted(items[e["enterprise_id"]].values(), key=lambda i: i.number),
        )
        for e in enterprises
    ]


@dataclass
class EnterpriseItem:
    number: int
    name: str
    status: str
    subtypes: list[tuple[str, str]]  # (subtype name, status label)
    applied: bool

    @property
    def status_label(self) -> str:
        return st.LABELS[self.status]

    @property
    def probable(self) -> bool:
        return self.status in PROBABLE


# The enterprise's home page and list read these on every visit: compiled once per process (core/prepared.py).
_EVALUATION = PreparedQuery(
    lambda enterprise, pack: EligibilityEvaluation.objects.filter(enterprise_id=enterprise, pack_id=pack).order_by(
        "pk"
    )[:1],
    enterprise=int,
    pack=int,
)
_RESULTS = PreparedQuery(
    lambda enterprise, pack: EligibilityResult.objects.filter(enterprise_id=enterprise, pack_id=pack).values_list(
        "item_key", "status"
    ),
    enterprise=int,
    pack=int,
)
_APPLIED_NUMBERS = PreparedQuery(  # of any version of the pack
    lambda enterprise, pack_id: Application.objects.filter(enterprise_id=enterprise, pack__pack_id=pack_id).values_list(
        "item__number", flat=True
    ),
    enterprise=int,
    pack_id=str,
)


def items_for_enterprise(*, enterprise_id: int, pack: PolicyPack) -> tuple[list[EnterpriseItem], dt.datetime | None]:
    """The enterprise's stored results for the pack, item by item (the best subtype decides; an item without a
    stored row is 不符合), 符合 and 需佐证 first, and when they were evaluated; ([], None) when it has not been
    evaluated yet (尚未评估)."""
    evaluation = _EVALUATION.first(enterprise=enterprise_id, pack=pack.pk)
    if evaluation is None:
        return [], None
    stored = dict(_RESULTS.all(enterprise=enterprise_id, pack=pack.pk))
    applied = set(_APPLIED_NUMBERS.all(enterprise=enterprise_id, pack_id=pack.pack_id))
    items = []
    for item in pack.data["items"]:
        number = item["number"]
        keys = [(f"{number}:{s['code']}", s["name"]) for s in item.get("subtypes", [])] or [(str(number), "")]
        statuses = [(name, stored.get(key, st.NOT_MET)) for key, name in keys]
        best = max((status for _, status in statuses), key=st.ORDER.__getitem__)
        subtypes = [(name, st.LABELS[status]) for name, status in statuses if name]
        items.append(EnterpriseItem(number, item["name"], best, subtypes, number in applied))
    ordered = sorted(items, key=lambda i: (-st.ORDER[i.status], i.number))  # the probable ones first
    return ordered, evaluation.evaluated_at


def enterprise_is_muted(enterprise_id: int) -> bool:
    return PushMute.objects.filter(enterprise_id=enterprise_id).exists()
