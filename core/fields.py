"""Custom model fields: a shared read-only JSON field for large documents, and the encrypted personal-data fields.

`SharedJSONField` is a JSON field for large documents that are written once and then read on most pages: a published policy
pack (about 640 KB of JSON) and the form schemas an application froze when it was created.

Decoding the pack took about 10 ms on every page that read it (a tenth of the test suite's time). This field
decodes each distinct stored text once per process and hands every row that stores the same text one shared,
read-only structure. Reading needs nothing new; a change is a new value assigned to the field, and
`copy.deepcopy` (or `thaw`) gives a plain, mutable copy to build it from. Mutating the shared value in place
raises TypeError instead of silently changing it for every other reader."""

from __future__ import annotations

import functools
import json
import re
from typing import Any

from django.db import connections, models, router
from django.db.models.fields.json import KeyTransform

from core import crypto

# Smaller documents decode faster than they are looked up; only the large ones are shared.
SHARE_FROM_CHARS = 8192
SHARED_DOCUMENTS = 32  # distinct texts kept per process (a few packs, the forms of each item)

_READ_ONLY = "This JSON value is shared and read-only; assign a changed copy (copy.deepcopy or core.fields.thaw)."


def _refuse(self, *args, **kwargs):
    raise TypeError(_READ_ONLY)


class FrozenDict(dict):
    """A dict that refuses in-place changes; equal to, and serialised as, a plain dict."""

    __slots__ = ()
    __setitem__ = __delitem__ = __ior__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    def __copy__(self) -> dict:
        return dict(self)

    def __deepcopy__(self, memo) -> dict:
        return thaw(self)

    def __reduce__(self):
        return (dict, (dict(self),))


class FrozenList(list):
    """A list that refuses in-place changes; equal to, and serialised as, a plain list."""

    __slots__ = ()
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse
    append = extend = insert = pop = remove = clear = sort = reverse = _refuse

    def __copy__(self) -> list:
        return list(self)

    def __deepcopy__(self, memo) -> list:
        return thaw(self)

    def __reduce__(self):
        return (list, (list(self),))


def freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return FrozenDict((key, freeze(item)) for key, item in value.items())
    if isinstance(value, list):
        return FrozenList(freeze(item) for item in value)
    return value


def thaw(value: Any) -> Any:
    """A plain, mutable deep copy of a (possibly frozen) JSON value."""
    if isinstance(value, dict):
        return {key: thaw(item) for key, item in value.items()}
    if isinstance(value, list):
        return [thaw(item) for item in value]
    return value


@functools.lru_cache(maxsize=SHARED_DOCUMENTS)
def _decoded(text: str) -> Any:
    return freeze(json.loads(text))


class SharedJSONField(models.JSONField):
    """JSONField whose large stored documents are decoded once per process and shared read-only (see above)."""

    def from_db_value(self, value, expression, connection):
        if (
            isinstance(value, str)
            and len(value) >= SHARE_FROM_CHARS
            and self.decoder is None
            and not isinstance(expression, KeyTransform)
        ):
            return _decoded(value)
        return super().from_db_value(value, expression, connection)


class EncryptedCharField(models.CharField):
    """A short personal value (ID number, mobile number) stored SM4-GCM encrypted (core.crypto, issue 16 §13).

    Python code and forms see the plaintext, limited to `max_length` characters; the column is text and holds only
    ciphertext, a fresh one at every save. A stored value that fails its tag raises `core.crypto.PersonalDataError`
    when read. Only `isnull` can be queried: an equality search uses the `LookupDigestField` beside the column."""

    def contribute_to_class(self, cls, name, *args, **kwargs):
        super().contribute_to_class(cls, name, *args, **kwargs)
        self.personal_context = f"{cls._meta.app_label}.{cls._meta.object_name}.{name}"

    def get_internal_type(self) -> str:
        return "TextField"

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return crypto.decrypt(value, context=self.personal_context)

    def get_db_prep_save(self, value, connection):
        value = self.get_prep_value(value)
        if not value:
            return value
        return crypto.encrypt(value, context=self.personal_context)

    def get_lookup(self, lookup_name):
        return super().get_lookup(lookup_name) if lookup_name == "isnull" else None

    def get_transform(self, lookup_name):
        return None


class LookupDigestField(models.CharField):
    """The keyed SM3 digest of an `EncryptedCharField` of the same model (`source`), set at every save, so that an
    equality search (`personal_digest`) finds a number without decrypting each row. Empty for an empty value."""

    def __init__(self, *args, source: str, **kwargs):
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        digest = personal_digest(type(model_instance), self.source, getattr(model_instance, self.source) or "")
        setattr(model_instance, self.attname, digest)
        return digest


