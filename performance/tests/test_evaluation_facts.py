"""评价结果应用: a confirmed grade and an open rectification are written on the enterprise's record, read as
eligibility facts by the profile, and a pack condition over them (built here, not in the 2023 pack) decides
"上一年度绩效评价为差的，不得申报" with the clause in the explanation."""

from decimal import Decimal

import pytest
from django.utils import timezone

from eligibility.engine import evaluate_item
from eligibility.reports import explanation_text
from enterprises.profile_schema import profile_form
from enterprises.selectors import profile_facts
from enterprises.tests.factories import make_profile
from performance.models import PerformanceEvaluation, Rectification
from performance.services.rectification import enterprise_facts_record
from performance.tests.awarded import awarded_list
from performance.workflow import EvaluationStatus
from policies.facts import FACTS, RECORDED_FACTS, RECORDED_FACTS_BY_SOURCE
from policies.pack.loader import load_pack
from policies.pack.schema import Condition
from policies.tests.formtools import PACK_2023

CLAUSE = "上一年度绩效评价为差的，不得申报"
GRADE_CONDITION = {
    "id": "global.performance_grade", "clause": CLAUSE, "source": "测试政策包 二、申报条件", "kind": "computable",
    "rule": {"fact": "last_performance_grade", "one_of": ["优", "良", "中", "未评价"]},
}  # fmt: skip
RECTIFICATION_CONDITION = {
    "id": "global.no_open_rectification", "clause": "绩效整改未完成的，不得申报", "source": "测试政策包 二、申报条件",
    "kind": "computable", "rule": {"fact": "performance_rectification_open", "equals": False},
}  # fmt: skip
ELIGIBLE = {
    "is_independent_legal_person": True, "credit_record_normal": True, "is_dishonest_judgment_debtor": False,
    "industry_division": "35", "has_bank_loan_in_hengyang": True, "smart_equipment_investment_2022": "350",
}  # fmt: skip


@pytest.fixture(scope="module")
def next_years_pack():
    """The 2023 pack with two more global conditions, as a later notice might write them."""
    loaded = load_pack(PACK_2023)
    extra = [Condition.model_validate(GRADE_CONDITION), Condition.model_validate(RECTIFICATION_CONDITION)]
    pack = loaded.pack.model_copy(update={"global_conditions": [*loaded.pack.global_conditions, *extra]})
    return pack, next(i for i in loaded.items if i.number == 2)


def test_the_facts_are_in_the_vocabulary_and_never_asked_of_the_enterprise():
    assert FACTS["last_performance_grade"].type == "code"
    assert FACTS["performance_rectification_open"].type == "boolean"
    performance_facts = RECORDED_FACTS_BY_SOURCE["performance_record"]
    assert {"last_performance_grade", "performance_rectification_open"} == performance_facts
    asked = {f["id"] for s in profile_form()["sections"] for f in s["fields"]}
    assert not asked & RECORDED_FACTS


def confirmed(application, total: str, grade: str) -> PerformanceEvaluation:
    return PerformanceEvaluation.objects.create(
        application=application, status=EvaluationStatus.CONFIRMED, total=Decimal(total), grade=grade,
        confirmed_at=timezone.now(),
    )  # fmt: skip


@pytest.mark.django_db
def test_a_poor_grade_gives_not_met_with_the_clause(next_years_pack, stored_pack, city_sme, enterprise_admin):
    pack, item = next_years_pack
    profile = make_profile(enterprise=enterprise_admin.organisation, data=ELIGIBLE)
    _, (application,) = awarded_list(stored_pack, sme=city_sme, owners=[enterprise_admin])
    confirmed(application, "52.50", "差")
    enterprise_facts_record([enterprise_admin.organisation_id], actor=city_sme)
    profile.refresh_from_db()
    result = evaluate_item(pack, item, profile_facts(profile))
    condition = next(c for c in result.conditions if c.id == "global.performance_grade")
    assert (condition.status, result.status) == ("not_met", "not_met")
    assert condition.explanation == "不符合：“最近一次绩效评价等级”为差，须为 优、良、中、未参加过绩效评价之一"
    assert f"{CLAUSE}：不符合：“最近一次绩效评价等级”为差" in explanation_text(result)
    rectification = next(c for c in result.conditions if c.id == "global.no_open_rectification")
    assert rectification.status == "met"


@pytest.mark.django_db
def test_a_good_grade_meets_and_an_open_rectification_does_not(next_years_pack, stored_pack, city_sme,
                                                               enterprise_admin):  # fmt: skip
    pack, item = next_years_pack
    profile = make_profile(enterprise=enterprise_admin.organisation, data=ELIGIBLE)
    _, (application,) = awarded_list(stored_pack, sme=city_sme, owners=[enterprise_admin])
    confirmed(application, "91", "优")
    Rectification.objects.create(application=application, cause=Rectification.Cause.FALSE_REPORTING,
                                 requirement="核查", opened_by=city_sme)  # fmt: skip
    enterprise_facts_record([enterprise_admin.organisation_id], actor=city_sme)
    profile.refresh_from_db()
    statuses = {c.id: c.status for c in evaluate_item(pack, item, profile_facts(profile)).conditions}
    assert statuses["global.performance_grade"] == "met"
    assert statuses["global.no_open_rectification"] == "not_met"


@pytest.mark.django_db
def test_an_enterprise_never_evaluated_is_not_evaluated_not_unknown(next_years_pack, enterprise_admin):
    """The platform is the register of its own evaluations: no record reads “未评价” (and no 整改 “否”), so the
    clause “上一年度绩效评价为差的，不得申报” is met by an enterprise never evaluated, never 信息不足."""
    pack, item = next_years_pack
    profile = make_profile(enterprise=enterprise_admin.organisation, data=ELIGIBLE)
    assert "last_performance_grade" not in profile.data and "performance_rectification_open" not in profile.data
    facts = profile_facts(profile)
    assert (facts["last_performance_grade"], facts["performance_rectification_open"]) == ("未评价", False)
    statuses = {c.id: c.status for c in evaluate_item(pack, item, facts).conditions}
    assert statuses["global.performance_grade"] == "met"
    assert statuses["global.no_open_rectification"] == "met"


def test_what_an_enterprise_types_cannot_say_it_was_never_evaluated():
    """Only a stored profile gets the platform's silence as a fact; the facts of typed data stay unknown."""
    from enterprises.selectors import facts_from_profile_data

    assert "last_performance_grade" not in facts_from_profile_data(data=ELIGIBLE, uscc="")


@pytest.mark.django_db
def test_the_grade_on_the_record_is_a_revision_by_who_confirmed_it(stored_pack, city_sme, enterprise_admin):
    from enterprises.models import ProfileRevision

    profile = make_profile(enterprise=enterprise_admin.organisation, data=ELIGIBLE)
    version = profile.version
    _, (application,) = awarded_list(stored_pack, sme=city_sme, owners=[enterprise_admin])
    confirmed(application, "52.50", "差")
    enterprise_facts_record([enterprise_admin.organisation_id], actor=city_sme)
    profile.refresh_from_db()
    revision = ProfileRevision.objects.get(profile=profile, version=profile.version)
    assert profile.version == version + 1 and revision.changed_by == city_sme
    assert revision.changed_keys == ["last_performance_grade", "performance_rectification_open"]
    assert revision.data["last_performance_grade"] == "差"
    enterprise_facts_record([enterprise_admin.organisation_id], actor=city_sme)  # nothing new: no new version
    profile.refresh_from_db()
    assert profile.version == version + 1
