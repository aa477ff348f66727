"""System administration of jurisdictions, organisations, users and roles (system administrator only). Every
write here is audited (core.admin.AuditedModelAdmin), a password set for someone else included."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction

from accounts.models import Jurisdiction, Organisation, User, UserRole
from core.admin import AuditedModelAdmin, admin_write_record
from core.choices import AuditVerb


@admin.register(Jurisdiction)
class JurisdictionAdmin(AuditedModelAdmin):
    list_display = ("code", "name", "kind", "sort_order", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("code", "name")


@admin.register(Organisation)
class OrganisationAdmin(AuditedModelAdmin):
    list_display = ("name", "kind", "jurisdiction", "section_code", "is_active")
    list_filter = ("kind", "jurisdiction", "is_active")
    search_fields = ("name",)


class UserRoleInline(admin.TabularInline):
    model = UserRole
    extra = 0


@admin.register(User)
class UserAdmin(AuditedModelAdmin, BaseUserAdmin):
    inlines = [UserRoleInline]
    list_display = ("username", "full_name", "organisation", "is_active")
    list_filter = ("is_active", "organisation__kind")
    search_fields = ("username", "full_name")
    fieldsets = BaseUserAdmin.fieldsets + (
        ("单位与职务", {"fields": ("full_name", "organisation", "title", "mobile")}),
    )

    def user_change_password(self, request, id, form_url=""):
        """Django's view saves the new password outside a transaction: run it in one, and record the change when
        the stored password did change (a refused form changes nothing)."""
        if not str(id).isdigit():
            return super().user_change_password(request, id, form_url)
        with transaction.atomic():
            before = User.objects.filter(pk=id).values_list("password", flat=True).first()
            response = super().user_change_password(request, id, form_url)
            user = User.objects.filter(pk=id).first()
            if user is not None and before is not None and user.password != before:
                data = {"usable": user.has_usable_password()}
                admin_write_record(request, verb=AuditVerb.ADMIN_PASSWORD_SET, target=user, data=data)
        return response