def personal_digest(model: type[models.Model], field_name: str, value: str) -> str:
    """The digest a `LookupDigestField` stores for `value` of `model.field_name`: filter on it to search."""
    return crypto.lookup_digest(value, context=model._meta.get_field(field_name).personal_context)


def personal_data_encrypt_rows(model: type[models.Model], field_names: dict[str, str | None], *, reverse=False):
    """A data migration's step: encrypt the plaintext left in `field_names` (column -> its digest field or None)
    of every row, reading and writing through a raw cursor (the field would refuse plaintext); a JSON column has its
    personal values encrypted (`PersonalJSONField`). `reverse` decrypts them back. Values already in the wanted
    form are left as they are, so a rerun changes nothing."""
    connection = connections[router.db_for_write(model)]
    # The SQL is built from quoted names of the model's own table and columns; every value is a parameter.
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    for name, digest_name in field_names.items():
        field = model._meta.get_field(name)
        column = quote(field.column)
        context = f"{model._meta.app_label}.{model._meta.object_name}.{name}"
        is_json = isinstance(field, models.JSONField)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {pk}, {column} FROM {table} WHERE {column} IS NOT NULL")  # noqa: S608
            rows = cursor.fetchall()
        for row_pk, stored in rows:
            if is_json:
                changes = _json_row_changes(column, stored, context=context, reverse=reverse)
            elif not stored or crypto.is_encrypted(stored) != reverse:
                continue
            elif reverse:
                changes = {column: crypto.decrypt(stored, context=context)}
            else:
                changes = {column: crypto.encrypt(stored, context=context)}
                if digest_name:
                    digest = crypto.lookup_digest(stored, context=context)
                    changes[quote(model._meta.get_field(digest_name).column)] = digest
            if not changes:
                continue
            assignments = ", ".join(f"{col} = %s" for col in changes)
            with connection.cursor() as cursor:
                cursor.execute(f"UPDATE {table} SET {assignments} WHERE {pk} = %s", [*changes.values(), row_pk])  # noqa: S608


def _json_row_changes(column: str, stored: Any, *, context: str, reverse: bool) -> dict[str, str]:
    document = json.loads(stored) if isinstance(stored, str) else stored

    def change(key: str, item: str) -> str:
        if crypto.is_encrypted(item) != reverse:
            return item
        if reverse:
            return crypto.decrypt(item, context=f"{context}/{key}")
        return crypto.encrypt(item, context=f"{context}/{key}")

    changed = _personal_values(document, change)
    return {} if changed == document else {column: json.dumps(changed, ensure_ascii=False)}


# The keys of a JSON document whose text values are personal numbers: a form's or the profile's ID numbers, mobiles
# and phones (`legal_representative_id_number`, `contact_mobile`, `members[1].mobile`, the raw text typed for
# `2-2.contact_phone`). core/tests/test_security_personal_data.py checks that every field of kind id_number or
# phone in the policy pack's forms and the profile schema has such a name.
PERSONAL_KEY = re.compile(r"(?:^|[._])(?:id_number|mobile|phone)$")


def _personal_values(value: Any, change) -> Any:
    if isinstance(value, dict):
        return {
            key: change(key, item)
            if isinstance(item, str) and item and PERSONAL_KEY.search(key)
            else (_personal_values(item, change))
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_personal_values(item, change) for item in value]
    return value


class PersonalJSONField(models.JSONField):
    """A JSON document (profile, answers) whose personal numbers (`PERSONAL_KEY`) are stored SM4-GCM encrypted, each
    under its column and key as associated data; the rest of the document stays plain JSON. Code reads and writes
    plaintext. A key lookup in SQL (`data__contact_mobile`) would see the ciphertext: none is made."""

    def contribute_to_class(self, cls, name, *args, **kwargs):
        super().contribute_to_class(cls, name, *args, **kwargs)
        self.personal_context = f"{cls._meta.app_label}.{cls._meta.object_name}.{name}"

    def get_prep_value(self, value):
        context = self.personal_context
        value = _personal_values(value, lambda key, item: crypto.encrypt(item, context=f"{context}/{key}"))
        return super().get_prep_value(value)

    def from_db_value(self, value, expression, connection):
        value = super().from_db_value(value, expression, connection)
        context = self.personal_context
        return _personal_values(value, lambda key, item: crypto.decrypt(item, context=f"{context}/{key}"))
