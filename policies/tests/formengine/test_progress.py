"""The completion of each section of a rendered form (policies/formengine/progress.py), counted over the slots
applications/form_fields.html draws: fields, year-table cells, the rows a table shows. Pure."""

from policies.formengine.progress import forms_progress
from policies.formengine.render import render_sections
from policies.formengine.validate import missing_required
from policies.tests.formengine.synthetic import FORM

# The synthetic form's main section: 18 single fields (名称 and 企业性质 required), a year table of 2 rows x 2
# years (营业收入 required) and a table of 2 columns (姓名 required) shown with its 2 minimum rows.
SLOTS, REQUIRED = 18 + 4 + 4, 2 + 2 + 2


def test_an_empty_form_counts_every_slot_and_starts_at_the_first_required_field():
    main, sign = forms_progress(render_sections([FORM], {}))
    assert (main.title, main.anchor) == ("一、基本情况", "s-9__main")
    assert (main.required_filled, main.required_total, main.filled, main.total) == (0, REQUIRED, 0, SLOTS)
    assert main.first_missing == "f-9__name"
    assert sign.counted is False  # a signature only: nothing to fill in on the page


def test_answers_fill_slots_and_move_the_first_missing():
    answers = {
        "9": {
            "name": "甲公司",
            "summary": "简介",
            "nature": {"value": "a", "other": ""},
            "economy": {"revenue": {"2021": "100"}},
            "members": [{"person": "张三"}],
        }
    }
    main = forms_progress(render_sections([FORM], answers))[0]
    assert (main.required_filled, main.required_total) == (4, REQUIRED)
    assert main.filled == 5
    assert main.first_missing == "f-9__economy__revenue__2022"


def test_the_first_missing_is_the_first_field_the_completeness_report_names():
    answers = {"9": {"name": "甲公司"}}
    main = forms_progress(render_sections([FORM], answers))[0]
    assert main.first_missing == missing_required([FORM], answers)[0].anchor


def test_text_that_is_not_a_value_yet_counts_as_typed():
    # "12,3万" is kept as raw text: the box shows it, so the navigator counts the box as filled.
    views = render_sections([FORM], {}, {"9.staff": "不是数字"}, {"9.staff": "十二"})
    assert forms_progress(views)[0].filled == 1


def test_a_read_only_form_has_nothing_to_fill():
    main = forms_progress(render_sections([FORM], {}, readonly=True))[0]
    assert (main.total, main.counted) == (0, False)


def test_several_forms_name_their_form_above_their_sections():
    other = {**FORM, "id": "8", "title": "另一表"}
    sections = forms_progress(render_sections([FORM, other], {}))
    assert [s.group for s in sections] == ["测试表", "测试表", "另一表", "另一表"]
