"""A JSON field for large documents that are written once and then read on most pages: a published policy
pack (about 640 KB of JSON) and the form schemas an application froze when it was created.

Decoding the pack took about 10 ms on every page that read it (a tenth of the test suite's time). This field
decodes each distinct stored text once per process and hands every row that stores the same text one shared,
read-only structure. Reading needs nothing new; a change is a new value assigned to the field, and
`copy.deepcopy` (or `thaw`) gives a plain, mutable copy to build it from. Mutating the shared value in place
raises TypeError instead of silently changing it for every other reader."""

from __future__ import annotations

import functools
import json
from typing import Any

from django.db import models
from django.db.models.fields.json import KeyTransform

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
