"""The award block of the application page, from the awards app (applications does not import awards)."""

from django import template

from awards.selectors import AwardInfo, award_for_application

register = template.Library()


@register.simple_tag
def award_of(application) -> AwardInfo | None:
    """{% award_of application as award %}: the award the reader may see, or None before the 公示."""
    return award_for_application(application)
