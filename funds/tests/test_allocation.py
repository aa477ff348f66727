"""资金下达: created from a final list by the city finance section, its amounts equal to the awards per county,
confirmed and co-signed in real names; every refusal writes nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from awards.choices import AwardListStatus
from core.choices import AuditVerb
from core.models import AuditEvent
from funds import permissions
from funds.choices import AllocationStatus
from funds.models import Allocation, AllocationLine, AwardFund
from funds.services import allocation as services
from funds.services.allocation import (
    allocation_confirm,
    allocation_cosign,
    allocation_create,
    allocation_sign_off_facts,
)
from funds.tests.ledger import HOME, OTHER
from funds.workflow import FundStatus
from notifications.models import Notification
from policies.models import PolicyPack
from review.signoff import SIGN_OFF_REQUIRED, SignOffFacts

pytestmark = pytest.mark.django_db
ISSUED_ON = dt.date(2024, 2, 1)


def create(actor, award_list, number="衡财企指〔2024〕1号", **kwargs):
    return allocation_create(actor=actor, award_list=award_list, document_number=number, issued_on=ISSUED_ON,
                             **kwargs)  # fmt: skip


def test_the_lines_equal_the_awards_of_each_county(final_list, city_finance):
    award_list, (home, other) = final_list
    allocation = create(city_finance, award_list, budget_subject="2150805 中小企业发展专项")
    lines = {line.jurisdiction.code: line for line in allocation.lines.select_related("jurisdiction")}
    assert {code: (line.awarded, line.amount, line.award_count) for code, line in lines.items()} == {
        HOME: (Decimal("1000000.00"), Decimal("1000000.00"), 1),
        OTHER: (Decimal("500000.00"), Decimal("500000.00"), 1),
    }
    funds = {fund.application_id: fund for fund in AwardFund.objects.all()}
    assert funds[home.pk].awarded == Decimal("1000000.00") and funds[home.pk].allocated == 0
    assert {fund.status for fund in funds.values()} == {FundStatus.PENDING}
    assert allocation.budget_subject == "2150805 中小企业发展专项" and allocation.status == AllocationStatus.DRAFT
    event = AuditEvent.objects.get(verb=AuditVerb.ALLOCATION_CREATED)
    assert event.data["total_wan"] == "150.00" and event.actor == city_finance


def test_an_excluded_entry_is_not_allocated(final_list, city_finance):
    award_list, (home, other) = final_list
    other.award_entries.update(excluded=True)
    allocation = create(city_finance, award_list)
    assert list(allocation.lines.values_list("jurisdiction__code", flat=True)) == [HOME]
    assert list(AwardFund.objects.values_list("application_id", flat=True)) == [home.pk]


def test_the_budget_subject_defaults_to_the_packs(final_list, city_finance):
    award_list, _ = final_list
    # A published pack is immutable through save(): the test writes the row as a later pack version would hold it.
    PolicyPack.objects.filter(pk=award_list.pack_id).update(
        data={**award_list.pack.data, "budget_subject": "2150899 其他"}
    )
    assert create(city_finance, award_list).budget_subject == "2150899 其他"


@pytest.mark.parametrize("persona", ["city_sme", "county_finance", "enterprise_admin", "city_section"])
def test_only_the_city_finance_section_creates_it(request, final_list, persona):
    with pytest.raises(PermissionDenied, match=permissions.NOT_CITY_FINANCE):
        create(request.getfixturevalue(persona), final_list[0])
    assert not Allocation.objects.exists() and not AuditEvent.objects.filter(verb=AuditVerb.ALLOCATION_CREATED).exists()


def test_refused_for_a_list_not_final_a_second_time_and_a_number_taken(final_list, city_finance):
    award_list, _ = final_list
    award_list.status = AwardListStatus.PUBLICISED
    award_list.save(update_fields=["status"])
    with pytest.raises(ValidationError, match=services.LIST_NOT_FINAL):
        create(city_finance, award_list)
    award_list.status = AwardListStatus.FINAL
    award_list.save(update_fields=["status"])
    create(city_finance, award_list)
    with pytest.raises(ValidationError, match="衡财企指〔2024〕1号"):
        create(city_finance, award_list, number="衡财企指〔2024〕2号")
    assert Allocation.objects.count() == 1 and AllocationLine.objects.count() == 2


def test_confirm_then_cosign_issues_the_money(final_list, city_finance, city_sme, county_finance):
    award_list, _ = final_list
    allocation = create(city_finance, award_list)
    with pytest.raises(ValidationError, match=services.WRONG_ALLOCATION_STATUS.format(status="待确认", action="会签")):
        allocation_cosign(actor=city_sme, allocation=allocation, confirmed=allocation_sign_off_facts(allocation))
    with pytest.raises(ValidationError, match=SIGN_OFF_REQUIRED):
        allocation_confirm(actor=city_finance, allocation=allocation)
    with pytest.raises(PermissionDenied):
        allocation_confirm(actor=city_sme, allocation=allocation, confirmed=allocation_sign_off_facts(allocation))
    allocation_confirm(actor=city_finance, allocation=allocation, confirmed=allocation_sign_off_facts(allocation))
    assert not AwardFund.objects.exclude(status=FundStatus.PENDING).exists()
    with pytest.raises(PermissionDenied, match=permissions.NOT_SME_COORDINATOR):
        allocation_cosign(actor=city_finance, allocation=allocation, confirmed=allocation_sign_off_facts(allocation))
    wrong = SignOffFacts(document="", count=2, total=Decimal("140"))
    with pytest.raises(ValidationError, match="签署内容已有变化"):
        allocation_cosign(actor=city_sme, allocation=allocation, confirmed=wrong)
    allocation_cosign(actor=city_sme, allocation=allocation, confirmed=allocation_sign_off_facts(allocation))
    allocation.refresh_from_db()
    assert allocation.status == AllocationStatus.ISSUED
    assert (allocation.confirmed_by, allocation.cosigned_by) == (city_finance, city_sme)
    assert allocation.confirmed_at and allocation.cosigned_at
    assert {(f.status, f.allocated == f.awarded) for f in AwardFund.objects.all()} == {(FundStatus.ALLOCATED, True)}
    # The county finance bureaus of the allocation's lines are told to pay; nobody else.
    assert list(Notification.objects.filter(title__contains="奖补资金已下达").values_list("recipient", flat=True)) == [
        county_finance.pk
    ]
    assert list(AuditEvent.objects.filter(target_type="funds.allocation").order_by("pk").values_list("verb", flat=True)) == [
        AuditVerb.ALLOCATION_CREATED, AuditVerb.ALLOCATION_CONFIRMED, AuditVerb.ALLOCATION_COSIGNED,
    ]  # fmt: skip


def test_a_signer_without_a_real_name_is_refused(final_list, city_finance):
    allocation = create(city_finance, final_list[0])
    city_finance.full_name = ""
    city_finance.save(update_fields=["full_name"])
    with pytest.raises(ValidationError, match="真实姓名"):
        allocation_confirm(actor=city_finance, allocation=allocation, confirmed=allocation_sign_off_facts(allocation))
    allocation.refresh_from_db()
    assert allocation.status == AllocationStatus.DRAFT and allocation.confirmed_by is None


def test_the_database_refuses_a_line_above_its_awards(final_list, city_finance):
    from django.db import IntegrityError, transaction

    allocation = create(city_finance, final_list[0])
    line = allocation.lines.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        AllocationLine.objects.filter(pk=line.pk).update(amount=line.awarded + Decimal("0.01"))
