"""{% worklist_rows page can_bulk %}: the work list's rows, drawn by review/worklist_rows.py."""

from django import template

from review.worklist_rows import edit_link, rows_html

register = template.Library()


def _current_app(context) -> str | None:
    """The application namespace `{% url %}` reverses in: the request's current app, else the resolved one."""
    request = getattr(context, "request", None)
    try:
        return request.current_app
    except AttributeError:
        try:
            return request.resolver_match.namespace
        except AttributeError:
            return None


@register.simple_tag(takes_context=True)
def worklist_rows(context, applications, can_bulk):
    return rows_html(applications, can_bulk=can_bulk, url=edit_link(_current_app(context)))
