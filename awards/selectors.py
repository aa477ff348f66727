"""Reads for award lists: candidates, a list with its totals, current public notices, and an application's award."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Func, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum

from applications.models import Application
from applications.workflow import ApplicationStatus
from awards.choices import AwardListStatus, ObjectionStatus
from awards.models import AwardEntry, AwardList, Objection, PublicNotice
from core.text import amount_sentence
from policies.choices import PackStatus
from policies.models import PolicyPack
from policies.pack.schema import PublicNoticeRules
from policies.selectors import pack_data_attach
from review.signoff import SignOffFacts

ZERO = Decimal("0")
# Columns no award page shows and which are large: the pack's JSON, an application's frozen forms and answers.
APPLICATION_DEFERRED = (
    "application__forms", "application__answers", "application__eligibility_snapshot", "application__item__data",
)  # fmt: skip


def award_candidates(pack: PolicyPack) -> QuerySet[Application]:
    """CITY_APPROVED applications of the pack with a proposed amount above zero, on no list yet."""
    return (
        Application.objects.filter(pack=pack, status=ApplicationStatus.CITY_APPROVED, proposed_amount__gt=0)
        .filter(award_entries__isnull=True)
        .select_related("enterprise", "item")
        .defer("forms", "answers", "eligibility_snapshot", "item__data")
        .order_by("item__number", "enterprise__name", "pk")
    )


@dataclass(frozen=True)
class PackCandidates:
    pack: PolicyPack
    ready: int  # approved, with an amount, on no list
    without_amount: int  # approved but the section has not proposed an amount: left out


def packs_with_candidates() -> list[PackCandidates]:
    """Published packs and how many applications a new list would take (and leave out for want of an amount)."""
    packs = PolicyPack.objects.filter(status=PackStatus.PUBLISHED).defer("data").annotate(
        ready=Count(
            "applications",
            filter=Q(applications__status=ApplicationStatus.CITY_APPROVED, applications__proposed_amount__gt=0,
                     applications__award_entries__isnull=True),
        ),
        without_amount=Count(
            "applications",
            filter=Q(applications__status=ApplicationStatus.CITY_APPROVED)
            & (Q(applications__proposed_amount__isnull=True) | Q(applications__proposed_amount__lte=0)),
        ),
    )  # fmt: skip
    return [PackCandidates(p, p.ready, p.without_amount) for p in packs]


def award_lists_with_totals(lists: QuerySet[AwardList]) -> QuerySet[AwardList]:
    return lists.annotate(entry_count=Count("entries"), total=Sum("entries__amount")).order_by("-created_at", "-id")


@dataclass
class ItemSubtotal:
    number: int
    name: str
    count: int = 0
    amount: Decimal = ZERO


@dataclass
class AwardListSummary:
    entries: list[AwardEntry]
    subtotals: list[ItemSubtotal] = field(default_factory=list)
    count: int = 0
    total: Decimal = ZERO
    # Entries whose application's proposed amount differs from the entry (before confirmation only).
    pending_changes: int = 0


def award_list_document(award_list: AwardList) -> str:
    """How a sign-off names the list: its notice's 文号 and the list's number."""
    return f"{award_list.pack.document_number} 奖补名单 #{award_list.pk}"


def award_list_sign_off_facts(award_list: AwardList) -> SignOffFacts:
    """What the SME section confirms, or city finance co-signs (one query). Before confirmation the amounts
    are the sections' current proposals, which confirmation freezes; after it, the frozen amounts."""
    amount = "application__proposed_amount" if award_list.status == AwardListStatus.DRAFT else "amount"
    totals = award_list.entries.filter(excluded=False).aggregate(count=Count("pk"), total=Sum(amount))
    return SignOffFacts(
        document=award_list_document(award_list), count=totals["count"], total=totals["total"],
        total_label="奖补金额合计",
    )  # fmt: skip


def award_list_summary(award_list: AwardList) -> AwardListSummary:
    """Entries with enterprise and item, subtotals per item and the total. Excluded entries count in no total."""
    entries = list(
        award_list.entries.select_related("application__enterprise", "application__item")
        .defer(*APPLICATION_DEFERRED)
        .annotate(
            objection_count=Count("objections"),
            upheld_count=Count("objections", filter=Q(objections__status=ObjectionStatus.UPHELD)),
        )
    )
    summary = AwardListSummary(entries=entries)
    by_item: dict[int, ItemSubtotal] = {}
    for entry in entries:
        item = entry.application.item
        entry.proposed_differs = (
            award_list.status == AwardListStatus.DRAFT and entry.application.proposed_amount != entry.amount
        )
        summary.pending_changes += entry.proposed_differs
        if entry.excluded:
            continue
        subtotal = by_item.setdefault(item.number, ItemSubtotal(item.number, item.name))
        subtotal.count += 1
        subtotal.amount += entry.amount
        summary.count += 1
        summary.total += entry.amount
    summary.subtotals = [by_item[n] for n in sorted(by_item)]
    return summary


