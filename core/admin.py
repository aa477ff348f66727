"""Admin helpers shared by the apps. The audit log itself is not in the admin: only the 安全审计员 reads it, at
/audit/."""

from __future__ import annotations

from django.contrib import admin


class ReadOnlyModelAdmin(admin.ModelAdmin):
    """Shown, never written through the admin: rows that another path owns (a pack loaded by `manage.py pack
    load`, reference data from GB/T 2260)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
