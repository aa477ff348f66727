"""The audit log is not in the admin: only the audit reader sees it, read-only, at /audit/.

What the admin site does write is audited (issue 16 §1): `AuditedModelAdmin` records every add, change and
delete made through /admin/, with the fields changed (old and new values; passwords only as "set"), including
inline rows (a user's roles), in the same transaction as the change. django_admin_log, which the auditor cannot
read, is kept as Django writes it."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models, transaction

from core.choices import AuditVerb
from core.services import audit_event_record

MASKED = "（已设置，不记录内容）"
SECRET_FIELDS = ("password",)


def _plain(value: Any) -> Any:
    """A JSON-safe rendering of a form value: objects by their name, querysets as lists."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, models.QuerySet | list | tuple | set):
        return sorted(str(v) for v in value)
    return str(value)


def form_changes(form) -> dict[str, Any]:
    """{field: {"from": old, "to": new}} for each changed field of a validated ModelForm."""
    changes: dict[str, Any] = {}
    for name in form.changed_data:
        if any(secret in name for secret in SECRET_FIELDS):
            changes[name] = MASKED
            continue
        field = form.fields.get(name)
        initial = form.get_initial_for_field(field, name) if field is not None else form.initial.get(name)
        if isinstance(initial, list | tuple) and field is not None and hasattr(field, "queryset"):
            initial = field.queryset.filter(pk__in=[getattr(v, "pk", v) for v in initial])
        changes[name] = {"from": _plain(initial), "to": _plain(form.cleaned_data.get(name))}
    return changes


def admin_write_record(request, *, verb: AuditVerb, target: models.Model, data: dict | None = None) -> None:
    audit_event_record(
        actor=request.user, verb=verb, target=target,
        data={"via": "admin", "model": target._meta.label_lower, **(data or {})},
    )  # fmt: skip


class AuditedModelAdmin(admin.ModelAdmin):
    """A ModelAdmin whose every write is also an audit event (the admin's change and delete views already run in a
    transaction; the bulk delete is wrapped in one here)."""

    def save_model(self, request, obj, form, change):
        changes = form_changes(form)
        super().save_model(request, obj, form, change)
        verb = AuditVerb.ADMIN_OBJECT_CHANGED if change else AuditVerb.ADMIN_OBJECT_ADDED
        admin_write_record(request, verb=verb, target=obj, data={"changes": changes})

    def save_formset(self, request, form, formset, change):
        deleted = [(f.instance, str(f.instance)) for f in formset.deleted_forms if f.instance.pk is not None]
        changed = {
            f.instance.pk: form_changes(f)
            for f in formset.initial_forms
            if f.has_changed() and f not in formset.deleted_forms
        }
        super().save_formset(request, form, formset, change)
        parent = {"parent": str(form.instance), "parent_id": form.instance.pk}
        for obj in formset.new_objects:
            admin_write_record(request, verb=AuditVerb.ADMIN_OBJECT_ADDED, target=obj, data=parent)
        for obj, _ in formset.changed_objects:
            data = {**parent, "changes": changed.get(obj.pk, {})}
            admin_write_record(request, verb=AuditVerb.ADMIN_OBJECT_CHANGED, target=obj, data=data)
        for obj, name in deleted:
            audit_event_record(
                actor=request.user, verb=AuditVerb.ADMIN_OBJECT_DELETED,
                data={"via": "admin", "model": obj._meta.label_lower, "object": name, **parent},
            )  # fmt: skip

    def delete_model(self, request, obj):
        admin_write_record(request, verb=AuditVerb.ADMIN_OBJECT_DELETED, target=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic(using=queryset.db):
            for obj in queryset:
                admin_write_record(request, verb=AuditVerb.ADMIN_OBJECT_DELETED, target=obj)
            super().delete_queryset(request, queryset)
