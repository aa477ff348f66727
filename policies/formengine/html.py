"""The HTML of one field view of policies/formengine/layout.py: the 13 field kinds the form engine draws, in
Python instead of template partials (issue 17: the template engine's per-field overhead was most of the
application page's CPU). applications/form_fields.html draws every field through `field_html`.

Escaping is the template's: every value goes through `e`, django.utils.html.conditional_escape without its
lazy-argument wrapper (a third of this module's time; test_html.py checks the two agree): text already marked
safe is not escaped again. The pieces are joined and marked safe once."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe

from policies.formengine.html_tables import table, year_table
from policies.formengine.layout import FieldView

REQUIRED_MARK = ' <span class="field-required">（必填）</span>'
NOT_FILLED = '<span class="muted">（未填写）</span>'


def e(value) -> str:
    """conditional_escape(value), as plain text: the same bytes, at a fraction of the cost."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))


def field_html(field: FieldView) -> SafeString:
    """One field view as HTML, drawn by the function of its kind ("" for a kind the engine does not know)."""
    draw = KINDS.get(field.partial)
    return mark_safe(draw(field) if draw else "")  # noqa: S308 - every value inside is escaped


# ---------------------------------------------------------------------------
# Pieces shared by the kinds
# ---------------------------------------------------------------------------


def label_text(f: FieldView) -> str:
    group = f'<span class="field-group">{e(f.group)} › </span>' if f.group else ""
    row = f"（第 <span data-row-number>{e(f.row_number)}</span> 行）" if f.in_repeat else ""
    required = REQUIRED_MARK if f.required and not f.readonly else ""
    return f"{group}{e(f.label)}{row}{required}"


def label(f: FieldView) -> str:
    hidden = ' class="visually-hidden"' if f.in_table else ""
    return f'<label for="{e(f.anchor)}"{hidden}>{label_text(f)}</label>'


def readonly_value(f: FieldView) -> str:
    if f.display:
        unit = f" {e(f.unit)}" if f.unit and f.partial == "number" else ""
        value = f"{e(f.display)}{unit}"
    else:
        value = NOT_FILLED
    span = "visually-hidden" if f.in_table else "field-label"
    return f'<span class="{span}">{label_text(f)}</span>\n<div class="field-value" id="{e(f.anchor)}">{value}</div>'


def meta(f: FieldView) -> str:
    out = f'<p class="help" id="{e(f.help_id)}">{e(f.help)}</p>' if f.help and f.help_id else ""
    if f.error:
        out += f'<p class="field-error" id="{e(f.error_id)}" role="alert">{e(f.error)}</p>'
    if f.comment:
        out += f'<aside class="field-comment"><strong>审核意见：</strong>{e(f.comment)}</aside>'
    return out


def aria(f: FieldView) -> str:
    out = " data-guide-slot"
    if f.required:
        out += ' data-guide-required aria-required="true"'
    if f.error:
        out += ' aria-invalid="true"'
    if f.describedby:
        out += f' aria-describedby="{e(f.describedby)}"'
    return out


def counter(f: FieldView) -> str:
    if not f.max_chars:
        return ""
    over = " field-error" if f.over_limit else ""
    return (
        f'<span id="{e(f.count_id)}" class="char-count{over}" aria-live="polite">'
        f"已输入 {e(f.char_count)} / {e(f.max_chars)} 字</span>"
    )


def attr(name: str, value) -> str:
    """` name="value"` when the value is set, else nothing."""
    return f' {name}="{e(value)}"' if value else ""


def boxed(f: FieldView, control: Callable[[FieldView], str]) -> str:
    """The frame of text, long_text, number and date: label and control (or the read-only value), then meta."""
    error = " form-field--error" if f.error else ""
    inner = readonly_value(f) if f.readonly else f"{label(f)}\n{control(f)}"
    return f'<div class="form-field{error}">\n{inner}\n{meta(f)}</div>'


def value_attrs(f: FieldView) -> str:
    return f'type="{e(f.input_type)}" id="{e(f.anchor)}" name="{e(f.name)}" value="{e(f.value)}"'


# ---------------------------------------------------------------------------
# The kinds
# ---------------------------------------------------------------------------


def text(f: FieldView) -> str:
    def control(f: FieldView) -> str:
        extra = (
            attr("inputmode", f.inputmode) + attr("autocomplete", f.autocomplete) + attr("placeholder", f.placeholder)
        )
        extra += attr("data-max-chars", f.max_chars)
        return f'<input {value_attrs(f)}{extra} maxlength="{e(f.max_length)}"{aria(f)}>\n{counter(f)}'

    return boxed(f, control)


