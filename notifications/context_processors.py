"""The unread count shown in the header of every page."""

from django.utils.functional import SimpleLazyObject

from notifications.selectors import unread_count


def unread(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # One COUNT on the (recipient, read_at) index, run only when the template shows the header's badge: a
    # partial (an autosave's status line, a work list's rows) does not, and asks nothing.
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
