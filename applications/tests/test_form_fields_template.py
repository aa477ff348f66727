"""applications/form_fields.html over every form of the 2023 pack: labels, accessibility, errors, read-only
mode, and a real round trip through the HTML (parsed and submitted as a browser would)."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string
from django.utils.datastructures import MultiValueDict
from hypothesis import given, settings
from hypothesis import strategies as st

from applications.tests.formdata import filled_answers
from policies.formengine.messages import NOT_A_NUMBER, REQUIRED
from policies.formengine.post import parse_submission
from policies.formengine.render import render_sections
from policies.formengine.validate import validate_answers
from policies.formengine.values import normalise_text
from policies.pack.schema import FormTemplate
from policies.tests.formengine.packforms import FORM_IDS, form

TEXT_TYPES = {"text", "hidden", "tel", "email", "search", "url", "password"}


class Page(HTMLParser):
    """The parts of a page a browser submits or a screen reader relies on. Content of <template> is
    inert: it is neither submitted nor part of the document's ids."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.template_depth = 0
        self.pairs: list[tuple[str, str]] = []
        self.controls: list[dict] = []  # every input, textarea, select outside <template>
        self.template_controls: list[dict] = []
        self.label_for: list[str] = []
        self.template_label_for: list[str] = []
        self.ids: list[str] = []
        self.alerts: list[str] = []
        self.textarea: dict | None = None
        self.textarea_text: list[str] = []
        self.alert_depth = 0
        self.alert_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "template":
            self.template_depth += 1
            return
        inert = self.template_depth > 0
        if not inert and "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "label":
            (self.template_label_for if inert else self.label_for).append(attrs.get("for", ""))
        if attrs.get("role") == "alert" and not inert:
            self.alert_depth = 1
            self.alert_text = []
        elif self.alert_depth:
            self.alert_depth += 1
        if tag in ("input", "textarea", "select"):
            (self.template_controls if inert else self.controls).append({"tag": tag, **attrs})
            if inert or "disabled" in attrs:
                return
            if tag == "input":
                self._input(attrs)
            elif tag == "textarea":
                self.textarea = attrs
                self.textarea_text = []

    def _input(self, attrs):
        kind = attrs.get("type", "text")
        name = attrs.get("name")
        if not name:
            return
        value = attrs.get("value", "").replace("\r\n", "\n").replace("\r", "\n")
        if kind in ("radio", "checkbox"):
            if "checked" in attrs:
                self.pairs.append((name, attrs.get("value", "on")))
        elif kind in TEXT_TYPES:
            value = value.replace("\n", "")  # value sanitisation: strip newlines
            self.pairs.append((name, value.strip() if kind == "email" else value))
        elif kind == "date":
            self.pairs.append((name, value if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else ""))
        elif kind == "month":
            self.pairs.append((name, value if re.fullmatch(r"\d{4}-\d{2}", value) else ""))
        else:
            raise AssertionError(f"unexpected input type {kind}")

    def handle_endtag(self, tag):
        if tag == "template":
            self.template_depth -= 1
        elif tag == "textarea" and self.textarea is not None:
            text = "".join(self.textarea_text).replace("\r\n", "\n").replace("\r", "\n")
            text = text.removeprefix("\n")  # the HTML parser drops one newline right after <textarea>
            self.pairs.append((self.textarea["name"], text.replace("\n", "\r\n")))  # submitted as CRLF
            self.textarea = None
        if self.alert_depth:
            self.alert_depth -= 1
            if self.alert_depth == 0:
                self.alerts.append("".join(self.alert_text))

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea_text.append(data)
        if self.alert_depth:
            self.alert_text.append(data)

    def posted(self) -> MultiValueDict:
        data = MultiValueDict()
        for name, value in self.pairs:
            data.appendlist(name, value)
        return data


def render(forms, answers, errors=None, raw=None, **kwargs) -> str:
    sections = render_sections(forms, answers, errors or {}, raw, **kwargs)
    return render_to_string("applications/form_fields.html", {"sections": sections})


