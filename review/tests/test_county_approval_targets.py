"""The county's 同意 waits for its 目标审核 (通知 五: the 绩效目标 is a precondition of the budget): while an
application's targets wait for the county's review, or are back with the enterprise and not yet resubmitted,
neither county department may agree; returning or refusing the application stays possible. The refusal is
said where the reviewer acted: the opinion form, and each refused row of a bulk action."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from applications.models import Application
from applications.workflow import ApplicationStatus as S
from core.models import AuditEvent
from performance.models import PerformanceTargetSheet
from performance.receivers import (
    TARGETS_NOT_REVIEWED,
    TARGETS_NOT_REVIEWED_BY_INDUSTRY,
    TARGETS_RETURNED_NOT_CORRECTED,
)
from performance.services.targets import target_review_record
from performance.tests.targets_helpers import application_at, owner_of, transitioned
from performance.workflow import TargetStatus as T
from review import services
from review.models import ReviewOpinion

pytestmark = pytest.mark.django_db
ALL_YES = {"clear": (True, ""), "measurable": (True, ""), "relevant": (True, ""), "reasonable": (True, "")}


def with_targets(pack, county_industry) -> Application:
    """A submitted application of the county personas' jurisdiction, its 目标表 waiting for the county."""
    application = application_at(pack, jurisdiction=county_industry.organisation.jurisdiction)
    transitioned("submit", [application], owner_of(application))
    return application


@pytest.fixture
def waiting(stored_pack, county_industry):
    return with_targets(stored_pack, county_industry)


def targets_at(application, status) -> None:
    PerformanceTargetSheet.objects.filter(application=application).update(status=status)


def nothing_written(application) -> bool:
    application.refresh_from_db()
    return (
        application.status == S.SUBMITTED
        and not ReviewOpinion.objects.filter(application=application).exists()
        and not AuditEvent.objects.filter(verb="review_opinion", target_id=str(application.pk)).exists()
    )


@pytest.mark.parametrize(
    ("persona", "targets", "message"),
    [
        ("county_industry", T.SUBMITTED, TARGETS_NOT_REVIEWED),
        ("county_finance", T.SUBMITTED, TARGETS_NOT_REVIEWED_BY_INDUSTRY),
        ("county_industry", T.RETURNED, TARGETS_RETURNED_NOT_CORRECTED),
        ("county_finance", T.RETURNED, TARGETS_RETURNED_NOT_CORRECTED),
    ],
)
def test_no_agreement_before_the_county_accepts_the_targets(waiting, persona, targets, message, request):
    targets_at(waiting, targets)
    with pytest.raises(ValidationError) as refused:
        services.county_opinion_record(actor=request.getfixturevalue(persona), application=waiting, decision="agree")
    assert refused.value.messages == [message]
    assert nothing_written(waiting)


def test_the_refusals_say_what_to_do_first():
    assert "请先" in TARGETS_NOT_REVIEWED and "绩效目标审核" in TARGETS_NOT_REVIEWED
    assert "工信部门完成绩效目标审核" in TARGETS_NOT_REVIEWED_BY_INDUSTRY
    assert "重新提交" in TARGETS_RETURNED_NOT_CORRECTED


@pytest.mark.parametrize("targets", [T.SUBMITTED, T.RETURNED])
@pytest.mark.parametrize("decision", ["return", "reject"])
def test_returning_or_refusing_stays_possible(waiting, county_industry, targets, decision):
    targets_at(waiting, targets)
    application = services.county_opinion_record(
        actor=county_industry, application=waiting, decision=decision, reason="项目内容与绩效目标不符"
    )
    assert application.status == {"return": S.RETURNED, "reject": S.COUNTY_REJECTED}[decision]


def test_once_the_county_accepts_the_targets_both_departments_agree(waiting, county_industry, county_finance):
    target_review_record(actor=county_industry, application=waiting, checks=ALL_YES, accepted=True)
    services.county_opinion_record(actor=county_industry, application=waiting, decision="agree")
    application = services.county_opinion_record(actor=county_finance, application=waiting, decision="agree")
    assert application.status == S.COUNTY_APPROVED


