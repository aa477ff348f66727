"""notify_transition: who is told about each workflow step, the actor never, emails only after commit."""

import logging
import smtplib
from decimal import Decimal

import pytest
from django.core import mail
from django.db import transaction

from accounts.choices import Role
from accounts.tests.factories import make_user, section
from applications.models import Application
from applications.workflow import ApplicationStatus as S
from core.models import AuditEvent
from notifications.choices import NotificationVerb
from notifications.models import Notification
from notifications.services import AWARD_AMOUNT_LINE, notify_transition

pytestmark = pytest.mark.django_db


def _received(verb=None):
    """{username: verb} of every notification written."""
    rows = Notification.objects.select_related("recipient")
    return {n.recipient.username: n.verb for n in rows if verb is None or n.verb == verb}


def _at(application, status):
    Application.objects.filter(pk=application.pk).update(status=status)
    application.refresh_from_db()
    return application


@pytest.fixture
def officials(county_industry, county_finance, other_county, city_section, city_sme, city_finance):
    other_section = make_user(Role.CITY_SECTION_REVIEWER, section("informatization_ai"))
    return {
        "county_industry": county_industry, "county_finance": county_finance, "other_county": other_county,
        "city_section": city_section, "city_sme": city_sme, "city_finance": city_finance,
        "other_section": other_section,
    }  # fmt: skip


def _names(*users):
    return {u.username for u in users}


def test_submit_tells_the_other_enterprise_members_and_both_county_departments(
    application, enterprise_admin, enterprise_agent, officials
):
    Application.objects.filter(pk=application.pk).update(receipt_number="HYGXJ2023-0001")
    application = _at(application, S.SUBMITTED)
    created = notify_transition(application=application, transition="submit", actor=enterprise_admin)

    assert len(created) == 3
    assert _received(NotificationVerb.STATUS_CHANGED) == {enterprise_agent.username: "status_changed"}
    assert set(_received(NotificationVerb.ACTION_REQUIRED)) == _names(
        officials["county_industry"], officials["county_finance"]
    )
    status = Notification.objects.get(recipient=enterprise_agent)
    assert status.title == "您的申报“智能产线改造”状态变为：已提交，等待县级审核"
    assert status.application == application and status.url == f"/applications/{application.pk}/"
    task = Notification.objects.get(recipient=officials["county_finance"])
    assert task.title == f"待县级审核：{application.enterprise.name}的申报“智能产线改造”"
    assert "回执号：HYGXJ2023-0001" in task.body and "提交申报" in task.body


def test_the_actor_is_never_told_about_their_own_action(application, enterprise_admin, enterprise_agent, officials):
    notify_transition(application=application, transition="submit", actor=enterprise_admin)
    assert not Notification.objects.filter(recipient=enterprise_admin).exists()


def test_county_approve_asks_only_the_county_industry_reviewers_to_recommend(
    application, enterprise_admin, enterprise_agent, officials
):
    application = _at(application, S.COUNTY_APPROVED)
    notify_transition(application=application, transition="county_approve", actor=officials["county_finance"])

    assert set(_received(NotificationVerb.STATUS_CHANGED)) == _names(enterprise_admin, enterprise_agent)
    assert set(_received(NotificationVerb.ACTION_REQUIRED)) == _names(officials["county_industry"])
    title = Notification.objects.get(recipient=enterprise_agent).title
    assert title.endswith("状态变为：县级审核通过，等待推荐")


def test_recommend_tells_the_section_named_for_the_item_only(
    application, enterprise_admin, enterprise_agent, officials
):
    application = _at(application, S.RECOMMENDED)
    notify_transition(application=application, transition="recommend", actor=officials["county_industry"])

    assert set(_received(NotificationVerb.ACTION_REQUIRED)) == _names(officials["city_section"])
    assert set(_received(NotificationVerb.STATUS_CHANGED)) == _names(enterprise_admin, enterprise_agent)
    title = Notification.objects.get(recipient=officials["city_section"]).title
    assert title.startswith("待市级审核：") and str(application.enterprise.jurisdiction) in title


def test_city_approve_tells_the_sme_coordinators_and_city_finance(
    application, enterprise_admin, enterprise_agent, officials
):
    application = _at(application, S.CITY_APPROVED)
    notify_transition(application=application, transition="city_approve", actor=officials["city_section"])

    assert set(_received(NotificationVerb.ACTION_REQUIRED)) == _names(officials["city_sme"], officials["city_finance"])
    assert set(_received(NotificationVerb.STATUS_CHANGED)) == _names(enterprise_admin, enterprise_agent)


def test_returned_tells_only_the_enterprise_with_the_reason(application, enterprise_admin, enterprise_agent, officials):
    application = _at(application, S.RETURNED)
    notify_transition(
        application=application, transition="county_return", actor=officials["county_industry"], reason=" 缺少审计报告 "
    )

    assert _received() == {u.username: "status_changed" for u in (enterprise_admin, enterprise_agent)}
    notification = Notification.objects.get(recipient=enterprise_admin)
    assert notification.title.endswith("状态变为：已退回，请按意见修改后重新提交")
    assert "理由：缺少审计报告" in notification.body
    assert "退回企业修改" in notification.body


