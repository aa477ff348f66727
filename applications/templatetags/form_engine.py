"""{% form_field field %}: one field view of the form engine as HTML (policies/formengine/html.py), for
applications/form_fields.html."""

from django import template
from django.utils.safestring import SafeString

from policies.formengine.html import field_html

register = template.Library()


@register.simple_tag
def form_field(field) -> SafeString:
    return field_html(field)