def test_targets_resubmitted_after_a_return_wait_for_the_county_again(waiting, county_industry):
    target_review_record(
        actor=county_industry, application=waiting, checks={**ALL_YES, "reasonable": (False, "偏低")},
        accepted=False, reason="请提高新增产值目标",
    )  # fmt: skip
    transitioned("submit", [waiting], owner_of(waiting))  # corrected and resubmitted: 待目标审核 again
    with pytest.raises(ValidationError, match="请先在申报页"):
        services.county_opinion_record(actor=county_industry, application=waiting, decision="agree")
    target_review_record(actor=county_industry, application=waiting, checks=ALL_YES, accepted=True)
    assert services.county_opinion_record(actor=county_industry, application=waiting, decision="agree")


def test_an_application_without_a_target_sheet_is_not_held_back(submitted, county_industry, county_finance):
    """Submitted before there was a 目标表 (built directly here): the county's opinions go as before."""
    assert not PerformanceTargetSheet.objects.filter(application=submitted).exists()
    services.county_opinion_record(actor=county_industry, application=submitted, decision="agree")
    assert services.county_opinion_record(actor=county_finance, application=submitted, decision="agree").status == (
        S.COUNTY_APPROVED
    )


def test_a_bulk_agreement_refuses_only_the_applications_waiting(stored_pack, county_industry):
    ready, waiting = with_targets(stored_pack, county_industry), with_targets(stored_pack, county_industry)
    targets_at(ready, T.COUNTY_ACCEPTED)
    outcome = services.county_opinions_record_many(
        actor=county_industry, applications=[ready, waiting], decision="agree"
    )
    assert [a.pk for a in outcome.done] == [ready.pk]
    [(refused, error)] = outcome.refused
    assert refused.pk == waiting.pk and error.messages == [TARGETS_NOT_REVIEWED]
    assert nothing_written(waiting)


# --- the opinion form --------------------------------------------------------------------------------


def test_the_opinion_form_says_why_and_moves_nothing(client, waiting, county_industry):
    client.force_login(county_industry)
    response = client.post(reverse("review:decide", args=[waiting.pk]), {"decision": "agree"}, follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('applications:edit', args=[waiting.pk])}#review"
    assert TARGETS_NOT_REVIEWED in response.content.decode()
    assert nothing_written(waiting)


@pytest.mark.parametrize(
    ("persona", "targets", "hint"),
    [
        ("county_industry", T.SUBMITTED, TARGETS_NOT_REVIEWED),
        ("county_finance", T.SUBMITTED, TARGETS_NOT_REVIEWED_BY_INDUSTRY),
        ("county_industry", T.RETURNED, TARGETS_RETURNED_NOT_CORRECTED),
        ("county_industry", T.COUNTY_ACCEPTED, ""),
    ],
)
def test_the_opinion_form_says_before_the_click_why_agreement_waits(client, request, waiting, persona, targets, hint):
    targets_at(waiting, targets)
    client.force_login(request.getfixturevalue(persona))
    page = client.get(reverse("applications:edit", args=[waiting.pk])).content.decode()
    if not hint:
        assert 'id="review-approval-hint"' not in page
        return
    shown = f'<p class="notice" id="review-approval-hint">{hint}</p>'
    assert shown in page and page.index(shown) < page.index(reverse("review:decide", args=[waiting.pk]))


def test_the_bulk_action_names_each_refused_application(client, stored_pack, county_industry):
    waiting = with_targets(stored_pack, county_industry)
    client.force_login(county_industry)
    response = client.post(reverse("review:bulk"), {"decision": "agree", "application": [waiting.pk]}, follow=True)
    assert f"{waiting}：{TARGETS_NOT_REVIEWED}" in response.content.decode()
    assert nothing_written(waiting)
