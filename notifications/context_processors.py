"""The unread count shown in the header of every page."""

from notifications.selectors import unread_count


def unread(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # One COUNT on the (recipient, read_at) index per page.
    return {"unread_notifications": unread_count(user)}
