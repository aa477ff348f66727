"""The review block of the application page, from the review app (applications does not import review)."""

from django import template

from accounts import permissions as base
from review import permissions, selectors

register = template.Library()


@register.simple_tag
def review_of(application, user) -> dict | None:
    """{% review_of application user as review %}: the opinions given and what this official may do here;
    None for the enterprise, whose page shows the return comments instead."""
    if base.is_enterprise_user(user):
        return None
    return {
        "opinions": selectors.opinions_of(application),
        "can_decide": permissions.can_record_county_opinion(user, application)
        or permissions.can_decide_as_city_section(user, application),
        "can_reopen": permissions.can_reopen_for_county(user, application),
        "city": permissions.is_city_section_of(user, application),
    }