def read(page_html: str) -> Page:
    page = Page()
    page.feed(page_html)
    page.close()
    return page


def schema_labels(form_id: str) -> list[str]:
    template = FormTemplate.model_validate(form(form_id))
    out = [template.title]
    for section in template.sections:
        out.append(section.title)
        for field in section.fields:
            out.append(field.label)
            out += [r.label for r in field.rows or []]
            out += [c.label for c in field.columns or []]
            out += [o.label for o in field.options or []]
    return out


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_every_label_of_the_schema_appears(form_id):
    text = html.unescape(render([form(form_id)], {}))
    assert [label for label in schema_labels(form_id) if label not in text] == []


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_every_input_has_a_label_and_ids_are_unique(form_id):
    page = read(render([form(form_id)], filled_answers(form(form_id))))
    assert len(page.ids) == len(set(page.ids))
    for controls, labels in ((page.controls, page.label_for), (page.template_controls, page.template_label_for)):
        for control in controls:
            if control.get("type") != "hidden":
                assert control.get("id") in set(labels), control
    for control in page.controls:
        for described in control.get("aria-describedby", "").split():
            assert described in page.ids, (control, described)


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_the_rendered_html_posts_back_the_same_answers(form_id):
    forms = [form(form_id)]
    answers = filled_answers(form(form_id))
    page = read(render(forms, answers))
    parsed, errors, raw = parse_submission(forms, page.posted())
    assert errors == {} and raw == {}
    assert parsed == answers


@settings(max_examples=40, deadline=None)
@given(st.text(), st.text())
def test_arbitrary_text_survives_the_html(one_line, several_lines):
    forms = [form("2-2")]
    answers = {
        "2-2": {
            k: v
            for k, v in {
                "enterprise_name": normalise_text(one_line, multiline=False),
                "expected_benefits": normalise_text(several_lines, multiline=True),
            }.items()
            if v
        }
    }
    parsed, errors, _ = parse_submission(forms, read(render(forms, answers)).posted())
    assert errors == {} and parsed == answers


def test_required_is_said_in_words():
    page_html = render([form("2-2")], {})
    assert '<label for="f-2-2__project_name">项目名称 <span class="field-required">（必填）</span></label>' in page_html


def test_errors_are_alerts_next_to_their_field():
    forms = [form("2-2")]
    answers, errors, raw = parse_submission(forms, MultiValueDict({"f-2-2__funding_loan": ["十万"]}))
    errors = {**validate_answers(forms, answers, complete=True), **errors}
    page_html = render(forms, answers, errors, raw)
    page = read(page_html)
    assert NOT_A_NUMBER in page.alerts and REQUIRED in page.alerts
    control = next(c for c in page.controls if c.get("name") == "f-2-2__funding_loan")
    assert control["value"] == "十万" and control["aria-invalid"] == "true"
    assert "f-2-2__funding_loan--error" in control["aria-describedby"].split()
    assert '<p class="field-error" id="f-2-2__funding_loan--error" role="alert">请输入数字</p>' in page_html


def test_a_table_error_and_the_other_text_error():
    forms = [form("2-1")]
    answers = filled_answers(form("2-1"))
    answers["2-1"]["covered_stages"] = answers["2-1"]["covered_stages"][:3]
    answers["2-1"]["enterprise_nature"] = {"value": "other", "other": ""}
    errors = validate_answers(forms, answers, complete=True)
    page = read(render(forms, answers, errors))
    assert "至少填写 8 行（实施智能制造涵盖的环节）" in page.alerts
    assert "选择了“其他（请注明）”，请注明具体内容" in page.alerts
    other = next(c for c in page.controls if c.get("name") == "f-2-1__enterprise_nature__other")
    assert other["aria-describedby"] == "f-2-1__enterprise_nature__other--error"


