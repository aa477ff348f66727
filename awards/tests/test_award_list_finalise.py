"""award_list_finalise: after the period with every objection decided; upheld ones keep their entry out of the awards."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from applications.models import Application
from applications.workflow import ApplicationStatus
from awards import services
from awards.choices import AwardListStatus, ObjectionStatus
from awards.models import Objection
from awards.tests.helpers import (
    AFTER_PERIOD,
    ENDS_ON,
    PUBLISH_DAY,
    STARTS_ON,
    objection_in,
    snapshot,
    through_publication,
)
from core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _statuses(applications):
    return [
        (a.status, a.award_amount)
        for a in Application.objects.filter(pk__in=[a.pk for a in applications]).order_by("pk")
    ]


def test_awards_every_entry_when_there_is_no_objection(city_sme, notice, approved_applications):
    award_list = services.award_list_finalise(actor=city_sme, award_list=notice.award_list, today=AFTER_PERIOD)
    award_list.refresh_from_db()
    assert award_list.status == AwardListStatus.FINAL and award_list.finalised_by == city_sme
    assert _statuses(approved_applications) == [
        (ApplicationStatus.AWARDED, Decimal("50.00")),
        (ApplicationStatus.AWARDED, Decimal("30.00")),
        (ApplicationStatus.AWARDED, Decimal("20.00")),
    ]
    assert AuditEvent.objects.filter(verb="application_awarded").count() == 3
    final = AuditEvent.objects.get(verb="award_list_finalised")
    assert final.data == {"awarded": 3, "excluded": [], "total": "100.00"}


def test_an_entry_excluded_by_an_upheld_objection_is_not_awarded_the_others_are(
    city_sme, notice, approved_applications
):
    first = notice.award_list.entries.get(application=approved_applications[0])
    second = notice.award_list.entries.get(application=approved_applications[1])
    upheld = objection_in(notice, day=ENDS_ON, entry=first)
    dismissed = objection_in(notice, day=ENDS_ON, entry=second)
    services.objection_resolve(actor=city_sme, objection=upheld, upheld=True, resolution="项目未竣工，不符合条件。")
    services.objection_resolve(actor=city_sme, objection=dismissed, upheld=False, resolution="已核实竣工。")
    services.award_list_finalise(actor=city_sme, award_list=notice.award_list, today=AFTER_PERIOD)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.excluded and not second.excluded
    assert _statuses(approved_applications) == [
        (ApplicationStatus.CITY_REJECTED, None),
        (ApplicationStatus.AWARDED, Decimal("30.00")),
        (ApplicationStatus.AWARDED, Decimal("20.00")),
    ]
    excluded = AuditEvent.objects.get(verb="award_entry_excluded")  # written when the objection was upheld
    assert excluded.target_id == str(approved_applications[0].pk)
    assert excluded.data["reason"] == "项目未竣工，不符合条件。" and excluded.data["label"] == services.EXCLUDED_LABEL
    assert AuditEvent.objects.filter(verb="application_awarded").count() == 2
    assert AuditEvent.objects.get(verb="award_list_finalised").data == {
        "awarded": 2, "excluded": [first.pk], "total": "50.00",
    }  # fmt: skip


def test_an_objection_upheld_before_the_transition_existed_is_excluded_at_finalisation(
    city_sme, notice, approved_applications
):
    # Resolved by the earlier code: the objection upheld, but the entry kept and the application PUBLICISED.
    first = notice.award_list.entries.get(application=approved_applications[0])
    objection = objection_in(notice, day=ENDS_ON, entry=first)
    Objection.objects.filter(pk=objection.pk).update(status=ObjectionStatus.UPHELD, resolution="项目未竣工。")
    services.award_list_finalise(actor=city_sme, award_list=notice.award_list, today=AFTER_PERIOD)
    first.refresh_from_db()
    assert first.excluded
    assert _statuses(approved_applications)[0] == (ApplicationStatus.CITY_REJECTED, None)
    excluded = AuditEvent.objects.get(verb="award_entry_excluded")
    assert excluded.target_id == str(approved_applications[0].pk) and excluded.data["reason"] == "项目未竣工。"
    assert AuditEvent.objects.get(verb="award_list_finalised").data["excluded"] == [first.pk]


@pytest.mark.parametrize("day", [dt.date(2023, 10, 1), ENDS_ON])
def test_refuses_before_the_period_is_over(city_sme, notice, day):
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        services.award_list_finalise(actor=city_sme, award_list=notice.award_list, today=day)
    assert excinfo.value.messages == [services.PERIOD_NOT_OVER.format(ends=ENDS_ON)]
    assert snapshot() == before


def test_refuses_while_an_objection_is_open(city_sme, objection):
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        services.award_list_finalise(actor=city_sme, award_list=objection.public_notice.award_list, today=AFTER_PERIOD)
    assert excinfo.value.messages == [services.OPEN_OBJECTIONS.format(count=1)]
    assert snapshot() == before


@pytest.mark.parametrize("persona", ["city_finance", "city_section", "enterprise_admin"])
def test_only_the_sme_section_finalises(request, persona, notice):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.award_list_finalise(actor=request.getfixturevalue(persona), award_list=notice.award_list,
                                     today=AFTER_PERIOD)  # fmt: skip
    assert snapshot() == before


def test_refuses_a_list_that_is_not_publicised(city_sme, cosigned_list):
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        services.award_list_finalise(actor=city_sme, award_list=cosigned_list, today=AFTER_PERIOD)
    assert excinfo.value.messages == [services.WRONG_STATUS.format(status="财政局企业科已会签", action="定稿")]
    assert snapshot() == before


def test_refuses_when_the_table_forbids_one_award(city_sme, notice, approved_applications):
    Application.objects.filter(pk=approved_applications[2].pk).update(status=ApplicationStatus.CITY_APPROVED)
    before = snapshot()
    with pytest.raises(ValidationError) as excinfo:
        services.award_list_finalise(actor=city_sme, award_list=notice.award_list, today=AFTER_PERIOD)
    assert "不能确定奖补" in excinfo.value.messages[0]
    assert snapshot() == before


@pytest.mark.parametrize("count", [3, 20])
def test_query_count_does_not_grow_with_the_entries(
    city_sme, city_finance, stored_pack, count, django_assert_num_queries
):
    award_list, applications = through_publication(stored_pack, sme=city_sme, finance=city_finance, count=count)
    notice = services.public_notice_publish(
        actor=city_sme, award_list=award_list, starts_on=STARTS_ON, today=PUBLISH_DAY
    )
    services.objection_resolve(actor=city_sme, objection=objection_in(notice, day=ENDS_ON), upheld=True,
                               resolution="不符合条件。")  # fmt: skip
    # savepoint, list (locked), notice, open objections, upheld objections, applications (locked), entries,
    # every award in one UPDATE, their audit events in one INSERT, the enterprises told (savepoint, members,
    # one INSERT, release), the 绩效目标 frozen (savepoint, sheets locked, the applications without one,
    # release), the list, its audit event, release; each of the two audit writes also locks the chain head
    # and moves it (core.audit_chain).
    with django_assert_num_queries(24):
        services.award_list_finalise(actor=city_sme, award_list=award_list, today=AFTER_PERIOD)
    assert AuditEvent.objects.filter(verb="application_awarded").count() == count - 1
    statuses = sorted(Application.objects.filter(pk__in=[a.pk for a in applications]).values_list("status", flat=True))
    assert statuses == [ApplicationStatus.AWARDED] * (count - 1) + [ApplicationStatus.CITY_REJECTED]
