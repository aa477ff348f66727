"""Who may see and act on award lists and objections. Deny by default.

The city's SME section (中小企业科) and the city finance section (财政局企业科) see award lists and the
objections with the objectors' identities; nobody else does, so for everyone else they are not found.
The public notice itself is public: it goes through `get_public_notice_or_404`, which only ever
returns published notices.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts import permissions as base
from awards.choices import AwardListStatus, ObjectionStatus
from awards.models import AwardList, Objection, PublicNotice


def is_sme_coordinator(user) -> bool:
    return base.is_city_sme_coordinator(user)


def is_city_finance_reviewer(user) -> bool:
    return base.is_city_finance_reviewer(user)


def can_view_award_lists(user) -> bool:
    return is_sme_coordinator(user) or is_city_finance_reviewer(user)


def award_lists_visible_to(user) -> QuerySet[AwardList]:
    # The pages show the pack's title and number; its JSON (the whole policy pack) is left in the database.
    lists = AwardList.objects.select_related("pack", "sme_confirmed_by", "finance_cosigned_by", "finalised_by").defer(
        "pack__data"
    )
    return lists if can_view_award_lists(user) else lists.none()


def get_award_list_for_user_or_404(user, pk: int) -> AwardList:
    return get_object_or_404(award_lists_visible_to(user), pk=pk)


def objections_visible_to(user) -> QuerySet[Objection]:
    objections = Objection.objects.select_related("public_notice__award_list", "entry")
    return objections if can_view_award_lists(user) else objections.none()


def get_objection_for_user_or_404(user, pk: int) -> Objection:
    return get_object_or_404(objections_visible_to(user), pk=pk)


def get_public_notice_or_404(pk: int) -> PublicNotice:
    """Anyone, signed in or not: a notice exists publicly once published, also after the list is final."""
    return get_object_or_404(
        PublicNotice.objects.select_related("award_list__pack")
        .defer("award_list__pack__data")
        .filter(award_list__status__in=(AwardListStatus.PUBLICISED, AwardListStatus.FINAL)),
        pk=pk,
    )


# What the award list page offers each person (the services check again, and are the authority).


def can_confirm_award_list(user, award_list: AwardList) -> bool:
    return is_sme_coordinator(user) and award_list.status == AwardListStatus.DRAFT


def can_cosign_award_list(user, award_list: AwardList) -> bool:
    return is_city_finance_reviewer(user) and award_list.status == AwardListStatus.CONFIRMED


def can_publish_award_list(user, award_list: AwardList) -> bool:
    return is_sme_coordinator(user) and award_list.status == AwardListStatus.COSIGNED


def can_finalise_award_list(user, award_list: AwardList) -> bool:
    return is_sme_coordinator(user) and award_list.status == AwardListStatus.PUBLICISED


def can_resolve_objection(user, objection: Objection) -> bool:
    return is_sme_coordinator(user) and objection.status == ObjectionStatus.OPEN
