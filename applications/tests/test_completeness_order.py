"""The completeness list reads from the top of the page down: a slip in the first form comes before a gap
in a later one, whatever kind each entry is (policies.formengine.paths.page_order)."""

import pytest

from applications import completeness, services
from applications.tests.helpers import new_complete
from policies.formengine.paths import page_order, path_to_anchor

pytestmark = pytest.mark.django_db

FORMS = [
    {"id": "2-2", "sections": [{"fields": [{"id": "project_name"}, {"id": "contact_phone"}]}]},
    {"id": "3", "sections": [{"fields": [{"id": "fund_name"}, {"id": "cost_economic", "columns": [
        {"id": "tier3_indicator"}, {"id": "target_value"}]}]}]},
]  # fmt: skip


def test_paths_sort_by_form_field_row_and_column():
    paths = ["3.cost_economic[1].tier3_indicator", "3.cost_economic[0].target_value", "3.fund_name",
             "2-2.contact_phone", "9.unknown", "3.cost_economic[0].tier3_indicator", "2-2.project_name"]  # fmt: skip
    assert sorted(paths, key=page_order(FORMS)) == [
        "2-2.project_name", "2-2.contact_phone", "3.fund_name", "3.cost_economic[0].tier3_indicator",
        "3.cost_economic[0].target_value", "3.cost_economic[1].tier3_indicator", "9.unknown",
    ]  # fmt: skip


def test_a_slip_in_the_first_form_is_listed_before_a_gap_in_the_last(stored_pack, profile, enterprise_admin):
    application = new_complete(stored_pack, enterprise_admin, 2)
    answers = {**application.answers}
    answers["2-2"] = {**answers["2-2"], "_raw": {"2-2.contact_phone": "123"}, "contact_phone": ""}
    answers["3"] = {**answers["3"], "fund_name": ""}
    application = services.application_save(
        actor=enterprise_admin, application=application, answers=answers, summary={},
        expected_version=application.version,
    )  # fmt: skip
    anchors = [entry.anchor for entry in completeness.completeness_report(application) if entry.kind == "field"]
    assert anchors.index(path_to_anchor("2-2.contact_phone")) < anchors.index(path_to_anchor("3.fund_name"))
