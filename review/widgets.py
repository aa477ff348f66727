"""A select box drawn in Python: django/forms/widgets/select.html, select_option.html and attrs.html as text,
from the context Django's own Select builds (issue 17: the work list's filter draws about 35 options, each an
include of two templates, a tenth of the page's CPU). tests/test_widgets.py checks it against forms.Select."""

from __future__ import annotations

from django import forms
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe

from policies.formengine.html import e


def _stringformat(value) -> str:
    """`value|stringformat:'s'`, escaped as the template escapes it."""
    try:
        return e(value if hasattr(value, "__html__") else "%s" % (value,))
    except (TypeError, ValueError):
        return ""


def attrs_html(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: ` name="value"`, a bare ` name` for True, nothing for False."""
    out = ""
    for name, value in attrs.items():
        if value is not False:
            out += f" {e(name)}" if value is True else f' {e(name)}="{_stringformat(value)}"'
    return out


def option_html(option: dict) -> str:
    """django/forms/widgets/select_option.html, its closing line break included."""
    return f'<option value="{_stringformat(option["value"])}"{attrs_html(option["attrs"])}>{e(localize(option["label"]))}</option>\n'


def select_html(widget: dict) -> str:
    """django/forms/widgets/select.html of a widget context (Select.get_context()["widget"]), stripped as the form
    renderer strips what it renders."""
    out = f'<select name="{e(widget["name"])}"{attrs_html(widget["attrs"])}>'
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            out += f'\n  <optgroup label="{e(localize(group_name))}">'
        out += "".join(f"\n  {option_html(option)}" for option in group_choices)
        if group_name:
            out += "\n  </optgroup>"
    return out + "\n</select>"


class PlainSelect(forms.Select):
    """forms.Select with the same HTML, drawn without the form renderer's templates."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        context = self.get_context(name, value, attrs)
        return mark_safe(select_html(context["widget"]))  # noqa: S308 - every value inside is escaped
