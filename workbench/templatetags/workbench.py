"""Template tags of the workbench's pages."""

from django import template
from django.utils.html import format_html

from workbench.views.editing import DATA_VERSION

register = template.Library()


@register.simple_tag(takes_context=True)
def data_version_input(context, draft) -> str:
    """The hidden input of a draft's optimistic lock, in every form that changes the draft's data: the
    data_version the page was rendered from. A page drawn again for a refused POST carries what that POST
    carried, so that saving it again is refused too when it was stale (what it addresses by position may have
    moved), and goes through when only a field was wrong. After a save the views redirect, and the page then
    drawn carries the new version."""
    request = context.get("request")
    if request is not None and request.method == "POST":
        value = request.POST.get(DATA_VERSION, "")
    else:
        value = draft.data_version
    return format_html('<input type="hidden" name="{}" value="{}">', DATA_VERSION, value)
