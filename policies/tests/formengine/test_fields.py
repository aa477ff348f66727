"""Forms as templates (policies/formengine/fields.py): labels with their group, the "其他" option, which
year-table cells are required."""

from __future__ import annotations

from core.fields import freeze, thaw
from policies.formengine.fields import as_templates, display_label, group_text, other_option, row_required
from policies.pack.schema import FormField
from policies.tests.formengine.synthetic import FORM, TEMPLATE, field


def test_the_stored_dicts_and_templates_are_both_accepted():
    assert as_templates([FORM]) == [TEMPLATE]
    assert as_templates([TEMPLATE])[0] is TEMPLATE


def test_a_shared_read_only_form_is_validated_once_and_a_plain_one_every_time():
    shared = freeze(thaw(FORM))
    first = as_templates([shared])[0]
    assert first == TEMPLATE
    assert as_templates([shared])[0] is first
    # An equal dict stored elsewhere is its own entry; a plain (mutable) dict is never taken from the cache.
    assert as_templates([freeze(thaw(FORM))])[0] is not first
    plain = thaw(FORM)
    assert as_templates([plain])[0] is not as_templates([plain])[0]


def test_a_label_with_its_group():
    assert group_text(field("name")) == "一、基本 › 企业"
    assert display_label(field("name")) == "一、基本 › 企业 › 名称"
    assert group_text(field("phone")) == "" and display_label(field("phone")) == "电话"


def test_the_other_option():
    assert other_option(field("nature")).value == "other"
    assert other_option(field("name")) is None


def test_a_cell_is_required_when_its_row_is_or_when_a_required_table_says_nothing_of_its_rows():
    economy = field("economy")
    revenue, tax = economy.rows
    assert row_required(economy, revenue) and not row_required(economy, tax)
    silent = FormField.model_validate(
        {"id": "t", "label": "表", "kind": "year_table", "required": True, "years": [2022],
         "rows": [{"id": "r", "label": "行", "kind": "integer"}]}
    )  # fmt: skip
    assert row_required(silent, silent.rows[0])
    assert not row_required(silent.model_copy(update={"required": False}), silent.rows[0])
