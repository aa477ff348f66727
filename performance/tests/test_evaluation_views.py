"""绩效评价 and 整改 pages: each URL's happy path, the personas it refuses (another county or enterprise, or a
role without the page: 404; a role that sees but may not act: 403), a wrong method (405), the work list's
HTMX partial, and its query count, which does not grow with the number of awards."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from performance.models import PerformanceEvaluation, Rectification
from performance.services import evaluation as services
from performance.services import rectification as rectification_services
from performance.tests.awarded import awarded_list
from performance.tests.test_evaluation_services import finals_for, indicator_pks, mine, satisfaction, through_county
from performance.tests.test_monitoring_views import assert_opens_at
from performance.views.common import FORM_HAS_ERRORS
from performance.workflow import EvaluationStatus

pytestmark = pytest.mark.django_db
E = EvaluationStatus
INDEX = reverse("performance:evaluation_index")


@pytest.fixture
def awarded(stored_pack, city_sme, enterprise_admin):
    return awarded_list(stored_pack, sme=city_sme, owners=[enterprise_admin], count=1)


@pytest.fixture
def evaluation(awarded, city_sme, enterprise_admin):
    services.evaluations_open(actor=city_sme, award_list=awarded[0])
    return mine(enterprise_admin)


@pytest.fixture
def verified(evaluation, enterprise_admin, county_industry):
    return through_county(enterprise_admin, county_industry, evaluation=evaluation)


@pytest.fixture
def scored(verified, city_section):
    services.evaluation_score(actor=city_section, evaluation=verified, judgements={satisfaction(verified): True})
    verified.refresh_from_db()
    return verified


def get(client, user, address, **kwargs):
    client.force_login(user)
    return client.get(address, **kwargs)


def post(client, user, address, data=None):
    client.force_login(user)
    return client.post(address, data or {})


def url(name, pk):
    return reverse(f"performance:{name}", args=[pk])


# --- the work list ---


def test_the_work_list_shows_each_reader_their_evaluations(client, evaluation, enterprise_admin, enterprise_user,
                                                           county_industry, other_county, city_sme):  # fmt: skip
    name = enterprise_admin.organisation.name
    body = get(client, enterprise_admin, INDEX).content.decode()
    assert name in body and "奖补名单" not in body
    assert "共 0 个" in get(client, enterprise_user, INDEX).content.decode()
    assert name in get(client, county_industry, INDEX).content.decode()
    assert name not in get(client, other_county, INDEX).content.decode()
    body = get(client, city_sme, INDEX).content.decode()
    assert "共 2 个" in body and str(evaluation.application.award_entries.get().award_list) in body


def test_the_work_list_answers_htmx_with_its_partial(client, evaluation, city_sme):
    body = get(client, city_sme, f"{INDEX}?status=open", HTTP_HX_REQUEST="true").content.decode()
    assert body.lstrip().startswith('<div id="evaluation-results">') and "<html" not in body
    assert "共 2 个" in body


def test_the_work_list_refuses_post(client, city_sme):
    assert post(client, city_sme, INDEX).status_code == 405


def test_the_work_list_keeps_its_query_count(client, stored_pack, city_sme):
    """Session, user, roles; the page count and the page of evaluations (enterprise, county, item joined); the
    final lists with their counts; the frame (unread badge, organisation) and the session's save: the same for
    3 awards and for 12."""
    counts = []
    for size in (3, 12):
        award_list, _ = awarded_list(stored_pack, sme=city_sme, count=size)
        services.evaluations_open(actor=city_sme, award_list=award_list)
        client.force_login(city_sme)
        client.get(INDEX)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(INDEX).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- a list's results ---


def test_the_results_page_shows_scores_and_offers_the_sme_section_its_actions(client, scored, city_sme):
    award_list = scored.application.award_entries.get().award_list
    body = get(client, city_sme, url("evaluation_results", award_list.pk)).content.decode()
    assert "成本指标" in body and "满意度指标" in body and "94.00" in body and "优" in body
    assert "未开展" not in body and "待企业自评" in body  # the other award has not evaluated itself yet
    assert "尚有 1 个项目未完成评分" in body and "performance_results_xlsx" in body


def test_a_section_sees_its_items_results_only(client, stored_pack, scored, city_sme, city_section):
    other_item, _ = awarded_list(stored_pack, sme=city_sme, count=1, item_number=5)
    body = get(client, city_section, url("evaluation_results", other_item.pk)).content.decode()
    assert "没有项目" in body and "开展绩效评价" not in body


@pytest.mark.parametrize("persona", ["county_industry", "enterprise_admin", "city_finance", "auditor"])
def test_the_results_page_is_not_found_for_other_roles(client, request, awarded, persona):
    assert get(client, request.getfixturevalue(persona), url("evaluation_results", awarded[0].pk)).status_code == 404


def test_the_results_page_refuses_post(client, awarded, city_sme):
    assert post(client, city_sme, url("evaluation_results", awarded[0].pk)).status_code == 405


def test_the_sme_section_opens_evaluations_from_the_results_page(client, awarded, city_sme):
    response = post(client, city_sme, url("evaluation_open", awarded[0].pk))
    assert response.status_code == 302
    assert "已开展绩效评价：2 个项目" in client.get(response["Location"]).content.decode()
    response = post(client, city_sme, url("evaluation_open", awarded[0].pk))
    assert services.NOTHING_TO_OPEN in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("name", ["evaluation_open", "evaluation_confirm"])
@pytest.mark.parametrize(("persona", "status"), [("city_section", 403), ("county_industry", 404),
                                                 ("enterprise_admin", 404)])  # fmt: skip
def test_only_the_sme_section_opens_and_confirms(client, request, awarded, name, persona, status):
    assert post(client, request.getfixturevalue(persona), url(name, awarded[0].pk)).status_code == status
    assert not PerformanceEvaluation.objects.exists()


@pytest.mark.parametrize("name", ["evaluation_open", "evaluation_confirm"])
def test_the_list_actions_refuse_get(client, awarded, city_sme, name):
    assert get(client, city_sme, url(name, awarded[0].pk)).status_code == 405


def test_confirming_too_early_says_what_is_missing(client, scored, city_sme):
    award_list = scored.application.award_entries.get().award_list
    response = post(client, city_sme, url("evaluation_confirm", award_list.pk))
    assert "尚有 1 个项目未完成评分" in client.get(response["Location"]).content.decode()
    assert not PerformanceEvaluation.objects.filter(status=E.CONFIRMED).exists()


# --- one evaluation ---


def test_the_enterprise_submits_its_self_evaluation(client, evaluation, enterprise_admin):
    address = url("evaluation", evaluation.pk)
    assert "提交绩效自评" in get(client, enterprise_admin, address).content.decode()
    data = {f"final_{pk}": value for pk, value in finals_for(evaluation).items()}
    data["summary"] = "项目已全部完成。"
    response = post(client, enterprise_admin, url("evaluation_self", evaluation.pk), data)
    assert response.status_code == 302 and response["Location"] == address
    body = client.get(address).content.decode()
    assert "绩效自评已提交，待县级核实" in body and "项目已全部完成。" in body
    assert "performance_self_report_docx" in body


def test_a_self_evaluation_with_gaps_shows_each_at_its_field(client, evaluation, enterprise_admin):
    data = {f"final_{pk}": value for pk, value in finals_for(evaluation, output="许多").items()}
    response = post(client, enterprise_admin, url("evaluation_self", evaluation.pk), data)
    body = response.content.decode()
    assert response.status_code == 400 and services.FINAL_VALUE_NOT_NUMERIC in body  # every gap at once
    assert services.SUMMARY_REQUIRED in body
    assert_opens_at(response, "self-evaluation", FORM_HAS_ERRORS.format(count=2))
    evaluation.refresh_from_db()
    assert evaluation.status == E.OPEN


@pytest.mark.parametrize("persona", ["enterprise_user", "other_county", "auditor"])
def test_an_evaluation_is_not_found_outside_its_scope(client, request, evaluation, persona):
    assert get(client, request.getfixturevalue(persona), url("evaluation", evaluation.pk)).status_code == 404


def test_the_evaluation_page_refuses_post(client, evaluation, enterprise_admin):
    assert post(client, enterprise_admin, url("evaluation", evaluation.pk)).status_code == 405


@pytest.mark.parametrize(("persona", "status"), [("enterprise_user", 404), ("county_industry", 403),
                                                 ("city_section", 403)])  # fmt: skip
def test_only_the_enterprise_submits_its_self_evaluation(client, request, evaluation, persona, status):
    data = {"summary": "总结"}
    assert (
        post(client, request.getfixturevalue(persona), url("evaluation_self", evaluation.pk), data).status_code
        == status
    )


def test_the_county_verifies_and_returns(client, evaluation, enterprise_admin, county_industry):
    services.evaluation_self_submit(actor=enterprise_admin, evaluation=evaluation, finals=finals_for(evaluation),
                                    summary="总结")  # fmt: skip
    assert "县级核实" in get(client, county_industry, url("evaluation", evaluation.pk)).content.decode()
    response = post(client, county_industry, url("evaluation_return", evaluation.pk), {})
    assert response.status_code == 400 and services.RETURN_REASON_REQUIRED in response.content.decode()
    assert_opens_at(response, "county-verify", FORM_HAS_ERRORS.format(count=1))
    response = post(client, county_industry, url("evaluation_return", evaluation.pk), {"remark": "缺少佐证"})
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == E.RETURNED
    services.evaluation_self_submit(actor=enterprise_admin, evaluation=evaluation, finals=finals_for(evaluation),
                                    summary="已补正")  # fmt: skip
    assert post(client, county_industry, url("evaluation_verify", evaluation.pk), {"remark": "属实"}).status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == E.COUNTY_VERIFIED


@pytest.mark.parametrize("name", ["evaluation_verify", "evaluation_return"])
@pytest.mark.parametrize(("persona", "status"), [("other_county", 404), ("enterprise_user", 404),
                                                 ("enterprise_admin", 403), ("city_section", 403)])  # fmt: skip
def test_only_the_county_verifies_or_returns(client, request, evaluation, enterprise_admin, name, persona, status):
    services.evaluation_self_submit(actor=enterprise_admin, evaluation=evaluation, finals=finals_for(evaluation),
                                    summary="总结")  # fmt: skip
    assert (
        post(client, request.getfixturevalue(persona), url(name, evaluation.pk), {"remark": "x"}).status_code == status
    )
    evaluation.refresh_from_db()
    assert evaluation.status == E.SELF_EVALUATED


def test_the_section_scores_with_an_adjustment(client, verified, city_section):
    assert "科室评分" in get(client, city_section, url("evaluation", verified.pk)).content.decode()
    keys = indicator_pks(verified)
    data = {f"achieved_{satisfaction(verified)}": "yes", f"score_{keys['output_quantity:0']}": "27"}
    response = post(client, city_section, url("evaluation_score", verified.pk), data)
    assert response.status_code == 400 and services.ADJUST_REASON_REQUIRED in response.content.decode()
    data[f"reason_{keys['output_quantity:0']}"] = "剩余设备已到货"
    response = post(client, city_section, url("evaluation_score", verified.pk), data)
    assert response.status_code == 302
    assert "已评分：总分 97.00 分，等级“优”" in client.get(response["Location"]).content.decode()


def test_a_score_beyond_the_weight_names_the_range(client, verified, city_section):
    output = indicator_pks(verified)["output_quantity:0"]
    weight = verified.scores.get(indicator_id=output).indicator.weight
    data = {f"achieved_{satisfaction(verified)}": "yes", f"score_{output}": "99", f"reason_{output}": "x"}
    response = post(client, city_section, url("evaluation_score", verified.pk), data)
    body = response.content.decode()
    assert f"得分须在 0 至 {weight.normalize():f} 分之间。" in body and "确保该值" not in body
    assert_opens_at(response, "score-form", FORM_HAS_ERRORS.format(count=1))


@pytest.mark.parametrize(("persona", "status"), [("other_county", 404), ("city_sme", 403), ("county_industry", 403)])
def test_only_the_items_section_scores(client, request, verified, persona, status):
    data = {f"achieved_{satisfaction(verified)}": "yes"}
    assert (
        post(client, request.getfixturevalue(persona), url("evaluation_score", verified.pk), data).status_code == status
    )


@pytest.mark.parametrize("name", ["evaluation_self", "evaluation_verify", "evaluation_return", "evaluation_score",
                                  "rectification_open"])  # fmt: skip
def test_the_actions_refuse_get(client, evaluation, city_sme, name):
    assert get(client, city_sme, url(name, evaluation.pk)).status_code == 405


# --- 整改 ---


def test_the_sme_section_opens_follows_and_closes_a_rectification(client, scored, city_sme, enterprise_admin):
    data = {"cause": "false_reporting", "requirement": "核查采购发票", "recovery_requested": "on"}
    response = post(client, city_sme, url("rectification_open", scored.pk), data)
    assert response.status_code == 302
    rectification = Rectification.objects.get()
    assert rectification.recovery_requested
    body = get(client, enterprise_admin, url("evaluation", scored.pk)).content.decode()
    assert "核查采购发票" in body and "已建议追回奖补资金" in body and "整改完成" not in body
    response = post(client, city_sme, url("rectification_close", rectification.pk))
    assert response.status_code == 302 and response["Location"] == url("evaluation", scored.pk)
    rectification.refresh_from_db()
    assert rectification.closed_at


def test_a_poor_grade_rectification_before_a_confirmed_poor_grade_is_refused_at_the_cause(client, scored, city_sme):
    data = {"cause": "poor_grade", "requirement": "整改"}
    response = post(client, city_sme, url("rectification_open", scored.pk), data)
    assert response.status_code == 400 and "不能以此为由启动整改" in response.content.decode()


def test_a_blank_rectification_names_the_cause_and_the_requirement(client, scored, city_sme):
    response = post(client, city_sme, url("rectification_open", scored.pk), {})
    body = response.content.decode()
    assert rectification_services.CAUSE_REQUIRED in body and rectification_services.REQUIREMENT_REQUIRED in body
    assert "这个字段是必填项" not in body
    assert_opens_at(response, "rectification-form", FORM_HAS_ERRORS.format(count=2))


@pytest.mark.parametrize(("persona", "status"), [("enterprise_user", 404), ("enterprise_admin", 403),
                                                 ("city_section", 403)])  # fmt: skip
def test_only_the_sme_section_opens_a_rectification(client, request, scored, persona, status):
    data = {"cause": "false_reporting", "requirement": "整改"}
    assert (
        post(client, request.getfixturevalue(persona), url("rectification_open", scored.pk), data).status_code == status
    )
    assert not Rectification.objects.exists()


@pytest.fixture
def rectification(scored, city_sme):
    return rectification_services.rectification_open(actor=city_sme, application=scored.application, cause="false_reporting",
                                       requirement="核查")  # fmt: skip


@pytest.mark.parametrize("name", ["rectification_recovery", "rectification_close"])
@pytest.mark.parametrize(("persona", "status"), [("enterprise_user", 404), ("other_county", 404),
                                                 ("enterprise_admin", 403), ("county_industry", 403)])  # fmt: skip
def test_only_the_sme_section_follows_a_rectification(client, request, rectification, name, persona, status):
    assert post(client, request.getfixturevalue(persona), url(name, rectification.pk)).status_code == status
    rectification.refresh_from_db()
    assert not rectification.recovery_requested and not rectification.closed_at


@pytest.mark.parametrize("name", ["rectification_recovery", "rectification_close"])
def test_the_rectification_actions_refuse_get(client, rectification, city_sme, name):
    assert get(client, city_sme, url(name, rectification.pk)).status_code == 405


def test_a_recovery_request_is_recorded(client, rectification, city_sme):
    response = post(client, city_sme, url("rectification_recovery", rectification.pk))
    assert response.status_code == 302
    rectification.refresh_from_db()
    assert rectification.recovery_requested
    assert Decimal(rectification.application.award_amount) == Decimal("100.00")
