"""The 申报截止 the reader is bound by, for pages of lower apps (the public catalogue, notice and item
pages in policies) that cannot import applications: `{% reader_deadline pack as deadline %}`."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

from accounts.permissions import is_enterprise_user
from applications.selectors import public_deadline, submission_deadline
from policies.presenters import deadline_status

register = template.Library()


@register.simple_tag(takes_context=True)
def reader_deadline(context, pack) -> dict:
    """The window that applies to the reader: an enterprise's own jurisdiction's (a county may close
    earlier, the city may re-open), for everyone else the window open today, "已截止" only when none is."""
    user = context["request"].user
    today: dt.date = timezone.localdate()
    if is_enterprise_user(user):
        window = submission_deadline(pack=pack, jurisdiction=user.organisation.jurisdiction)
    else:
        window = public_deadline(pack=pack, today=today)
    if window is None:
        return deadline_status(deadline=dt.date.fromisoformat(pack.notice["deadline"]), today=today)
    return deadline_status(deadline=window.closes_on, today=today, source=window.source)
