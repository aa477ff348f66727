from django.contrib import admin

from core.admin import ReadOnlyModelAdmin
from policies.models import PolicyPack


@admin.register(PolicyPack)
class PolicyPackAdmin(ReadOnlyModelAdmin):
    """Packs are loaded with `manage.py pack load`; the admin only shows them."""

    list_display = ("document_number", "pack_id", "version", "status", "published_at")
    readonly_fields = [f.name for f in PolicyPack._meta.fields]
