"""Who is told about the 绩效目标: targets returned alone reach the enterprise with the reason and a link to the
application; a 目标调整 asked reaches the item's section; the section's decision reaches the enterprise. Each
in the service's transaction: a refused step tells nobody."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.choices import Role
from accounts.tests.factories import make_user
from applications.workflow import ApplicationStatus
from notifications.choices import NotificationVerb
from notifications.models import Notification
from performance.models import PerformanceIndicator
from performance.services import adjustments
from performance.services import targets as services
from performance.tests.targets_helpers import application_at, other_section_reviewer, owner_of, transitioned

pytestmark = pytest.mark.django_db

ALL_YES = {"clear": (True, ""), "measurable": (True, ""), "relevant": (True, ""), "reasonable": (True, "")}
NOT_REASONABLE = {**ALL_YES, "reasonable": (False, "产值目标低于企业上年实际")}


@pytest.fixture
def submitted(stored_pack):
    application = application_at(stored_pack)
    transitioned("submit", [application], owner_of(application))
    return application


@pytest.fixture
def agent(submitted):
    """A second member of the enterprise: every member is told."""
    return make_user(Role.ENTERPRISE_AGENT, submitted.enterprise, full_name="孙经办")


def told(user) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user).order_by("pk"))


def test_targets_returned_reach_every_member_with_the_reason_and_the_application(submitted, agent, county_industry):
    services.target_review_record(
        actor=county_industry, application=submitted, checks=NOT_REASONABLE, accepted=False,
        reason="请提高新增产值目标",
    )  # fmt: skip
    for member in (owner_of(submitted), agent):
        (notification,) = told(member)
        assert notification.verb == NotificationVerb.ACTION_REQUIRED
        assert notification.title == services.TARGETS_RETURNED_TITLE.format(name="智能产线改造")
        assert "退回理由：请提高新增产值目标" in notification.body
        assert str(county_industry.organisation) in notification.body
        assert notification.url == reverse("applications:edit", args=[submitted.pk])
        assert notification.application_id == submitted.pk
    assert told(county_industry) == []  # the reviewer is not told of their own return


def test_targets_accepted_tell_the_enterprise_nothing(submitted, agent, county_industry):
    services.target_review_record(actor=county_industry, application=submitted, checks=ALL_YES, accepted=True)
    assert not Notification.objects.exists()


def test_a_refused_return_tells_nobody(submitted, agent, county_industry):
    with pytest.raises(ValidationError):
        services.target_review_record(
            actor=county_industry, application=submitted, checks=NOT_REASONABLE, accepted=False, reason=" "
        )
    assert not Notification.objects.exists()


# --- 目标调整 -------------------------------------------------------------------------------------------


@pytest.fixture
def frozen(submitted, city_sme):
    transitioned("award", [submitted], city_sme)
    type(submitted).objects.filter(pk=submitted.pk).update(status=ApplicationStatus.AWARDED)
    submitted.refresh_from_db()
    Notification.objects.all().delete()  # the award's own messages (notifications/tests tell about those)
    return submitted


def ask(application, new="≥400", reason="市场需求下降"):
    indicator = PerformanceIndicator.objects.get(sheet__application=application, key="benefit_economic:0")
    return adjustments.target_adjustment_request(
        actor=owner_of(application), indicator=indicator, new_standard=new, reason=reason
    )


def test_an_adjustment_asked_reaches_the_item_section_only(frozen, agent, city_section, city_sme):
    other_section = other_section_reviewer()
    ask(frozen)
    (notification,) = Notification.objects.all()
    assert notification.recipient == city_section and notification.verb == NotificationVerb.ACTION_REQUIRED
    assert notification.title == adjustments.ADJUSTMENT_REQUESTED_TITLE.format(
        enterprise=frozen.enterprise.name, name="智能产线改造"
    )
    assert "指标“新增产值”：≥500 → ≥400" in notification.body and "调整理由：市场需求下降" in notification.body
    assert notification.url == reverse("performance:targets", args=[frozen.pk])
    assert told(other_section) == [] and told(city_sme) == [] and told(agent) == []


def test_a_refused_request_tells_nobody(frozen, city_section):
    with pytest.raises(ValidationError):
        ask(frozen, reason="")
    assert not Notification.objects.exists()


def test_the_enterprise_is_told_the_approval_and_its_reason(frozen, agent, city_section):
    adjustment = ask(frozen)
    adjustments.target_adjustment_approve(actor=city_section, adjustment=adjustment, reason="符合实际情况")
    for member in (owner_of(frozen), agent):
        (notification,) = told(member)
        assert notification.verb == NotificationVerb.STATUS_CHANGED
        assert notification.title == adjustments.ADJUSTMENT_APPROVED_TITLE.format(
            name="智能产线改造", indicator="新增产值"
        )
        assert "同意调整：≥500 → ≥400" in notification.body and "审批意见：符合实际情况" in notification.body
        assert notification.url == reverse("performance:targets", args=[frozen.pk])
    assert len(told(city_section)) == 1  # only the request: the section is not told of its own decision


def test_the_enterprise_is_told_the_refusal_and_its_reason(frozen, agent, city_section):
    adjustment = ask(frozen)
    with pytest.raises(ValidationError):
        adjustments.target_adjustment_refuse(actor=city_section, adjustment=adjustment, reason="")
    assert told(agent) == []
    adjustments.target_adjustment_refuse(actor=city_section, adjustment=adjustment, reason="理由不充分")
    for member in (owner_of(frozen), agent):
        (notification,) = told(member)
        assert notification.title == adjustments.ADJUSTMENT_REFUSED_TITLE.format(
            name="智能产线改造", indicator="新增产值"
        )
        assert "不同意调整（≥500 → ≥400），指标值仍为“≥500”" in notification.body
        assert "审批意见：理由不充分" in notification.body
