"""A revocation for false reporting marks the enterprise's record (一企一档) with the funds facts
fund_recovery_open and false_reporting_finding_year, written as a revision by the one writer of recorded facts
beside the performance facts (neither source erases the other), and a later pack's conditions on them evaluate."""

import pytest
from django.utils import timezone

from eligibility.engine import evaluate_item
from enterprises.models import EnterpriseProfile, ProfileRevision
from enterprises.selectors import profile_facts
from enterprises.tests.factories import make_profile
from funds.models import Recovery
from funds.tests.ledger import pay
from funds.tests.recovery import cosign, decide, repay
from performance.services.rectification import enterprise_facts_record
from performance.tests.test_evaluation_facts import ELIGIBLE
from policies.facts import FACTS, RECORDED_FACTS, RECORDED_FACTS_BY_SOURCE
from policies.pack.loader import load_pack
from policies.pack.schema import Condition
from policies.tests.formtools import PACK_2023

NO_OPEN_RECOVERY = {
    "id": "global.no_open_recovery", "clause": "有未缴回的奖补资金的，不得申报", "source": "测试政策包 二、申报条件",
    "kind": "computable", "rule": {"fact": "fund_recovery_open", "equals": False},
}  # fmt: skip
NO_RECENT_FALSE_REPORTING = {
    "id": "global.no_recent_false_reporting", "clause": "近三年因虚假申报被撤销奖补的，不得申报",
    "source": "测试政策包 二、申报条件", "kind": "computable",
    "rule": {"fact": "false_reporting_finding_year", "wording": "低于", "value": 2021, "unit": "年"},
}  # fmt: skip


@pytest.fixture(scope="module")
def next_years_pack():
    loaded = load_pack(PACK_2023)
    extra = [Condition.model_validate(NO_OPEN_RECOVERY), Condition.model_validate(NO_RECENT_FALSE_REPORTING)]
    pack = loaded.pack.model_copy(update={"global_conditions": [*loaded.pack.global_conditions, *extra]})
    return pack, next(i for i in loaded.items if i.number == 2)


def statuses(pack, item, enterprise) -> dict[str, str]:
    profile = EnterpriseProfile.objects.get(organisation=enterprise)
    return {c.id: c.status for c in evaluate_item(pack, item, profile_facts(profile)).conditions}


def test_the_facts_are_recorded_by_the_funds_never_asked():
    assert RECORDED_FACTS_BY_SOURCE["funds_record"] == {"fund_recovery_open", "false_reporting_finding_year"}
    assert RECORDED_FACTS_BY_SOURCE["funds_record"] <= RECORDED_FACTS
    assert (FACTS["fund_recovery_open"].type, FACTS["false_reporting_finding_year"].type) == ("boolean", "integer")


@pytest.mark.django_db
def test_a_revocation_for_false_reporting_marks_the_record_and_fails_the_later_packs_conditions(
    next_years_pack, issued, county_finance, city_sme, city_finance, enterprise_admin
):
    pack, item = next_years_pack
    home, _ = issued
    enterprise = enterprise_admin.organisation
    make_profile(enterprise=enterprise, data=ELIGIBLE)
    before = statuses(pack, item, enterprise)
    assert (before["global.no_open_recovery"], before["global.no_recent_false_reporting"]) == ("met", "met")
    pay(county_finance, home, "400000.00")
    cosign(city_finance, decide(city_sme, home, false_reporting=True))
    profile = EnterpriseProfile.objects.get(organisation=enterprise)
    year = timezone.localdate().year
    assert (profile.data["fund_recovery_open"], profile.data["false_reporting_finding_year"]) == (True, year)
    revision = ProfileRevision.objects.get(profile=profile, version=profile.version)
    assert revision.changed_by == city_finance
    assert revision.changed_keys == ["false_reporting_finding_year", "fund_recovery_open"]
    after = statuses(pack, item, enterprise)
    assert (after["global.no_open_recovery"], after["global.no_recent_false_reporting"]) == ("not_met", "not_met")
    # Repaid in full: the recovery is no longer open; the finding stays.
    repay(county_finance, Recovery.objects.get(fund__application=home), "400000.00")
    profile.refresh_from_db()
    assert (profile.data["fund_recovery_open"], profile.data["false_reporting_finding_year"]) == (False, year)
    settled = statuses(pack, item, enterprise)
    assert (settled["global.no_open_recovery"], settled["global.no_recent_false_reporting"]) == ("met", "not_met")


@pytest.mark.django_db
def test_each_source_keeps_the_others_facts(issued, county_finance, city_sme, city_finance, enterprise_admin):
    home, _ = issued
    make_profile(enterprise=enterprise_admin.organisation, data=ELIGIBLE)
    pay(county_finance, home, "400000.00")
    cosign(city_finance, decide(city_sme, home))  # revoked, but no finding of false reporting
    enterprise_facts_record([enterprise_admin.organisation_id], actor=city_sme)  # the performance facts
    data = EnterpriseProfile.objects.get(organisation=enterprise_admin.organisation).data
    assert data["fund_recovery_open"] is True and "false_reporting_finding_year" not in data
    assert data["performance_rectification_open"] is False


@pytest.mark.django_db
def test_an_enterprise_without_funds_records_reads_no_recovery_and_no_finding(enterprise_admin, issued):
    make_profile(enterprise=enterprise_admin.organisation, data=ELIGIBLE)
    facts = profile_facts(EnterpriseProfile.objects.get(organisation=enterprise_admin.organisation))
    assert (facts["fund_recovery_open"], facts["false_reporting_finding_year"]) == (False, 0)