def objections_of_award_list(award_list: AwardList) -> QuerySet[Objection]:
    """Each with `objections_by_same_objector`: how many objections to this list came from the same phone or the
    same ID number, so that a flood from one objector stands out. The numbers are encrypted; they are compared
    through their keyed digests."""
    same_objector = (
        Objection.objects.filter(public_notice__award_list=award_list)
        .filter(
            Q(objector_phone_digest=OuterRef("objector_phone_digest"))
            | (Q(objector_id_number_digest=OuterRef("objector_id_number_digest")) & ~Q(objector_id_number_digest=""))
        )
        .order_by()
        .annotate(count=Func("pk", function="COUNT"))
        .values("count")
    )
    return (
        Objection.objects.filter(public_notice__award_list=award_list)
        .select_related("entry__application__enterprise", "entry__application__item", "resolved_by")
        .defer(*(f"entry__{field}" for field in APPLICATION_DEFERRED))
        .annotate(objections_by_same_objector=Subquery(same_objector, output_field=IntegerField()))
        .order_by("submitted_at", "id")
    )


def _public_notices() -> QuerySet[PublicNotice]:
    return (
        PublicNotice.objects.select_related("award_list__pack")
        .defer("award_list__pack__data")
        .annotate(entry_count=Count("award_list__entries"))
    )


def public_notices_current(*, today: dt.date) -> QuerySet[PublicNotice]:
    """Notices being publicised whose period has not ended (including ones that start later)."""
    return (
        _public_notices()
        .filter(award_list__status=AwardListStatus.PUBLICISED, ends_on__gte=today)
        .order_by("starts_on", "id")
    )


def public_notices_past(*, today: dt.date) -> QuerySet[PublicNotice]:
    """Notices whose period has ended, newest first: they stay public (a notice's page stays reachable), whether the
    list is final yet or still waits for the city to finalise it after the period."""
    return (
        _public_notices()
        .filter(
            Q(award_list__status=AwardListStatus.FINAL)
            | Q(award_list__status=AwardListStatus.PUBLICISED, ends_on__lt=today)
        )
        .order_by("-ends_on", "-id")
    )


@dataclass(frozen=True)
class PublicRow:
    """What the public sees of an entry: the enterprise (an organisation), the item, the amount. No person."""

    entry_id: int
    enterprise_name: str
    item_number: int
    item_name: str
    amount: Decimal


def public_notice_rows(notice: PublicNotice) -> list[PublicRow]:
    rows = (
        AwardEntry.objects.filter(award_list_id=notice.award_list_id)
        .order_by("application__item__number", "application__enterprise__name", "id")
        .values_list("pk", "application__enterprise__name", "application__item__number", "application__item__name",
                     "amount")
    )  # fmt: skip
    return [PublicRow(*row) for row in rows]


@dataclass(frozen=True)
class AwardInfo:
    """An application's place on an award list, for the enterprise's application page."""

    state: str  # "publicised", "awarded" or "excluded"
    label: str
    amount: Decimal | None  # None when an upheld objection removed the entry
    notice_id: int
    starts_on: dt.date
    ends_on: dt.date

    @property
    def amount_text(self) -> str:
        """ "12.50 万元（大写：人民币壹拾贰万伍仟元整）", as the award notice states it; "" without an amount."""
        return "" if self.amount is None else amount_sentence(self.amount)


AWARD_STATE_LABELS = {
    "publicised": "已列入奖补名单，正在公示",
    "awarded": "已确定奖补",
    "excluded": "公示期间异议成立，不予奖补",
}


def award_for_application(application: Application) -> AwardInfo | None:
    """The award shown to the enterprise: nothing until the list is publicised (before that it is the city's draft)."""
    entry = (
        AwardEntry.objects.filter(
            application=application,
            award_list__status__in=(AwardListStatus.PUBLICISED, AwardListStatus.FINAL),
        )
        .select_related("award_list__public_notice")
        .first()
    )
    if entry is None:
        return None
    notice = entry.award_list.public_notice
    if entry.excluded:
        state = "excluded"
    elif entry.award_list.status == AwardListStatus.FINAL:
        state = "awarded"
    else:
        state = "publicised"
    return AwardInfo(
        state=state,
        label=AWARD_STATE_LABELS[state],
        amount=None if state == "excluded" else entry.amount,
        notice_id=notice.pk,
        starts_on=notice.starts_on,
        ends_on=notice.ends_on,
    )


def public_notice_working_days(award_list: AwardList) -> int:
    """How many working days the list's 公示 runs unless the city sets another period: its pack's
    `public_notice.working_days` (the pack format's default for a pack stored before the field existed)."""
    rules = pack_data_attach(award_list.pack).data["pack"].get("public_notice") or {}
    return rules.get("working_days", PublicNoticeRules().working_days)