def test_returned_to_county_asks_both_county_departments_again(application, enterprise_admin, officials):
    application = _at(application, S.RETURNED_TO_COUNTY)
    notify_transition(application=application, transition="city_return", actor=officials["city_section"], reason="核实")

    assert set(_received(NotificationVerb.ACTION_REQUIRED)) == _names(
        officials["county_industry"], officials["county_finance"]
    )
    assert "理由：核实" in Notification.objects.get(recipient=officials["county_industry"]).body


def test_a_step_nobody_else_must_act_on_tells_only_the_enterprise(application, enterprise_admin, officials):
    application = _at(application, S.COUNTY_REVIEW)
    notify_transition(application=application, transition="county_start", actor=officials["county_industry"])
    assert _received() == {enterprise_admin.username: "status_changed"}


def test_an_award_is_told_with_its_amount_in_figures_and_in_capitals(application, enterprise_admin, officials):
    Application.objects.filter(pk=application.pk).update(status=S.AWARDED, award_amount=Decimal("12.5"))
    application.refresh_from_db()
    notify_transition(application=application, transition="award", actor=officials["city_sme"])
    lines = Notification.objects.get(recipient=enterprise_admin).body.splitlines()
    assert AWARD_AMOUNT_LINE.format(amount="12.50 万元（大写：人民币壹拾贰万伍仟元整）") in lines


def test_only_an_award_carries_an_amount_line(application, enterprise_admin, officials):
    Application.objects.filter(pk=application.pk).update(status=S.PUBLICISED, award_amount=Decimal("12.5"))
    application.refresh_from_db()
    notify_transition(application=application, transition="publicise", actor=officials["city_sme"])
    assert "奖补金额" not in Notification.objects.get(recipient=enterprise_admin).body


def test_the_target_comes_from_the_workflow_table_not_the_current_status(application, enterprise_admin, officials):
    # One action may take two transitions (county_start then county_approve); each is told as it was.
    application = _at(application, S.COUNTY_APPROVED)
    notify_transition(application=application, transition="county_start", actor=officials["county_finance"])
    assert Notification.objects.get(recipient=enterprise_admin).title.endswith("状态变为：县级审核中")
    assert not Notification.objects.filter(verb=NotificationVerb.ACTION_REQUIRED).exists()


def test_inactive_users_are_not_told(application, enterprise_admin, enterprise_agent, county_industry, county_finance):
    type(county_finance).objects.filter(pk__in=[county_finance.pk, enterprise_agent.pk]).update(is_active=False)
    notify_transition(application=_at(application, S.SUBMITTED), transition="submit", actor=enterprise_admin)
    assert set(_received()) == _names(county_industry)


def test_a_long_title_is_shortened_not_refused(application, enterprise_admin, county_industry):
    # 128-character enterprise name + 200-character project name would not fit the 255-character title.
    Application.objects.filter(pk=application.pk).update(project_name="很长的项目名称" * 28, status=S.SUBMITTED)
    type(application.enterprise).objects.filter(pk=application.enterprise_id).update(name="衡阳" * 60)
    application = Application.objects.select_related("enterprise", "item").get(pk=application.pk)
    notify_transition(application=application, transition="submit", actor=enterprise_admin)
    title = Notification.objects.get(recipient=county_industry).title
    assert len(title) == 255 and title.endswith("…")


def test_unknown_transition_is_refused_and_nothing_written(application, enterprise_admin, enterprise_agent):
    with pytest.raises(ValueError):
        notify_transition(application=application, transition="approve_everything", actor=enterprise_admin)
    assert not Notification.objects.exists()


def test_no_audit_event_is_written(application, enterprise_admin, enterprise_agent, county_industry):
    before = AuditEvent.objects.count()
    notify_transition(application=_at(application, S.SUBMITTED), transition="submit", actor=enterprise_admin)
    assert AuditEvent.objects.count() == before


# Email


@pytest.fixture
def with_emails(enterprise_agent, county_industry, county_finance):
    """The agent and the industry reviewer have addresses; the finance reviewer has none."""
    for user, email in ((enterprise_agent, "agent@example.com"), (county_industry, "gxj@example.com")):
        user.email = email
        user.save(update_fields=["email"])


