"""An enterprise with a 2023 application applies under the example pack of next year's call: its 2020-2022
figures pre-fill the forms that ask for 2021-2023, each pack judges it by its own rules, and the 2023
application keeps the forms and verdict frozen when it was submitted."""

import copy

import pytest
from django.core.exceptions import ValidationError

from applications import services
from applications.tests.helpers import complete
from eligibility import statuses as st
from eligibility.engine import evaluate_item
from enterprises.models import EnterpriseProfile
from enterprises.selectors import profile_facts
from policies.selectors import pack_models
from policies.tests.example_pack import FIGURES_2020_2022, IN_EXAMPLE_WINDOW, example_pack_load

pytestmark = pytest.mark.django_db


def _profile_add(enterprise, **data):
    profile = EnterpriseProfile.objects.get(organisation=enterprise)
    profile.data = {**profile.data, **data}
    profile.save(update_fields=["data"])
    return profile


def _verdict(pack, number, profile):
    model, items = pack_models(pack)
    return evaluate_item(model, next(i for i in items if i.number == number), profile_facts(profile), frozenset())


@pytest.fixture
def example(walked_submission, enterprise_admin):
    """The 2023 item-2 application submitted, then the example pack loaded beside the 2023 one."""
    _profile_add(enterprise_admin.organisation, **FIGURES_2020_2022)
    return example_pack_load()


def test_the_2023_application_keeps_its_frozen_forms_and_verdict(walked_submission, enterprise_admin):
    frozen = copy.deepcopy((walked_submission.forms, walked_submission.answers, walked_submission.eligibility_snapshot))
    example_pack_load()
    walked_submission.refresh_from_db()
    assert (walked_submission.forms, walked_submission.answers, walked_submission.eligibility_snapshot) == frozen
    assert walked_submission.pack.pack_id == "hengyang-2023-gxj51"
    years = [f["years"] for s in walked_submission.forms[0]["sections"] for f in s["fields"] if f.get("years")]
    assert all(y[-1] == 2022 for y in years)
    assert walked_submission.eligibility_snapshot["status"] == st.NEEDS_EVIDENCE


def test_the_2022_figures_prefill_the_2024_forms_that_ask_for_2021_to_2023(example, enterprise_admin):
    application = services.application_create(
        actor=enterprise_admin, enterprise=enterprise_admin.organisation, item=example.items.get(number=15),
        now=IN_EXAMPLE_WINDOW,
    )  # fmt: skip
    assert application.pack == example and [f["id"] for f in application.forms] == ["2-13", "3"]
    table = next(f for s in application.forms[0]["sections"] for f in s["fields"] if f["id"] == "finance_overview")
    assert table["years"] == [2021, 2022, 2023]
    # 2021 and 2022 come from the figures entered for the 2023 call; 2023 is not in the profile yet.
    assert application.answers["2-13"]["finance_overview"] == {
        "operating_revenue": {"2021": "1800", "2022": "2100"},
        "rd_expense": {"2021": "40", "2022": "63"},
    }


def test_each_pack_judges_by_its_own_years_and_thresholds(example, stored_pack, enterprise_admin):
    profile = _profile_add(enterprise_admin.organisation, smart_equipment_investment_2023="400")
    # 2023 notice: 2022 investment 350 万元, 不少于300万元; example: 2023 investment 400 万元, 不少于500万元.
    assert _verdict(stored_pack, 2, profile).status == st.NEEDS_EVIDENCE
    assert _verdict(example, 2, profile).status == st.NOT_MET
    new_item = _verdict(example, 15, profile)
    assert {c.id: c.status for c in new_item.conditions}["item15.operating_revenue"] == st.UNKNOWN  # 2023 not given
    profile = _profile_add(enterprise_admin.organisation, operating_revenue_2023="2600", rd_expense_2023="80")
    statuses = {c.id: c.status for c in _verdict(example, 15, profile).conditions}
    assert statuses["item15.operating_revenue"] == statuses["item15.rd_ratio"] == st.NEEDS_EVIDENCE


def test_the_new_item_is_applied_for_and_submitted_in_the_examples_window(example, enterprise_admin):
    _profile_add(enterprise_admin.organisation, operating_revenue_2023="2600", rd_expense_2023="80")
    application = services.application_create(
        actor=enterprise_admin, enterprise=enterprise_admin.organisation, item=example.items.get(number=15),
        now=IN_EXAMPLE_WINDOW,
    )  # fmt: skip
    application = services.application_submit(
        actor=enterprise_admin, application=complete(application, enterprise_admin), now=IN_EXAMPLE_WINDOW
    )
    assert application.status == "submitted" and application.receipt_number
    assert application.eligibility_snapshot["status"] == st.NEEDS_EVIDENCE
    assert {c["id"] for c in application.eligibility_snapshot["conditions"]} >= {
        "item15.operating_revenue", "item15.rd_ratio", "item15.upgrade_effective",
    }  # fmt: skip


def test_item_13_exists_only_in_2023_and_the_2023_window_is_closed_in_2024(example, stored_pack, enterprise_admin):
    assert not example.items.filter(number=13).exists()
    with pytest.raises(ValidationError) as refused:
        services.application_create(
            actor=enterprise_admin, enterprise=enterprise_admin.organisation, item=stored_pack.items.get(number=14),
            subtype_code="provincial_excellent_industrial_app", now=IN_EXAMPLE_WINDOW,
        )  # fmt: skip
    assert "2023年08月25日 截止" in str(refused.value)
