"""{% form_field field %}: one field view of the form engine as HTML (policies/formengine/html.py), for
applications/form_fields.html; {% form_fields fields %}: a section's fields at once."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from policies.formengine.html import field_html

register = template.Library()


@register.simple_tag
def form_field(field) -> SafeString:
    return field_html(field)


@register.simple_tag
def form_fields(fields) -> SafeString:
    """The same bytes as {% for field in fields %}{% form_field field %}{% endfor %}, without the template engine's
    loop and tag call for each of a page's hundreds of fields."""
    return mark_safe("".join(field_html(field) for field in fields))  # noqa: S308 - field_html escapes every value
