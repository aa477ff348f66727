from django.contrib import admin

from policies.models import PolicyPack


@admin.register(PolicyPack)
class PolicyPackAdmin(admin.ModelAdmin):
    """Packs are loaded with `manage.py pack load`; the admin only shows them."""

    list_display = ("document_number", "pack_id", "version", "status", "published_at")
    readonly_fields = [f.name for f in PolicyPack._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
