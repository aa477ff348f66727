"""County joint review, recommendation batches with quotas, city section decisions."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.choices import OrganisationKind, Role
from accounts.models import Organisation
from accounts.tests.factories import EnterpriseFactory, make_user
from applications.models import Application
from applications.tests.helpers import IN_WINDOW
from applications.workflow import ApplicationStatus as S
from core.models import AuditEvent
from notifications.models import Notification
from review import services
from review.models import ItemBudget, RecommendationBatch, ReviewOpinion
from review.selectors import batch_sign_off_facts
from review.tests.helpers import applications_in_county

pytestmark = pytest.mark.django_db
AFTER = dt.datetime(2023, 8, 20, 9, 0, tzinfo=IN_WINDOW.tzinfo)


def _state(application):
    application.refresh_from_db()
    return application.status, application.review_round, ReviewOpinion.objects.count(), AuditEvent.objects.count()


def approve_in_county(application, industry, finance):
    services.county_opinion_record(actor=industry, application=application, decision="agree")
    return services.county_opinion_record(actor=finance, application=application, decision="agree")


def test_both_departments_must_agree(submitted, county_industry, county_finance):
    before = AuditEvent.objects.count()
    first = services.county_opinion_record(actor=county_industry, application=submitted, decision="agree")
    assert first.status == S.COUNTY_REVIEW
    second = services.county_opinion_record(actor=county_finance, application=submitted, decision="agree")
    assert second.status == S.COUNTY_APPROVED
    assert AuditEvent.objects.count() == before + 2  # one per service call
    event = AuditEvent.objects.filter(verb="review_opinion").order_by("id").last()
    assert event.data["transitions"] == ["county_approve"] and event.data["label"] == "财政部门：同意"


def test_either_department_returns_with_a_reason_and_a_new_round_starts(submitted, county_finance):
    before = _state(submitted)
    with pytest.raises(ValidationError):
        services.county_opinion_record(actor=county_finance, application=submitted, decision="return", reason=" ")
    assert _state(submitted) == before
    application = services.county_opinion_record(
        actor=county_finance, application=submitted, decision="return", reason="请补充贷款合同",
        field_comments={"2-2.annual_interest_rate": "与合同不一致"},
    )  # fmt: skip
    assert application.status == S.RETURNED and application.review_round == 2


def test_one_opinion_per_department_per_round(submitted, county_industry):
    services.county_opinion_record(actor=county_industry, application=submitted, decision="agree")
    before = _state(submitted)
    with pytest.raises(ValidationError) as excinfo:
        services.county_opinion_record(actor=county_industry, application=submitted, decision="agree")
    assert "无需重复" in excinfo.value.messages[0]
    assert _state(submitted) == before


def test_other_county_and_other_roles_cannot_review(submitted, other_county, city_section, enterprise_admin):
    before = _state(submitted)
    for actor in (other_county, city_section, enterprise_admin):
        with pytest.raises(PermissionDenied):
            services.county_opinion_record(actor=actor, application=submitted, decision="agree")
    assert _state(submitted) == before


def test_refusal_ends_the_county_review(submitted, county_industry):
    application = services.county_opinion_record(
        actor=county_industry, application=submitted, decision="reject", reason="不符合产业政策"
    )
    assert application.status == S.COUNTY_REJECTED


def test_batch_sign_and_send(submitted, county_industry, county_finance, city_section):
    approve_in_county(submitted, county_industry, county_finance)
    batch = services.batch_create(actor=county_industry, applications=[submitted], number="珠工信联〔2023〕8号")
    with pytest.raises(ValidationError) as excinfo:
        services.batch_send(actor=county_industry, batch=batch, now=AFTER)
    assert excinfo.value.messages == [services.BATCH_NOT_SIGNED]
    services.batch_sign(actor=county_industry, batch=batch, confirmed=batch_sign_off_facts(batch))
    services.batch_sign(actor=county_finance, batch=batch, confirmed=batch_sign_off_facts(batch))
    batch = services.batch_send(actor=county_industry, batch=batch, now=AFTER)
    submitted.refresh_from_db()
    assert batch.status == RecommendationBatch.Status.SENT and submitted.status == S.RECOMMENDED
    assert batch.industry_signed_by == county_industry and batch.finance_signed_by == county_finance


def test_batch_after_the_deadline_is_refused_unless_the_city_reopens(
    submitted, county_industry, county_finance, city_sme
):
    from applications.services import submission_window_set

    approve_in_county(submitted, county_industry, county_finance)
    batch = services.batch_create(actor=county_industry, applications=[submitted])
    services.batch_sign(actor=county_industry, batch=batch, confirmed=batch_sign_off_facts(batch))
    services.batch_sign(actor=county_finance, batch=batch, confirmed=batch_sign_off_facts(batch))
    late = dt.datetime(2023, 8, 28, 9, 0, tzinfo=IN_WINDOW.tzinfo)
    with pytest.raises(ValidationError) as excinfo:
        services.batch_send(actor=county_industry, batch=batch, now=late)
    assert "逾期不予受理" in excinfo.value.messages[0]
    submission_window_set(actor=city_sme, pack=submitted.pack, jurisdiction=submitted.enterprise.jurisdiction,
                          kind="city_reopened", closes_on=dt.date(2023, 8, 31), reason="补报")  # fmt: skip
    assert services.batch_send(actor=county_industry, batch=batch, now=late).status == "sent"


def _approved_item3(pack, jurisdiction_code, industry, finance):
    """An item-3 application already through the county (built directly: the county steps are tested above)."""
    enterprise = EnterpriseFactory(jurisdiction=Organisation.objects.get(pk=industry.organisation_id).jurisdiction)
    owner = make_user(Role.ENTERPRISE_ADMIN, enterprise)
    return Application.objects.create(
        enterprise=enterprise, pack=pack, item=pack.items.get(number=3), forms=[], status=S.COUNTY_APPROVED,
        created_by=owner, project_name=f"单项冠军{enterprise.pk}",
    )  # fmt: skip


def test_quota_one_per_county_for_items_3_4_10(stored_pack, county_industry, county_finance):
    first = _approved_item3(stored_pack, "430405", county_industry, county_finance)
    second = _approved_item3(stored_pack, "430405", county_industry, county_finance)
    before = RecommendationBatch.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        services.batch_create(actor=county_industry, applications=[first, second])
    # The clause is said once, in the notice's words, with the item's number and name.
    assert excinfo.value.messages == [
        "第3项“培育制造业单项冠军企业”：各县市区、市直园区限报1个。本辖区已推荐或选择了 2 个，请只保留 1 个。"
    ]
    assert RecommendationBatch.objects.count() == before
    batch = services.batch_create(actor=county_industry, applications=[first])
    services.batch_sign(actor=county_industry, batch=batch, confirmed=batch_sign_off_facts(batch))
    services.batch_sign(actor=county_finance, batch=batch, confirmed=batch_sign_off_facts(batch))
    services.batch_send(actor=county_industry, batch=batch, now=AFTER)
    second.refresh_from_db()
    assert second.status == S.COUNTY_REJECTED
    assert second.opinions.get().reason == "各县市区、市直园区限报1个。本辖区已推荐其他申报。"
    told = Notification.objects.get(application=second, recipient=second.created_by).body
    assert "理由：各县市区、市直园区限报1个。本辖区已推荐其他申报。" in told and told.count("限报1个") == 1
    with pytest.raises(ValidationError):  # a later batch cannot take a second place either
        services.batch_create(
            actor=county_industry,
            applications=[_approved_item3(stored_pack, "430405", county_industry, county_finance)],
        )


def test_finance_cannot_create_or_send_batches(submitted, county_industry, county_finance):
    approve_in_county(submitted, county_industry, county_finance)
    with pytest.raises(PermissionDenied):
        services.batch_create(actor=county_finance, applications=[submitted])


def _recommended(submitted, county_industry, county_finance):
    approve_in_county(submitted, county_industry, county_finance)
    batch = services.batch_create(actor=county_industry, applications=[submitted])
    services.batch_sign(actor=county_industry, batch=batch, confirmed=batch_sign_off_facts(batch))
    services.batch_sign(actor=county_finance, batch=batch, confirmed=batch_sign_off_facts(batch))
    services.batch_send(actor=county_industry, batch=batch, now=AFTER)
    submitted.refresh_from_db()
    return submitted


def test_city_section_approves_with_an_amount_within_budget(submitted, county_industry, county_finance, city_section):
    application = _recommended(submitted, county_industry, county_finance)
    ItemBudget.objects.create(item=application.item, amount=Decimal("40"))
    before = _state(application)
    with pytest.raises(ValidationError) as excinfo:
        services.city_decision_record(
            actor=city_section, application=application, decision="agree", amount=Decimal("50")
        )
    assert "超出预算" in excinfo.value.message_dict["amount"][0]
    assert _state(application) == before
    application = services.city_decision_record(actor=city_section, application=application, decision="agree",
                                                amount=Decimal("30"))  # fmt: skip
    assert application.status == S.CITY_APPROVED and application.proposed_amount == Decimal("30")


def test_other_sections_cannot_act_on_the_item(submitted, county_industry, county_finance):
    application = _recommended(submitted, county_industry, county_finance)
    other_section = make_user(Role.CITY_SECTION_REVIEWER, Organisation.objects.get(section_code="technology"))
    with pytest.raises(PermissionDenied):
        services.city_decision_record(actor=other_section, application=application, decision="agree")


def test_city_returns_to_the_county_which_reviews_again(submitted, county_industry, county_finance, city_section):
    application = _recommended(submitted, county_industry, county_finance)
    application = services.city_decision_record(actor=city_section, application=application, decision="return",
                                                reason="请县级核实投资额")  # fmt: skip
    assert application.status == S.RETURNED_TO_COUNTY
    application = services.county_reopen(actor=county_industry, application=application)
    assert application.status == S.COUNTY_REVIEW and application.batch is None
    application = approve_in_county(application, county_industry, county_finance)
    assert application.status == S.COUNTY_APPROVED


def test_the_timeline_keeps_every_step(walked_submission, county_industry, county_finance):
    from applications.timeline import timeline_for

    services.county_opinion_record(
        actor=county_finance, application=walked_submission, decision="return", reason="补材料"
    )
    whats = [e.what for e in timeline_for(walked_submission)]
    assert whats[-1] == "财政部门：退回修改" and "提交申报" in whats


def test_county_finance_persona_is_in_the_same_county(county_finance, county_industry):
    assert county_finance.organisation.kind == OrganisationKind.FINANCE_BUREAU
    assert county_finance.organisation.jurisdiction == county_industry.organisation.jurisdiction


# Acting on many applications at once: each gets its own opinion and audit event, with a query count
# that does not grow with the selection.


def test_bulk_opinions_move_each_application_with_its_own_opinion_and_event(
    stored_pack, county_industry, county_finance
):
    applications = applications_in_county(stored_pack, 3)
    outcome = services.county_opinions_record_many(actor=county_industry, applications=applications, decision="agree")
    assert [a.pk for a in outcome.done] == [a.pk for a in applications] and outcome.refused == []
    outcome = services.county_opinions_record_many(actor=county_finance, applications=applications, decision="agree")
    assert {a.status for a in outcome.done} == {S.COUNTY_APPROVED}
    for application in applications:
        events = AuditEvent.objects.filter(target_id=str(application.pk), verb="review_opinion").order_by("pk")
        assert [e.data["transitions"] for e in events] == [["county_start"], ["county_approve"]]
        assert application.opinions.count() == 2
    assert set(Application.objects.filter(pk__in=[a.pk for a in applications]).values_list("status", flat=True)) == {
        S.COUNTY_APPROVED
    }


def test_bulk_opinions_refuse_one_alone_and_write_nothing_for_it(stored_pack, county_industry):
    moved, finished = applications_in_county(stored_pack, 2)
    Application.objects.filter(pk=finished.pk).update(status=S.COUNTY_REJECTED)
    outcome = services.county_opinions_record_many(
        actor=county_industry, applications=[moved, finished], decision="return", reason="补充审计报告"
    )
    assert [a.pk for a in outcome.done] == [moved.pk]
    [(refused, error)] = outcome.refused
    assert refused.pk == finished.pk and error.messages == ["当前状态为“县级不予推荐”，不能提出县级审核意见。"]
    assert _state(finished)[:2] == (S.COUNTY_REJECTED, 1) and not finished.opinions.exists()
    assert not AuditEvent.objects.filter(target_id=str(finished.pk)).exists()
    moved.refresh_from_db()
    assert (moved.status, moved.review_round) == (S.RETURNED, 2)


def test_bulk_opinions_without_a_reason_refuse_a_return_for_each(stored_pack, county_industry):
    applications = applications_in_county(stored_pack, 2)
    outcome = services.county_opinions_record_many(actor=county_industry, applications=applications, decision="return")
    assert (
        outcome.done == []
        and [e.message_dict for _, e in outcome.refused] == [{"reason": [services.REASON_REQUIRED]}] * 2
    )
    assert not ReviewOpinion.objects.exists()


@pytest.mark.parametrize("count", [3, 20])
def test_bulk_opinions_query_count_does_not_grow(
    stored_pack, county_industry, county_finance, count, django_assert_num_queries
):
    applications = applications_in_county(stored_pack, count)
    # savepoint, actor's roles, applications (locked), opinions of the round, their 绩效目标表 (locked: 同意
    # waits for the county's 目标审核), opinions (one INSERT), the applications (one UPDATE), audit events
    # (one INSERT, after the chain head locked and before it is moved: core.audit_chain), then county_start
    # told (savepoint, enterprise members, one INSERT, release), release.
    with django_assert_num_queries(15):
        services.county_opinions_record_many(actor=county_industry, applications=applications, decision="agree")
    # The same for the other department, but county_approve is told: members, and the county 工信
    # reviewers who recommend next.
    with django_assert_num_queries(16):
        services.county_opinions_record_many(actor=county_finance, applications=applications, decision="agree")
    assert AuditEvent.objects.filter(verb="review_opinion").count() == 2 * count


@pytest.mark.parametrize("count", [3, 20])
def test_batch_create_and_send_query_counts_do_not_grow(
    stored_pack, county_industry, county_finance, count, django_assert_num_queries
):
    chosen = applications_in_county(stored_pack, count, status=S.COUNTY_APPROVED)
    third, left_over = applications_in_county(stored_pack, 2, number=3, status=S.COUNTY_APPROVED)
    # savepoint, actor's roles, jurisdiction, applications (locked), pack, quota count (items 3, 4, 10 in
    # one query), pack / jurisdiction / creator exist (full_clean), the batch, the applications' batch (one
    # UPDATE), audit (the chain head locked, the event, the head moved), release.
    with django_assert_num_queries(15):
        batch = services.batch_create(actor=county_industry, applications=[*chosen, third])
    services.batch_sign(actor=county_industry, batch=batch, confirmed=batch_sign_off_facts(batch))
    services.batch_sign(actor=county_finance, batch=batch, confirmed=batch_sign_off_facts(batch))
    # savepoint, jurisdiction and batch (locked), pack, jurisdiction, re-opened windows, members (locked),
    # quota count, the quota item's left-overs (locked), every status (one UPDATE), their opinions (one
    # INSERT), the audit events (one INSERT), recommend told (savepoint, members, sections, INSERT, release),
    # quota_reject told (savepoint, members, INSERT, release), the batch, its audit event, release; each of
    # the two audit writes also locks the chain head and moves it (core.audit_chain).
    with django_assert_num_queries(28):
        services.batch_send(actor=county_industry, batch=batch, now=AFTER)
    assert Application.objects.filter(batch=batch, status=S.RECOMMENDED).count() == count + 1
    left_over.refresh_from_db()
    assert left_over.status == S.COUNTY_REJECTED


def test_batch_send_writes_one_event_per_application_shown_in_its_timeline(
    stored_pack, county_industry, county_finance
):
    from applications.timeline import timeline_for

    chosen = applications_in_county(stored_pack, 2, status=S.COUNTY_APPROVED)
    third, left_over = applications_in_county(stored_pack, 2, number=3, status=S.COUNTY_APPROVED)
    batch = services.batch_create(actor=county_industry, applications=[*chosen, third], number="珠工信联〔2023〕9号")
    services.batch_sign(actor=county_industry, batch=batch, confirmed=batch_sign_off_facts(batch))
    services.batch_sign(actor=county_finance, batch=batch, confirmed=batch_sign_off_facts(batch))
    services.batch_send(actor=county_industry, batch=batch, now=AFTER)
    for application in (*chosen, third):
        event = AuditEvent.objects.get(verb="application_recommended", target_id=str(application.pk))
        assert event.data["transitions"] == ["recommend"] and event.data["number"] == "珠工信联〔2023〕9号"
        assert timeline_for(application)[-1].what == "联合推荐上报"
    refused = AuditEvent.objects.get(verb="quota_rejected", target_id=str(left_over.pk))
    assert "限报1个" in refused.data["reason"]
    entry = timeline_for(left_over)[-1]
    assert entry.what == "不予推荐（限额）" and "限报1个" in entry.detail
