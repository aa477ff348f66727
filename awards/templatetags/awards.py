"""The award block of the application page, from the awards app (applications does not import awards)."""

from django import template

from applications.workflow import TRANSITIONS
from awards.selectors import AwardInfo, award_for_application

register = template.Library()


def _reachable_from(status: str) -> frozenset[str]:
    """`status` and every status the workflow table's transitions lead to from it."""
    seen, todo = set(), [status]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(t.target for t in TRANSITIONS.values() if current in t.sources)
    return frozenset(seen)


# An application has an entry on a publicised (or final) list only once the list's 公示 took every application on
# it through "publicise" (awards.services.public_notice_publish checks each against the table); from then on the
# table keeps it in PUBLICISED or what follows (AWARDED, or CITY_REJECTED when an objection is upheld). In any
# other status there is no award to show, and the page reads none.
AWARD_STATES = _reachable_from(TRANSITIONS["publicise"].target)


@register.simple_tag
def award_of(application) -> AwardInfo | None:
    """{% award_of application as award %}: the award the reader may see, or None before the 公示. The page's
    application was just read, so its status is current."""
    if application.status not in AWARD_STATES:
        return None
    return award_for_application(application)
