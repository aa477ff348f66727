"""The menu and role names every page shows."""

from dashboard.navigation import menu_for


def navigation(request):
    user = getattr(request, "user", None)
    roles = []
    if user is not None and user.is_authenticated:
        from accounts.choices import Role

        roles = [Role(r).label for r in Role.values if r in user.role_set]
    return {"nav_menu": menu_for(user), "nav_roles": roles}
