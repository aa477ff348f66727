"""Where in the enterprise profile a fact is filled in (the anchor of its field)."""

from django import template

from enterprises.profile_schema import PROFILE_FORM_ID, YEAR_TABLE_ID, profile_table_years
from policies.formengine.paths import path_to_anchor
from policies.pack.prefill import YEARLY_METRICS

register = template.Library()


@register.filter
def profile_anchor(fact: str) -> str:
    metric, _, year = fact.rpartition("_")
    if metric in YEARLY_METRICS and year.isdigit() and int(year) in profile_table_years():
        return path_to_anchor(f"{PROFILE_FORM_ID}.{YEAR_TABLE_ID}.{metric}.{year}")
    return path_to_anchor(f"{PROFILE_FORM_ID}.{fact}")


@register.filter
def fact_label(fact: str) -> str:
    from policies.facts import fact_named

    known = fact_named(fact)
    return known.label if known is not None else fact
