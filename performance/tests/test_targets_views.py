"""绩效目标 pages: the targets page, the 目标审核 form (htmx and plain), the enterprise's correction, 目标调整
asked and decided, and the block on the application page. Every URL: the happy path, another county,
another enterprise, a wrong role (404) and a wrong method (405)."""

import pytest
from django.urls import reverse

from accounts.models import Jurisdiction
from applications.tests.formdata import browser_post
from applications.workflow import ApplicationStatus
from performance import permissions
from performance.models import PerformanceIndicator, PerformanceTargetSheet, TargetAdjustment, TargetReview
from performance.selectors import targets as selectors
from performance.services import adjustments
from performance.services import targets as services
from performance.tests.targets_helpers import (
    FORM_ID,
    application_at,
    indicator_row,
    other_section_reviewer,
    owner_of,
    transitioned,
    usable_targets,
)
from performance.views import targets as views
from performance.workflow import TargetStatus
from policies.formengine.render import render_sections

YES = {f"check-{code}": "yes" for code in ("clear", "measurable", "relevant", "reasonable")}


@pytest.fixture
def submitted(stored_pack):
    application = application_at(stored_pack)
    transitioned("submit", [application], owner_of(application))
    return application


@pytest.fixture
def returned(submitted):
    PerformanceTargetSheet.objects.filter(application=submitted).update(
        status=TargetStatus.RETURNED, return_reason="请提高新增产值目标"
    )
    return submitted


@pytest.fixture
def frozen(submitted, city_sme):
    transitioned("award", [submitted], city_sme)
    type(submitted).objects.filter(pk=submitted.pk).update(status=ApplicationStatus.AWARDED)
    submitted.refresh_from_db()
    return submitted


@pytest.fixture
def elsewhere(stored_pack):
    """The same step for an enterprise of 耒阳市 (the other_county persona's jurisdiction)."""
    application = application_at(stored_pack, jurisdiction=Jurisdiction.objects.get(code="430481"))
    transitioned("submit", [application], owner_of(application))
    return application


def sheet_of(application):
    return PerformanceTargetSheet.objects.get(application=application)


def login(client, user):
    client.force_login(user)
    return client


def indicator(application, key="benefit_economic:0"):
    return PerformanceIndicator.objects.get(sheet__application=application, key=key)


