"""Two officials acting on the same 绩效目标 at once: one 目标审核 is recorded, one decision on a 目标调整 holds.

Runs on PostgreSQL (CI sets DATABASE_URL), where SELECT … FOR UPDATE really locks the sheet or the
adjustment row; SQLite has no row locks to test.
"""

from accounts.choices import OrganisationKind, Role
from accounts.tests.factories import bureau, make_user, section
from applications.workflow import ApplicationStatus
from performance.models import PerformanceIndicator, TargetAdjustment, TargetReview
from performance.services import adjustments
from performance.services import targets as services
from performance.tests.concurrency import POSTGRESQL_ONLY, race, slowed
from performance.tests.concurrency import stored_pack as stored_pack  # a fixture
from performance.tests.targets_helpers import application_at, owner_of, transitioned

pytestmark = POSTGRESQL_ONLY

ALL_YES = {"clear": (True, ""), "measurable": (True, ""), "relevant": (True, ""), "reasonable": (True, "")}


def test_two_county_reviewers_at_once_record_one_review(stored_pack, monkeypatch):
    application = application_at(stored_pack)
    transitioned("submit", [application], owner_of(application))
    reviewers = [
        make_user(Role.COUNTY_INDUSTRY_REVIEWER, bureau(OrganisationKind.INDUSTRY_BUREAU, "430405")) for _ in range(2)
    ]
    # Widen the window after the lock, so that without it both would read 待目标审核 before either commits.
    slowed(monkeypatch, services, "target_checklist")
    outcomes = race([
        lambda user=user: services.target_review_record(
            actor=user, application=application, checks=ALL_YES, accepted=True
        )
        for user in reviewers
    ])  # fmt: skip
    assert outcomes == ["done", "当前状态不能县级绩效目标审核通过。"], outcomes
    assert TargetReview.objects.count() == 1


def test_approve_and_refuse_at_once_one_decision_holds(stored_pack, city_sme):
    application = application_at(stored_pack, status=ApplicationStatus.AWARDED)
    transitioned("award", [application], city_sme)
    indicator = PerformanceIndicator.objects.get(sheet__application=application, key="benefit_economic:0")
    adjustment = adjustments.target_adjustment_request(
        actor=owner_of(application), indicator=indicator, new_standard="≥400", reason="市场需求下降"
    )
    sections = [make_user(Role.CITY_SECTION_REVIEWER, section("equipment_industry")) for _ in range(2)]
    outcomes = race([
        lambda: adjustments.target_adjustment_approve(actor=sections[0], adjustment=adjustment),
        lambda: adjustments.target_adjustment_refuse(actor=sections[1], adjustment=adjustment, reason="理由不充分"),
    ])  # fmt: skip
    assert outcomes[0] == "done" and outcomes[1].startswith("该目标调整已审批"), outcomes
    adjustment.refresh_from_db()
    indicator.refresh_from_db()
    assert (adjustment.status == TargetAdjustment.Status.APPROVED) == (indicator.standard == "≥400")
