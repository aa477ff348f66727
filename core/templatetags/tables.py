"""Template filters for the shared tables (core/results_table.html)."""

from django import template

register = template.Library()


@register.filter
def columns(headers: str) -> list[str]:
    """A table's column headers written in the template as one string, "企业|县市区/园区|…"."""
    return headers.split("|")
