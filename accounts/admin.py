"""System administration of jurisdictions, organisations, users and roles (system administrator only)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import Jurisdiction, Organisation, User, UserRole


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "sort_order", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("code", "name")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "jurisdiction", "section_code", "is_active")
    list_filter = ("kind", "jurisdiction", "is_active")
    search_fields = ("name",)


class UserRoleInline(admin.TabularInline):
    model = UserRole
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [UserRoleInline]
    list_display = ("username", "full_name", "organisation", "is_active")
    list_filter = ("is_active", "organisation__kind")
    search_fields = ("username", "full_name")
    fieldsets = BaseUserAdmin.fieldsets + (
        ("单位与职务", {"fields": ("full_name", "organisation", "title", "mobile")}),
    )
