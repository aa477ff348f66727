"""Two people acting at once on the same monitoring report, evaluation or list: one verification is recorded,
one confirmation holds, and two scorings leave one consistent total.

Runs on PostgreSQL (CI sets DATABASE_URL), where SELECT … FOR UPDATE really locks the row; SQLite has no row
locks to test. A permission check made after the lock is slowed down, so that without the lock both would
read the old state before either commits.
"""

from decimal import Decimal

import pytest

from accounts.choices import OrganisationKind, Role
from accounts.tests.factories import bureau, make_user, section
from core.choices import AuditVerb
from core.models import AuditEvent
from performance import permissions
from performance.models import IndicatorScore, PerformanceEvaluation, PerformanceMonitoringReport
from performance.services import evaluation as services
from performance.services import monitoring as monitoring_services
from performance.tests.awarded import awarded_list
from performance.tests.concurrency import POSTGRESQL_ONLY, race, slowed
from performance.tests.concurrency import stored_pack as stored_pack  # a fixture
from performance.tests.test_evaluation_services import finals_for, satisfaction
from performance.tests.test_monitoring_services import open_round, values_for
from performance.workflow import EvaluationStatus, ReportStatus

pytestmark = POSTGRESQL_ONLY


def county_reviewers(count: int = 2):
    return [make_user(Role.COUNTY_INDUSTRY_REVIEWER, bureau(OrganisationKind.INDUSTRY_BUREAU, "430405"))
            for _ in range(count)]  # fmt: skip


@pytest.fixture
def owner():
    from accounts.tests.factories import EnterpriseFactory

    return make_user(Role.ENTERPRISE_ADMIN, EnterpriseFactory())


@pytest.fixture
def sme():
    return make_user(Role.CITY_SME_COORDINATOR, section("sme"))


def test_two_county_reviewers_verify_a_report_once(stored_pack, owner, sme, monkeypatch):
    award_list, _ = awarded_list(stored_pack, sme=sme, owners=[owner])
    round = open_round(sme, award_list)
    report = PerformanceMonitoringReport.objects.get(round=round)
    monitoring_services.monitoring_report_submit(actor=owner, report=report, values=values_for(report),
                                                 spent=Decimal(30), explanation="")  # fmt: skip
    slowed(monkeypatch, permissions, "is_report_county")
    outcomes = race([
        lambda user=user: monitoring_services.monitoring_report_verify(actor=user, report=report, remark="属实")
        for user in county_reviewers()
    ])  # fmt: skip
    assert outcomes == ["done", "当前状态不能县级核实绩效监控。"]
    report.refresh_from_db()
    assert report.status == ReportStatus.VERIFIED
    assert AuditEvent.objects.filter(verb=AuditVerb.MONITORING_REPORT_VERIFIED).count() == 1


def test_a_verification_and_a_return_at_once_leave_one_decision(stored_pack, owner, sme, monkeypatch):
    award_list, _ = awarded_list(stored_pack, sme=sme, owners=[owner])
    services.evaluations_open(actor=sme, award_list=award_list)
    evaluation = PerformanceEvaluation.objects.get()
    services.evaluation_self_submit(actor=owner, evaluation=evaluation, finals=finals_for(evaluation), summary="总结")
    slowed(monkeypatch, permissions, "is_evaluation_county")
    first, second = county_reviewers()
    outcomes = race([
        lambda: services.evaluation_verify(actor=first, evaluation=evaluation, remark="属实"),
        lambda: services.evaluation_return(actor=second, evaluation=evaluation, reason="缺少佐证"),
    ])  # fmt: skip
    assert outcomes.count("done") == 1
    evaluation.refresh_from_db()
    assert evaluation.status in (EvaluationStatus.COUNTY_VERIFIED, EvaluationStatus.RETURNED)
    verbs = {AuditVerb.EVALUATION_VERIFIED, AuditVerb.EVALUATION_RETURNED}
    assert AuditEvent.objects.filter(verb__in=verbs).count() == 1


def test_two_scorings_at_once_leave_one_consistent_total(stored_pack, owner, sme, monkeypatch):
    award_list, _ = awarded_list(stored_pack, sme=sme, owners=[owner])
    services.evaluations_open(actor=sme, award_list=award_list)
    evaluation = PerformanceEvaluation.objects.get()
    services.evaluation_self_submit(actor=owner, evaluation=evaluation, finals=finals_for(evaluation), summary="总结")
    services.evaluation_verify(actor=county_reviewers(1)[0], evaluation=evaluation, remark="属实")
    sections = [make_user(Role.CITY_SECTION_REVIEWER, section("equipment_industry")) for _ in range(2)]
    slowed(monkeypatch, permissions, "is_evaluation_section")
    judged = satisfaction(evaluation)
    outcomes = race([
        lambda: services.evaluation_score(actor=sections[0], evaluation=evaluation, judgements={judged: True}),
        lambda: services.evaluation_score(actor=sections[1], evaluation=evaluation, judgements={judged: False}),
    ])  # fmt: skip
    assert outcomes == ["done", "done"]  # rescoring is allowed until the results are confirmed: one after the other
    evaluation.refresh_from_db()
    assert evaluation.total == sum(IndicatorScore.objects.filter(evaluation=evaluation).values_list("score", flat=True))
    assert evaluation.total in (Decimal("94.00"), Decimal("74.00"))


def test_two_confirmations_of_a_list_at_once_confirm_it_once(stored_pack, owner, sme, monkeypatch):
    award_list, _ = awarded_list(stored_pack, sme=sme, owners=[owner])
    services.evaluations_open(actor=sme, award_list=award_list)
    PerformanceEvaluation.objects.update(status=EvaluationStatus.SCORED, total=Decimal(90), grade="优")
    second = make_user(Role.CITY_SME_COORDINATOR, section("sme"))
    slowed(monkeypatch, services, "enterprise_facts_record")  # called after the evaluations are read and updated
    outcomes = race([
        lambda user=user: services.evaluation_results_confirm(actor=user, award_list=award_list) for user in (sme, second)
    ])  # fmt: skip
    assert outcomes == sorted(["done", services.NOTHING_SCORED])
    assert AuditEvent.objects.filter(verb=AuditVerb.EVALUATION_CONFIRMED).count() == 1