def long_text(f: FieldView) -> str:
    def control(f: FieldView) -> str:
        rows = "3" if f.in_table else "6"
        extra = attr("data-max-chars", f.max_chars)
        return (
            f'<textarea id="{e(f.anchor)}" name="{e(f.name)}" rows="{rows}"{extra} maxlength="{e(f.max_length)}"'
            f"{aria(f)}>\n{e(f.value)}</textarea>\n{counter(f)}"
        )

    return boxed(f, control)


def number(f: FieldView) -> str:
    def control(f: FieldView) -> str:
        extra = attr("inputmode", f.inputmode) + attr("placeholder", f.placeholder)
        unit = f'<span class="field-unit">{e(f.unit)}</span>' if f.unit else ""
        return f'<span class="input-with-unit"><input {value_attrs(f)}{extra}{aria(f)}>{unit}</span>'

    return boxed(f, control)


def date(f: FieldView) -> str:
    return boxed(f, lambda f: f'<input {value_attrs(f)} placeholder="{e(f.placeholder)}"{aria(f)}>')


def options(f: FieldView) -> str:
    kind = "checkbox" if f.kind == "multiple_choice" else "radio"
    name = e(f.name)
    out = []
    for o in f.options:
        checked = " checked" if o.checked else ""
        controls = attr("aria-controls", f.other_anchor) if o.other else ""
        out.append(
            f'<span class="choice"><input type="{kind}" id="{e(o.id)}" name="{name}" value="{e(o.value)}"{checked}'
            f'{controls}><label for="{e(o.id)}">{e(o.label)}</label></span>'
        )
    if f.other_name:
        invalid = f' aria-invalid="true" aria-describedby="{e(f.other_error_id)}"' if f.other_error else ""
        out.append(
            f'\n<span class="choice-other"><label for="{e(f.other_anchor)}">{e(f.other_label)}</label>'
            f'<input type="text" id="{e(f.other_anchor)}" name="{e(f.other_name)}" value="{e(f.other_value)}"'
            f"{invalid}></span>"
        )
        if f.other_error:
            out.append(f'\n<p class="field-error" id="{e(f.other_error_id)}" role="alert">{e(f.other_error)}</p>')
    return "".join(out)


def choices(f: FieldView) -> str:
    """boolean, single_choice and multiple_choice."""
    if f.readonly:
        return f'<div class="form-field">{readonly_value(f)}{meta(f)}</div>'
    error = " form-field--error" if f.error else ""
    required = " data-guide-required" if f.required else ""
    hidden = ' class="visually-hidden"' if f.in_table else ""
    return (
        f'<fieldset class="choice-group{error}" id="{e(f.anchor)}" data-guide-slot{required}'
        f"{attr('aria-describedby', f.describedby)}>\n<legend{hidden}>{label_text(f)}</legend>\n"
        f"{options(f)}\n{meta(f)}</fieldset>"
    )


def heading(f: FieldView) -> str:
    return f'<h3 class="form-heading" id="{e(f.anchor)}">{e(f.label)}</h3>'


def guidance(f: FieldView) -> str:
    return (
        f'<div class="form-field form-guidance" id="{e(f.anchor)}"><p class="help clause">'
        f'<span class="visually-hidden">{e(f.label)}：</span>{e(f.text)}</p></div>'
    )


def signature(f: FieldView) -> str:
    wording = f" {e(f.text)}" if f.text else ""
    return (
        f'<div class="form-field form-signature" id="{e(f.anchor)}">\n<span class="field-label">{label_text(f)}</span>\n'
        f'<div class="signature-box">（签字/盖章）{wording}</div>\n{meta(f)}</div>'
    )


def material(f: FieldView) -> str:
    return (
        f'<div class="form-field form-material" id="{e(f.anchor)}">\n<span class="field-label">{label_text(f)}</span>\n'
        f'<a href="{e(f.href)}">在“申报材料”中上传：{e(f.label)}</a>\n{meta(f)}</div>'
    )


KINDS: dict[str, Callable[[FieldView], str]] = {
    "text": text, "long_text": long_text, "number": number, "date": date,
    "boolean": choices, "single_choice": choices, "multiple_choice": choices,
    "year_table": year_table, "table": table,  # html_tables.py
    "heading": heading, "guidance": guidance, "signature": signature, "material": material,
}  # fmt: skip