# --- the targets page ---------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["owner", "county_industry", "county_finance"])
def test_the_targets_page_shows_the_indicators(client, submitted, persona, request):
    user = owner_of(submitted) if persona == "owner" else request.getfixturevalue(persona)
    response = login(client, user).get(reverse("performance:targets", args=[submitted.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "新增智能装备" in page and "待目标审核" in page and "分值合计 100 分" in page


@pytest.mark.parametrize("persona", ["other_county", "enterprise_user", "city_section", "admin", "auditor"])
def test_the_targets_page_is_404_outside_the_scope(client, submitted, persona, request):
    # city_section: the application is not recommended yet, so the city does not see it.
    response = login(client, request.getfixturevalue(persona)).get(reverse("performance:targets", args=[submitted.pk]))
    assert response.status_code == 404


def test_the_targets_page_refuses_post_and_asks_for_login(client, submitted, county_industry):
    url = reverse("performance:targets", args=[submitted.pk])
    assert client.get(url).status_code == 302
    assert login(client, county_industry).post(url).status_code == 405


# --- 目标审核 -------------------------------------------------------------------------------------------


def review_url(application):
    return reverse("performance:targets_review", args=[application.pk])


def test_the_county_accepts_and_returns_to_the_application_page(client, submitted, county_industry):
    response = login(client, county_industry).post(review_url(submitted), {**YES, "decision": "accept"})
    assert response.status_code == 302
    assert response.url == reverse("applications:edit", args=[submitted.pk]) + "#target-review"
    assert sheet_of(submitted).status == TargetStatus.COUNTY_ACCEPTED
    page = client.get(response.url).content.decode()
    assert views.TARGETS_ACCEPTED in page and "县级目标审核通过" in page


def test_htmx_review_returns_the_block_only(client, submitted, county_industry):
    data = {
        **YES,
        "check-reasonable": "no",
        "remark-reasonable": "目标值偏低",
        "decision": "return",
        "reason": "请提高",
    }
    response = login(client, county_industry).post(review_url(submitted), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith('<section class="panel" id="target-review"') and "<html" not in page
    assert views.TARGETS_RETURNED in page and "请提高" in page and 'id="target-review-form"' not in page
    assert sheet_of(submitted).status == TargetStatus.RETURNED
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.SUBMITTED


def test_htmx_review_errors_stay_in_the_block(client, submitted, county_industry):
    data = {**YES, "check-clear": "no", "decision": "accept"}
    response = login(client, county_industry).post(review_url(submitted), data, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert services.CHECK_REMARK_REQUIRED.format(text="目标明确") in page
    assert services.CANNOT_ACCEPT.format(text="目标明确") in page
    assert not TargetReview.objects.exists()


def test_plain_review_errors_render_the_targets_page(client, submitted, county_industry):
    response = login(client, county_industry).post(review_url(submitted), {"decision": "return"})
    assert response.status_code == 400
    page = response.content.decode()
    assert views.CHECK_REQUIRED in page and services.RETURN_REASON_REQUIRED in page
    assert 'data-focus-target="target-review-form"' in page


def test_a_review_out_of_turn_is_told_in_the_block(client, submitted, county_industry):
    login(client, county_industry).post(review_url(submitted), {**YES, "decision": "accept"})
    response = client.post(review_url(submitted), {**YES, "decision": "accept"}, HTTP_HX_REQUEST="true")
    assert "当前状态不能县级绩效目标审核通过" in response.content.decode()
    assert TargetReview.objects.count() == 1


def test_the_section_reviews_once_recommended(client, submitted, county_industry, city_section):
    login(client, county_industry).post(review_url(submitted), {**YES, "decision": "accept"})
    type(submitted).objects.filter(pk=submitted.pk).update(status=ApplicationStatus.RECOMMENDED)
    response = login(client, city_section).post(review_url(submitted), {**YES, "decision": "accept"})
    assert response.status_code == 302 and sheet_of(submitted).status == TargetStatus.ACCEPTED


@pytest.mark.parametrize("persona", ["owner", "enterprise_user", "county_finance", "other_county", "city_sme"])
def test_review_is_404_for_anyone_else(client, submitted, persona, request):
    user = owner_of(submitted) if persona == "owner" else request.getfixturevalue(persona)
    response = login(client, user).post(review_url(submitted), {**YES, "decision": "accept"})
    assert response.status_code == 404
    assert not TargetReview.objects.exists()


def test_another_section_cannot_review(client, submitted):
    type(submitted).objects.filter(pk=submitted.pk).update(status=ApplicationStatus.RECOMMENDED)
    response = login(client, other_section_reviewer()).post(review_url(submitted), {**YES, "decision": "accept"})
    assert response.status_code == 404


def test_review_in_another_county_is_404(client, elsewhere, county_industry):
    response = login(client, county_industry).post(review_url(elsewhere), {**YES, "decision": "accept"})
    assert response.status_code == 404


def test_review_refuses_get(client, submitted, county_industry):
    assert login(client, county_industry).get(review_url(submitted)).status_code == 405


# --- the block on the application page ----------------------------------------------------------------


def test_the_application_page_shows_the_reviewer_the_checklist(client, submitted, county_industry):
    page = login(client, county_industry).get(reverse("applications:edit", args=[submitted.pk])).content.decode()
    assert 'id="target-review"' in page and 'id="target-review-form"' in page
    assert "目标明确" in page and "目标值合理" in page and "事前绩效评估（县级审核）" in page


def test_the_application_page_tells_the_enterprise_its_targets_were_returned(client, returned):
    page = login(client, owner_of(returned)).get(reverse("applications:edit", args=[returned.pk])).content.decode()
    assert "请提高新增产值目标" in page
    assert reverse("performance:targets_correct", args=[returned.pk]) in page
    assert 'id="target-review-form"' not in page


def test_the_county_finance_reviewer_reads_the_block_without_a_form(client, submitted, county_finance):
    page = login(client, county_finance).get(reverse("applications:edit", args=[submitted.pk])).content.decode()
    assert "待目标审核" in page and 'id="target-review-form"' not in page


def status_line_of(client, user, application) -> str:
    """The line on the targets' status next to the application's state ("" when there is none); it comes
    before the application's form."""
    page = login(client, user).get(reverse("applications:edit", args=[application.pk])).content.decode()
    if 'id="target-status-line"' not in page:
        return ""
    start = page.index('id="target-status-line"')
    assert start < page.index('id="application-form"') < page.index('id="target-review"')
    return page[start : page.index("</dd>", start)]


def test_the_enterprise_reads_at_the_top_that_its_targets_were_returned(client, returned):
    line = status_line_of(client, owner_of(returned), returned)
    assert selectors.TARGETS_RETURNED_LINE in line
    assert f'<a href="#target-review">{selectors.TARGETS_RETURNED_LINK}</a>' in line


def test_the_county_reviewer_reads_at_the_top_that_the_targets_wait_for_it(client, submitted, county_industry):
    line = status_line_of(client, county_industry, submitted)
    assert "待县级目标审核" in line and f'<a href="#target-review">{selectors.TARGETS_TO_REVIEW_LINK}</a>' in line


def test_no_status_line_when_there_is_nothing_to_do(client, submitted, county_finance, county_industry):
    assert status_line_of(client, county_finance, submitted) == ""
    assert status_line_of(client, owner_of(submitted), submitted) == ""
    PerformanceTargetSheet.objects.filter(application=submitted).update(status=TargetStatus.COUNTY_ACCEPTED)
    assert status_line_of(client, county_industry, submitted) == ""


# --- the enterprise corrects returned targets -----------------------------------------------------------


def correct_url(application):
    return reverse("performance:targets_correct", args=[application.pk])


def post_of(application, form_answers):
    form = application.forms[0]
    return browser_post(render_sections([form], {FORM_ID: form_answers}))


def test_the_enterprise_corrects_and_resubmits(client, returned):
    owner = owner_of(returned)
    page = login(client, owner).get(correct_url(returned))
    assert page.status_code == 200 and "请提高新增产值目标" in page.content.decode()
    data = post_of(returned, usable_targets(benefit_economic=[indicator_row("新增产值", "≥900")]))
    response = client.post(correct_url(returned), data)
    assert response.status_code == 302
    assert response.url == reverse("applications:edit", args=[returned.pk]) + "#target-review"
    assert sheet_of(returned).status == TargetStatus.SUBMITTED
    assert indicator(returned).standard == "≥900"
    assert views.TARGETS_RESUBMITTED in client.get(response.url).content.decode()


def test_a_correction_with_problems_is_shown_at_its_cells(client, returned):
    data = post_of(returned, usable_targets(benefit_economic=[indicator_row("新增产值", "较多")]))
    response = login(client, owner_of(returned)).post(correct_url(returned), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "定量指标的指标值须写成数值" in page and views.TARGETS_HAVE_ERRORS.format(count=1) in page
    assert 'data-focus-target="f-3__benefit_economic__0__target_value"' in page
    assert sheet_of(returned).status == TargetStatus.RETURNED


def test_frozen_targets_page_explains_and_refuses(client, frozen):
    owner = owner_of(frozen)
    page = login(client, owner).get(correct_url(frozen))
    assert page.status_code == 200
    assert permissions.TARGETS_FROZEN in page.content.decode() and 'id="targets-form"' not in page.content.decode()
    response = client.post(correct_url(frozen), post_of(frozen, usable_targets()))
    assert response.status_code == 400 and permissions.TARGETS_FROZEN in response.content.decode()
    assert sheet_of(frozen).status == TargetStatus.FROZEN


@pytest.mark.parametrize("persona", ["enterprise_user", "county_industry", "other_county", "city_section"])
def test_correction_is_404_for_anyone_but_the_enterprise(client, returned, persona, request):
    response = login(client, request.getfixturevalue(persona)).get(correct_url(returned))
    assert response.status_code == 404


def test_correction_refuses_other_methods(client, returned):
    assert login(client, owner_of(returned)).put(correct_url(returned)).status_code == 405


# --- 目标调整 -------------------------------------------------------------------------------------------


def adjust_url(application, key="benefit_economic:0"):
    return reverse("performance:target_adjustment_request", args=[indicator(application, key).pk])


def test_the_enterprise_asks_for_an_adjustment(client, frozen):
    owner = owner_of(frozen)
    targets_page = login(client, owner).get(reverse("performance:targets", args=[frozen.pk])).content.decode()
    assert adjust_url(frozen) in targets_page
    assert client.get(adjust_url(frozen)).status_code == 200
    response = client.post(adjust_url(frozen), {"new_standard": "≥400", "reason": "市场需求下降"})
    assert response.status_code == 302
    assert response.url == reverse("performance:targets", args=[frozen.pk]) + "#adjustments"
    adjustment = TargetAdjustment.objects.get()
    assert (adjustment.old_standard, adjustment.new_standard) == ("≥500", "≥400")
    page = client.get(response.url).content.decode()
    assert views.ADJUSTMENT_REQUESTED in page and "≥500 → ≥400（待审批）" in page


def test_an_adjustment_request_with_problems_is_shown_at_the_form(client, frozen):
    response = login(client, owner_of(frozen)).post(adjust_url(frozen), {"new_standard": "较多", "reason": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "定量指标的指标值须写成数值" in page and adjustments.ADJUSTMENT_REASON_REQUIRED in page
    assert not TargetAdjustment.objects.exists()


def test_no_adjustment_before_the_freeze_is_explained(client, submitted):
    owner = owner_of(submitted)
    page = login(client, owner).get(adjust_url(submitted))
    assert page.status_code == 200 and permissions.ADJUSTMENT_BEFORE_FREEZE in page.content.decode()
    response = client.post(adjust_url(submitted), {"new_standard": "≥400", "reason": "理由"})
    assert response.status_code == 400 and not TargetAdjustment.objects.exists()


@pytest.mark.parametrize("persona", ["enterprise_user", "county_industry", "other_county", "city_section"])
def test_adjustment_request_is_404_for_anyone_but_the_enterprise(client, frozen, persona, request):
    user = request.getfixturevalue(persona)
    response = login(client, user).post(adjust_url(frozen), {"new_standard": "≥400", "reason": "理由"})
    assert response.status_code == 404 and not TargetAdjustment.objects.exists()


def test_adjustment_request_refuses_other_methods(client, frozen):
    assert login(client, owner_of(frozen)).delete(adjust_url(frozen)).status_code == 405


@pytest.fixture
def pending(frozen):
    return adjustments.target_adjustment_request(
        actor=owner_of(frozen), indicator=indicator(frozen), new_standard="≥400", reason="市场需求下降"
    )


def decide_url(adjustment):
    return reverse("performance:target_adjustment_decide", args=[adjustment.pk])


def test_the_section_sees_and_approves(client, frozen, pending, city_section):
    page = login(client, city_section).get(reverse("performance:targets", args=[frozen.pk])).content.decode()
    assert decide_url(pending) in page
    response = client.post(decide_url(pending), {f"a{pending.pk}-decision": "approve"})
    assert response.status_code == 302
    assert indicator(frozen).standard == "≥400"
    page = client.get(response.url).content.decode()
    assert views.ADJUSTMENT_APPROVED.format(name="新增产值", new="≥400") in page


def test_htmx_decision_returns_the_adjustment_only(client, frozen, pending, city_section):
    data = {f"a{pending.pk}-decision": "refuse", f"a{pending.pk}-reason": "理由不充分"}
    response = login(client, city_section).post(decide_url(pending), data, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert page.lstrip().startswith(f'<li id="adjustment-{pending.pk}"')
    assert views.ADJUSTMENT_REFUSED in page and "不同意" in page and "<form" not in page
    assert indicator(frozen).standard == "≥500"


def test_a_refusal_without_reason_is_shown_at_the_form(client, frozen, pending, city_section):
    response = login(client, city_section).post(decide_url(pending), {f"a{pending.pk}-decision": "refuse"})
    assert response.status_code == 400
    assert adjustments.REFUSAL_REASON_REQUIRED in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == "pending"


@pytest.mark.parametrize("persona", ["owner", "county_industry", "other_county", "city_sme", "city_finance"])
def test_decision_is_404_for_anyone_but_the_section(client, frozen, pending, persona, request):
    user = owner_of(frozen) if persona == "owner" else request.getfixturevalue(persona)
    response = login(client, user).post(decide_url(pending), {f"a{pending.pk}-decision": "approve"})
    assert response.status_code == 404
    pending.refresh_from_db()
    assert pending.status == "pending"


def test_another_section_cannot_decide(client, frozen, pending):
    response = login(client, other_section_reviewer()).post(decide_url(pending), {f"a{pending.pk}-decision": "approve"})
    assert response.status_code == 404


def test_decision_refuses_get(client, frozen, pending, city_section):
    assert login(client, city_section).get(decide_url(pending)).status_code == 405
