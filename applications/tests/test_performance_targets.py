"""附件3 in the completeness check: an application cannot be submitted without a usable 绩效目标表. Each
indicator problem is listed at its cell, the 分值 total at the first indicator table, and submission is
refused writing nothing; a draft still saves."""

from __future__ import annotations

import copy

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from applications import completeness, services
from applications.models import Application
from applications.tests.helpers import IN_WINDOW, new_complete
from core.models import AuditEvent
from policies.formengine.messages import (
    TARGET_NO_STANDARD,
    TARGET_NOT_NUMERIC,
    UNIT_MISSING,
    VALUE_TYPE_UNKNOWN,
    WEIGHT_MISSING,
    WEIGHTS_TOTAL,
)
from policies.formengine.paths import path_to_anchor

pytestmark = pytest.mark.django_db

WHERE = "附件3《衡阳市打好经济增长主动仗加快建设区域经济中心工信领域奖补投入资金支出绩效目标表》 · 本年度绩效目标"


def _with_row(application, user, table: str, index: int, **cells):
    """Save the application with cells of one 附件3 row changed (None: the cell left blank)."""
    answers = copy.deepcopy(application.answers)
    row = answers["3"][table][index]
    for column, value in cells.items():
        if value is None:
            row.pop(column, None)
        else:
            row[column] = value
    return services.application_save(
        actor=user, application=application, answers=answers, summary={}, expected_version=application.version
    )


def _report(application):
    return [(r.kind, r.label, r.anchor, r.where) for r in completeness.completeness_report(application)]


def _refused_and_nothing_written(application, user):
    before = (Application.objects.get(pk=application.pk).status, AuditEvent.objects.count())
    with pytest.raises(ValidationError) as excinfo:
        services.application_submit(actor=user, application=application, now=IN_WINDOW)
    assert excinfo.value.messages[0] == services.INCOMPLETE.format(count=1)
    assert (Application.objects.get(pk=application.pk).status, AuditEvent.objects.count()) == before


@pytest.fixture
def application(stored_pack, profile, enterprise_admin):
    """Item 2, complete: 附件3 with two 定量 rows of 5 分 in each of its ten tables (100 in all)."""
    return new_complete(stored_pack, enterprise_admin, 2)


def test_the_complete_answers_of_the_helpers_are_a_usable_sheet(application):
    assert completeness.performance_target_issues(application) == []
    assert completeness.completeness_report(application) == []


# One case per rule: the cells changed in the first row of 数量指标, the cell reported and its message.
RULES = [
    pytest.param({"measurement_unit": None}, "measurement_unit", "度量单位", UNIT_MISSING, id="定量 without a unit"),
    pytest.param({"target_value": "较去年明显增加"}, "target_value", "指标值", TARGET_NOT_NUMERIC,
                 id="定量 value not a number"),
    pytest.param({"value_type": "定性", "target_value": None}, "target_value", "指标值", TARGET_NO_STANDARD,
                 id="定性 without a standard"),
    pytest.param({"score": None}, "score", "分值", WEIGHT_MISSING, id="weight missing"),
    pytest.param({"score": "-5"}, "score", "分值", WEIGHT_MISSING, id="weight not above 0"),
    pytest.param({"value_type": "数值"}, "value_type", "指标值类型", VALUE_TYPE_UNKNOWN, id="value type unknown"),
]  # fmt: skip


@pytest.mark.parametrize(("cells", "column", "column_label", "message"), RULES)
def test_each_rule_is_reported_at_its_cell_and_blocks_submission(
    application, enterprise_admin, cells, column, column_label, message
):
    application = _with_row(application, enterprise_admin, "output_quantity", 0, **cells)  # a draft still saves
    assert _report(application) == [
        (
            "field",
            f"产出指标 › 数量指标 · 第1行 · {column_label}：{message}",
            path_to_anchor(f"3.output_quantity[0].{column}"),
            WHERE,
        )
    ]
    _refused_and_nothing_written(application, enterprise_admin)


def test_a_score_typed_wrong_keeps_the_form_engines_error_at_its_cell(application, enterprise_admin):
    """Text that is no number stays as typed (raw) and is reported once, as the form engine reports it."""
    answers = copy.deepcopy(application.answers)
    del answers["3"]["output_quantity"][0]["score"]
    answers["3"]["_raw"] = {"3.output_quantity[0].score": "五分"}
    application = services.application_save(
        actor=enterprise_admin, application=application, answers=answers, summary={},
        expected_version=application.version,
    )  # fmt: skip
    [(kind, label, anchor, where)] = _report(application)
    assert anchor == path_to_anchor("3.output_quantity[0].score") and "填写有误" in label
    assert WEIGHT_MISSING not in label


@pytest.mark.parametrize(
    ("scores", "current"),
    [(("4", "5"), "99"), (("5", "15.5"), "110.5"), (("4.99", "5"), "99.99")],
)
def test_weights_not_adding_up_to_100_are_reported_once_at_the_first_table(
    application, enterprise_admin, scores, current
):
    application = _with_row(application, enterprise_admin, "output_quantity", 0, score=scores[0])
    application = _with_row(application, enterprise_admin, "benefit_social", 1, score=scores[1])
    message = WEIGHTS_TOTAL.format(required="100", total=current)
    assert message.startswith("各指标分值合计须为100分（现为")
    assert _report(application) == [("field", message, path_to_anchor("3.cost_economic"), WHERE)]
    _refused_and_nothing_written(application, enterprise_admin)


def test_weights_adding_up_to_100_exactly_pass(application, enterprise_admin):
    application = _with_row(application, enterprise_admin, "output_quantity", 0, score="4.5")
    application = _with_row(application, enterprise_admin, "satisfaction_service_recipients", 1, score="5.5")
    assert _report(application) == []


def test_the_total_is_the_one_the_pack_sets(application, enterprise_admin):
    """The pack's performance.total_score, not a number in code."""
    pack = application.pack
    data = copy.deepcopy(pack.data)
    data["pack"]["performance"]["total_score"] = 120
    type(pack).objects.filter(pk=pack.pk).update(data=data)
    application = Application.objects.get(pk=application.pk)
    assert _report(application) == [
        ("field", WEIGHTS_TOTAL.format(required="120", total="100"), path_to_anchor("3.cost_economic"), WHERE)
    ]


def test_the_link_opens_the_cell(client, application, enterprise_admin):
    """The edit page's completeness entry links to the anchor of the unit cell, and the page has that cell."""
    _with_row(application, enterprise_admin, "output_quantity", 0, measurement_unit=None)
    client.force_login(enterprise_admin)
    body = client.get(reverse("applications:edit", args=[application.pk])).content.decode()
    anchor = path_to_anchor("3.output_quantity[0].measurement_unit")
    assert f'href="#{anchor}"' in body
    assert f'id="{anchor}"' in body
    assert 'name="f-3__output_quantity__row-r0__measurement_unit"' in body