def test_repeating_tables_have_buttons_a_template_row_and_row_keys():
    forms = [form("2-4")]
    answers = filled_answers(form("2-4"))
    page_html = render(forms, answers)
    for words in (
        "添加一行",
        "删除",
        "上移",
        "下移",
        "<template data-row-template>",
        'data-max-rows="4"',
        'data-min-rows="3"',
    ):
        assert words in page_html
    page = read(page_html)
    keys = [v for n, v in page.pairs if n == "f-2-4__design_team__row"]
    assert len(keys) == len(answers["2-4"]["design_team"]) == 3
    template_names = {c.get("name") for c in page.template_controls}
    assert "f-2-4__design_team__row" in template_names
    assert all("NEWROW" in n for n in template_names if n and n.startswith("f-2-4__design_team__row-"))


def test_long_text_has_a_counter():
    page_html = render([form("2-2")], {"2-2": {"expected_benefits": "一二三 四五"}})
    assert 'data-max-chars="500"' in page_html
    assert (
        '<span id="f-2-2__expected_benefits-count" class="char-count" aria-live="polite">已输入 5 / 500 字</span>'
        in page_html
    )
    control = next(c for c in read(page_html).controls if c.get("name") == "f-2-2__expected_benefits")
    assert "f-2-2__expected_benefits-count" in control["aria-describedby"].split()


def test_units_follow_the_box_and_signatures_are_boxes():
    page_html = render([form("2-2")], {})
    assert re.search(r'name="f-2-2__funding_loan"[^>]*><span class="field-unit">万元</span>', page_html)
    assert '<div class="signature-box">（签字/盖章）</div>' in page_html
    assert "（签字/盖章） (公 章) 年 月 日" in page_html


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_readonly_shows_values_without_inputs(form_id):
    answers = filled_answers(form(form_id))
    page_html = render([form(form_id)], answers, readonly=True, comments={f"{form_id}.x": "无"})
    page = read(page_html)
    assert page.controls == [] and page.template_controls == []
    assert "<script" not in page_html and "添加一行" not in page_html
    text = html.unescape(page_html)
    template = FormTemplate.model_validate(form(form_id))
    for field in template.value_fields():
        value = answers[form_id][field.id]
        if isinstance(value, str):
            assert value.split("\n")[0] in text, field.id


def test_readonly_shows_choices_units_and_blanks():
    answers = {
        "2-1": {"enterprise_nature": {"value": "other", "other": "集体"}, "enterprise_sm_investment_total": "12.5"}
    }
    text = html.unescape(render([form("2-1")], answers, readonly=True))
    assert "其他（请注明）：集体" in text and "12.5 万元" in text and "（未填写）" in text


def test_reviewer_comment_beside_the_field():
    page_html = render([form("2-2")], {}, comments={"2-2.project_name": "请与可研报告一致"})
    assert '<aside class="field-comment"><strong>审核意见：</strong>请与可研报告一致</aside>' in page_html


def test_one_field_renders_alone_for_htmx():
    views = render_sections([form("2-2")], {"2-2": {"project_name": "示范"}})
    view = next(f for s in views[0].sections for f in s.fields if f.path == "2-2.project_name")
    fragment = render_to_string("applications/form_fields.html#field", {"field": view})
    assert 'id="f-2-2__project_name"' in fragment and 'value="示范"' in fragment and "<style>" not in fragment


@pytest.mark.parametrize("readonly", [False, True])
def test_a_sections_fields_drawn_at_once_are_the_bytes_of_one_field_at_a_time(readonly):
    """{% form_fields %} replaced the template's loop over {% form_field %} (its cost per field was most of what
    remained of the page's template time): the same HTML, field after field, with nothing between them."""
    from django.template import Context, Template

    forms = [form(form_id) for form_id in FORM_IDS]
    answers = {key: value for f in forms for key, value in filled_answers(f).items()}
    sections = render_sections(forms, answers, {}, {}, readonly=readonly)
    fields = [field for doc in sections for section in doc.sections for field in section.fields]
    one_by_one = Template("{% load form_engine %}{% for field in fields %}{% form_field field %}{% endfor %}")
    at_once = Template("{% load form_engine %}{% form_fields fields %}")
    assert at_once.render(Context({"fields": fields})) == one_by_one.render(Context({"fields": fields}))
