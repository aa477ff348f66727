"""The admin site's permissions come from the administrator's role, not from Django's superuser flag, groups or
per-user permissions (三员分立, issue 16 §1): nobody is a superuser, and the admin forms no longer offer groups or
permissions to grant."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend, UserModel

from accounts.choices import Role
from core.prepared import PreparedQuery

# The query of every signed-in request, compiled once per process (core/prepared.py).
USER_WITH_ORGANISATION = PreparedQuery(
    lambda pk: UserModel._default_manager.select_related("organisation__jurisdiction").filter(pk=pk), pk=int
)

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    # Accounts and organisations (the service checks which account: accounts.permissions.can_administer_account).
    Role.SYSTEM_ADMIN: frozenset(
        {
            "accounts.view_user",
            "accounts.add_user",
            "accounts.change_user",
            "accounts.view_userrole",
            "accounts.view_organisation",
            "accounts.add_organisation",
            "accounts.change_organisation",
            "accounts.view_jurisdiction",
            "policies.view_policypack",
        }
    ),
    # Roles, and the accounts of the three administrators (password reset, deactivation).
    Role.SECURITY_ADMIN: frozenset(
        {
            "accounts.view_user",
            "accounts.change_user",
            "accounts.view_userrole",
            "accounts.add_userrole",
            "accounts.change_userrole",
            "accounts.delete_userrole",
            "accounts.view_organisation",
            "accounts.view_jurisdiction",
        }
    ),
}


class UserBackend(ModelBackend):
    """Django's ModelBackend, except that the signed-in user of every request comes with its organisation and
    the organisation's jurisdiction in the same query: the page header prints the organisation and most views
    read it (issue 17 §5). Its path is the one a login stores in the session, so it replaces ModelBackend in
    AUTHENTICATION_BACKENDS rather than sitting beside it (beside it, a failed login would check the password
    twice)."""

    def get_user(self, user_id):
        user = USER_WITH_ORGANISATION.first(pk=user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class RolePermissionBackend:
    """Answers permission questions only; authentication stays with axes and ModelBackend."""

    def authenticate(self, request, **credentials):
        return None

    def _permissions(self, user) -> frozenset[str]:
        if not (user and user.is_active and getattr(user, "pk", None)):
            return frozenset()
        granted: set[str] = set()
        for role in user.role_set:
            granted |= ROLE_PERMISSIONS.get(role, frozenset())
        return frozenset(granted)

    def has_perm(self, user, perm: str, obj=None) -> bool:
        return perm in self._permissions(user)

    def has_module_perms(self, user, app_label: str) -> bool:
        return any(p.startswith(f"{app_label}.") for p in self._permissions(user))
