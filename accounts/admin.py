"""Administration of organisations, users and roles through /admin/, by role (三员分立, issue 16 §1): the system
administrator creates and edits accounts and organisations, the security administrator grants roles and looks
after the three administrators' own accounts. Every write goes through accounts.services (its checks and its
audit event); nothing is deleted here (an account or organisation is switched off instead), and jurisdictions are
reference data (GB/T 2260), shown only. Which admin pages each role sees: accounts.backends.ROLE_PERMISSIONS."""

from __future__ import annotations

from contextvars import ContextVar

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, AdminUserCreationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.shortcuts import redirect

from accounts import permissions, services
from accounts.models import Jurisdiction, Organisation, User, UserRole
from core.admin import ReadOnlyModelAdmin

# The administrator whose request is being served, for the password form's save (the admin builds the form
# itself, without the request). A context variable: each request's thread sees its own.
_acting_administrator: ContextVar[User | None] = ContextVar("acting_administrator", default=None)


def _own_password_change(request, extra_context=None):
    """The admin's 修改密码 link: the platform's own page, whose service keeps the password history, clears a
    reset's flag and is audited (Django's admin view would save the password directly)."""
    return redirect("accounts:password_change")


admin.site.password_change = _own_password_change


@admin.register(Jurisdiction)
class JurisdictionAdmin(ReadOnlyModelAdmin):
    list_display = ("code", "name", "kind", "sort_order", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("code", "name")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "jurisdiction", "section_code", "is_active")
    list_filter = ("kind", "jurisdiction", "is_active")
    search_fields = ("name",)
    fields = (*services.ORGANISATION_EDITABLE_FIELDS, "is_active")

    def has_delete_permission(self, request, obj=None):
        return False

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            fields = {name: data[name] for name in form.changed_data}
            services.organisation_update(actor=request.user, organisation=obj, **fields)
            return
        created = services.organisation_create(
            actor=request.user, name=data["name"], kind=data["kind"], jurisdiction=data.get("jurisdiction"),
            section_code=data.get("section_code", ""),
        )  # fmt: skip
        if not data.get("is_active", True):
            services.organisation_update(actor=request.user, organisation=created, is_active=False)
        obj.pk, obj._state.adding = created.pk, False


class UserRoleFormSet(BaseInlineFormSet):
    def roles_wanted(self) -> set[str]:
        """The user's roles once this formset is saved."""
        roles = set(self.instance.roles.values_list("role", flat=True)) if self.instance.pk else set()
        for form in self.forms:
            if form in self.deleted_forms:
                roles.discard(form.initial.get("role"))
            elif form.instance.pk is not None and form.has_changed():
                roles.discard(form.initial.get("role"))
                roles.add(form.cleaned_data["role"])
            elif form.instance.pk is None and form.has_changed() and form.cleaned_data.get("role"):
                roles.add(form.cleaned_data["role"])
        return roles

    def clean(self):
        super().clean()
        if not any(form.errors for form in self.forms):
            try:
                services.roles_combination_check(self.roles_wanted())
            except ValidationError as exc:
                raise ValidationError(exc.messages) from exc


class UserRoleInline(admin.TabularInline):
    """Editable by the security administrator only (the others lack add/change/delete_userrole)."""

    model = UserRole
    formset = UserRoleFormSet
    extra = 0


class AccountCreationForm(AdminUserCreationForm):
    """A new account, its organisation and a first password, which the holder must change at the first login.
    Roles come after, from the security administrator."""

    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "full_name", "organisation", "title", "mobile", "email")


class PasswordResetByAdministratorForm(AdminPasswordChangeForm):
    """Sets a new password through accounts.services.user_password_set_by_admin; never "no password"."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields.pop("usable_password", None)
        self.fields["password1"].required = self.fields["password2"].required = True

    def save(self, commit=True):
        actor = _acting_administrator.get()
        if actor is None:  # pragma: no cover - only the admin view below builds this form
            raise PermissionDenied
        return services.user_password_set_by_admin(
            actor=actor, user=self.user, new_password=self.cleaned_data["password1"]
        )


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [UserRoleInline]
    add_form = AccountCreationForm
    change_password_form = PasswordResetByAdministratorForm
    list_display = ("username", "full_name", "organisation", "is_active", "password_must_change")
    list_filter = ("is_active", "organisation__kind")
    search_fields = ("username", "full_name")
    actions = ["otp_reset"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("单位与职务", {"fields": (*services.USER_EDITABLE_FIELDS,)}),
        ("状态", {"fields": ("is_active", "is_staff", "password_must_change", "password_changed_at",
                           "last_login", "date_joined")}),
    )  # fmt: skip
    add_fieldsets = (
        (None, {"fields": ("username", "full_name", "organisation", "title", "mobile", "email",
                           "usable_password", "password1", "password2")}),
    )  # fmt: skip
    readonly_fields = ("is_staff", "password_must_change", "password_changed_at", "last_login", "date_joined")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and not permissions.can_administer_account(request.user, obj):
            # No 重置密码 button for an account this administrator may not reset.
            first = fieldsets[0]
            fieldsets = ((first[0], {"fields": ("username",)}), *fieldsets[1:])
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not permissions.can_administer_account(request.user, obj):
            # The security administrator sees a business account's fields but sets only its roles.
            return ("username", *services.USER_EDITABLE_FIELDS, "is_active", *self.readonly_fields)
        return ("username", *self.readonly_fields) if obj is not None else self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False

    def has_otp_reset_permission(self, request) -> bool:
        return permissions.can_manage_roles(request.user)

    @admin.action(description="重置动态口令（手机丢失或更换）", permissions=["otp_reset"])
    def otp_reset(self, request, queryset):
        with transaction.atomic():
            count = sum(services.otp_devices_reset(actor=request.user, user=user) for user in queryset)
        self.message_user(request, f"已重置 {count} 个动态口令设备；相关用户下次登录时须重新启用。")

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            usable = data.get("set_usable_password", True)
            created = services.user_create(
                actor=request.user, username=data["username"], full_name=data["full_name"],
                organisation=data["organisation"], roles=[], password=data["password1"] if usable else None,
                mobile=data.get("mobile", ""), title=data.get("title", ""), email=data.get("email", ""),
                password_must_change=True,
            )  # fmt: skip
            obj.pk, obj._state.adding, obj.password = created.pk, False, created.password
            return
        changed = [name for name in form.changed_data if name in services.USER_EDITABLE_FIELDS]
        if changed:
            services.user_update(actor=request.user, user=obj, **{name: data[name] for name in changed})
        if "is_active" in form.changed_data:
            toggle = services.user_reactivate if data["is_active"] else services.user_deactivate
            toggle(actor=request.user, user=obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is not UserRole:  # pragma: no cover - the only inline
            raise PermissionDenied
        services.user_roles_set(actor=request.user, user=form.instance, roles=formset.roles_wanted())
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def user_change_password(self, request, id, form_url=""):
        """Only for an account the administrator may look after (accounts.permissions.can_administer_account):
        the system administrator cannot set the auditor's password, nor anyone their own here."""
        user = self.get_object(request, id) if str(id).isdigit() else None
        if user is not None and not permissions.can_administer_account(request.user, user):
            raise PermissionDenied
        token = _acting_administrator.set(request.user)
        try:
            with transaction.atomic():
                return super().user_change_password(request, id, form_url)
        finally:
            _acting_administrator.reset(token)
