"""The stored 2023 pack, cheaply: the first test of a process stores it with `pack_load`, every later
test copies the rows that load wrote (pack, items, form templates and its two audit events) with four
inserts, instead of validating and publishing the pack again (0.35 s a test; a copy takes about 0.02 s on SQLite).
The JSON columns are encoded once, when the rows are taken, and inserted as they are."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db import models
from django.db.models.functions import Cast
from django.utils import timezone

from core.models import AuditEvent
from policies.models import FormTemplate, PolicyPack, SupportItem
from policies.pack.loader import load_pack_unchanged
from policies.services import pack_load
from policies.tests.formtools import PACK_2023

_SKIP = ("id", "pack")  # assigned anew for each copy


@dataclass(frozen=True)
class _Rows:
    digest: str
    pack: dict
    items: list[dict]
    forms: list[dict]
    events: list[dict]


_ROWS: _Rows | None = None


def _encoded(model, row: dict) -> dict:
    """The row with each JSON value replaced by its text, inserted without being encoded again."""
    json_fields = {f.attname for f in model._meta.concrete_fields if isinstance(f, models.JSONField)}
    return {k: Cast(models.Value(json.dumps(v)), models.JSONField()) if k in json_fields else v for k, v in row.items()}


def _values(queryset, *skip: str) -> list[dict]:
    return [_encoded(queryset.model, {k: v for k, v in row.items() if k not in skip}) for row in queryset.values()]


def _fields(model) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if f.name not in _SKIP]


def _taken(pack: PolicyPack) -> _Rows:
    return _Rows(
        digest=pack.digest,
        pack=_encoded(PolicyPack, {k: getattr(pack, k) for k in _fields(PolicyPack)}),
        items=_values(SupportItem.objects.filter(pack=pack).order_by("number"), "id", "pack_id"),
        forms=_values(FormTemplate.objects.filter(pack=pack).order_by("pk"), "id", "pack_id"),
        events=_values(
            AuditEvent.objects.filter(target_type="policies.policypack", target_id=str(pack.pk)).order_by("pk"), "id"
        ),
    )


def _copied(rows: _Rows) -> PolicyPack:
    pack = PolicyPack(**{**rows.pack, "published_at": timezone.now()})
    PolicyPack.objects.bulk_create([pack])  # bulk_create: the immutability check of save() has nothing to compare
    if pack.pk is None:  # back-ends that return no keys from bulk_create
        pack = PolicyPack.objects.get(pack_id=pack.pack_id, version=pack.version)
    SupportItem.objects.bulk_create(SupportItem(pack=pack, **row) for row in rows.items)
    FormTemplate.objects.bulk_create(FormTemplate(pack=pack, **row) for row in rows.forms)
    AuditEvent.objects.bulk_create(AuditEvent(**{**row, "target_id": str(pack.pk)}) for row in rows.events)
    # The copy's content is read from the database when a test asks for it, never shared between tests.
    return PolicyPack.objects.defer("data").get(pk=pack.pk)


def stored_pack_2023() -> PolicyPack:
    """The 2023 pack, stored and published, as `pack_load(actor=None, directory=PACK_2023)` leaves it."""
    global _ROWS
    loaded = load_pack_unchanged(PACK_2023)  # parsed once; a changed pack folder is loaded again, not copied
    stored = PolicyPack.objects.filter(pack_id=loaded.pack.id, version=loaded.pack.version).defer("data").first()
    if stored is not None and stored.digest == loaded.digest:
        return stored  # the worker's shared copy (conftest.py)
    if stored or _ROWS is None or _ROWS.digest != loaded.digest:
        pack = pack_load(actor=None, directory=PACK_2023)[0]
        if not stored:
            _ROWS = _taken(pack)
        return pack
    return _copied(_ROWS)