def test_email_goes_after_commit_to_recipients_with_an_address(
    settings, application, enterprise_admin, with_emails, django_capture_on_commit_callbacks
):
    settings.EMAIL_HOST = "smtp.example.com"
    application = _at(application, S.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify_transition(application=application, transition="submit", actor=enterprise_admin)
        assert mail.outbox == []  # nothing leaves before the transaction commits
    assert len(callbacks) == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["agent@example.com", "gxj@example.com"]
    message = next(m for m in mail.outbox if m.to == ["gxj@example.com"])
    assert message.subject.startswith("【衡阳市工信领域奖补资金申报平台】待县级审核：")
    assert f"/applications/{application.pk}/" in message.body


@pytest.mark.parametrize("configure", [False, True], ids=["not-set", "empty"])
def test_no_email_without_an_email_host(
    settings, configure, application, enterprise_admin, with_emails, django_capture_on_commit_callbacks
):
    # Django's own default is "localhost"; only a host the settings set turns email on.
    if configure:
        settings.EMAIL_HOST = ""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        created = notify_transition(
            application=_at(application, S.SUBMITTED), transition="submit", actor=enterprise_admin
        )
    assert created and callbacks == [] and mail.outbox == []


def test_no_email_and_no_notification_when_the_transaction_rolls_back(
    settings, application, enterprise_admin, with_emails, django_capture_on_commit_callbacks
):
    settings.EMAIL_HOST = "smtp.example.com"
    application = _at(application, S.SUBMITTED)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify_transition(application=application, transition="submit", actor=enterprise_admin)
        raise RuntimeError("the transition failed after notifying")
    assert callbacks == [] and mail.outbox == []
    assert not Notification.objects.exists()


def test_a_mail_failure_is_logged_not_raised(
    settings, monkeypatch, caplog, application, enterprise_admin, with_emails, django_capture_on_commit_callbacks
):
    settings.EMAIL_HOST = "smtp.example.com"

    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("connection closed")

    monkeypatch.setattr("notifications.tasks.send_mass_mail", refuse)
    with caplog.at_level(logging.ERROR, logger="notifications.tasks"), django_capture_on_commit_callbacks(execute=True):
        notify_transition(application=_at(application, S.SUBMITTED), transition="submit", actor=enterprise_admin)
    assert "Sending notification emails failed" in caplog.text
    assert Notification.objects.count() == 3


# Many applications that took the same transition in one action (a batch sent, a list publicised).


def _many(pack, count, status):
    """`count` applications of item 2, each of its own enterprise (one member) in a different county."""
    from accounts.models import Jurisdiction
    from accounts.tests.factories import EnterpriseFactory

    jurisdictions = list(Jurisdiction.objects.order_by("pk"))
    applications = []
    for n in range(count):
        owner = make_user(Role.ENTERPRISE_ADMIN, EnterpriseFactory(jurisdiction=jurisdictions[n % len(jurisdictions)]))
        applications.append(Application.objects.create(
            enterprise=owner.organisation, pack=pack, item=pack.items.get(number=2), forms=[], status=status,
            created_by=owner, project_name=f"项目{n}",
        ))  # fmt: skip
    return applications


def test_many_tells_each_enterprise_and_the_county_of_each(stored_pack, county_industry, county_finance, other_county):
    from notifications.services import notify_transition_many

    applications = _many(stored_pack, 16, S.SUBMITTED)  # one in each of the 16 jurisdictions
    notify_transition_many(applications=applications, transition="submit", actor=None)
    for application in applications:
        told = set(Notification.objects.filter(application=application).values_list("recipient__username", flat=True))
        county = {u.username for u in (county_industry, county_finance, other_county)
                  if u.organisation.jurisdiction_id == application.enterprise.jurisdiction_id}  # fmt: skip
        assert told == {application.created_by.username} | county


def test_many_carries_each_applications_own_reason(stored_pack, county_industry):
    from notifications.services import notify_transition_many

    first, second = _many(stored_pack, 2, S.RETURNED)
    notify_transition_many(applications=[first, second], transition="county_return", actor=county_industry,
                           reasons={first.pk: "缺少审计报告", second.pk: "  "})  # fmt: skip
    assert "理由：缺少审计报告" in Notification.objects.get(application=first).body
    assert "理由" not in Notification.objects.get(application=second).body


def test_many_with_nothing_to_tell_writes_nothing(django_assert_num_queries, enterprise_admin):
    from notifications.services import notify_transition_many

    with django_assert_num_queries(0):
        assert notify_transition_many(applications=[], transition="submit", actor=enterprise_admin) == []


@pytest.mark.parametrize(("transition", "status", "queries"), [
    # savepoint, members of every enterprise, the next parties of every application (by jurisdiction,
    # by section, or the city's award officials), one INSERT, release.
    ("submit", S.SUBMITTED, 5),
    ("recommend", S.RECOMMENDED, 5),
    ("city_approve", S.CITY_APPROVED, 5),
    # Nobody acts next: no query for them.
    ("award", S.AWARDED, 4),
])  # fmt: skip
@pytest.mark.parametrize("count", [3, 20])
def test_many_query_count_does_not_grow(
    stored_pack, officials, transition, status, queries, count, django_assert_num_queries
):
    from notifications.services import notify_transition_many

    applications = Application.objects.select_related("enterprise__jurisdiction", "item").filter(
        pk__in=[a.pk for a in _many(stored_pack, count, status)]
    )
    applications = list(applications)
    with django_assert_num_queries(queries):
        created = notify_transition_many(applications=applications, transition=transition, actor=officials["city_sme"])
    assert {n.application_id for n in created} == {a.pk for a in applications}
