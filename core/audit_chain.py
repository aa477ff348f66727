"""The audit log's hash chain: each event carries HMAC-SM3(key, previous event's HMAC + the event's content),
so that rewriting, inserting or deleting an event without the key breaks every later link.

The chain head (core.models.AuditChainHead, one row) holds the last event's HMAC. A writer locks it before it
seals its events and updates it in the same transaction, so that two concurrent writers cannot both chain onto
the same predecessor (a fork): on PostgreSQL with SELECT … FOR UPDATE, on SQLite because writes are serialised.
Events are sealed in id order, which is the chain's order because the head is held until commit.

A purge (core.services.audit_events_purge) deletes the oldest events and records the HMAC of the last one
deleted as the head's anchor: the first remaining event chains onto it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import connection

from core.sm3 import hmac_sm3_hex

GENESIS = "0" * 64  # the "previous HMAC" of the first event ever written
HEAD_PK = 1
# What the HMAC covers, in this order. The id is left out: the chain itself fixes each event's place.
SEALED_FIELDS = (
    "created_at", "actor_id", "actor_name", "organisation_id", "verb",
    "target_type", "target_id", "target_repr", "data", "ip_address",
)  # fmt: skip


def audit_key() -> bytes:
    return settings.AUDIT_HMAC_KEY.encode("utf-8")


def _plain(value):
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    return value


def event_content(values: dict) -> bytes:
    """The canonical bytes of an event's sealed fields: JSON with sorted keys, the data as it reads back
    from the database (a JSON round trip), times in UTC."""
    sealed = {name: _plain(values[name]) for name in SEALED_FIELDS}
    sealed["data"] = json.loads(json.dumps(sealed["data"] or {}))
    sealed["ip_address"] = sealed["ip_address"] or None
    return json.dumps(sealed, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def link_hmac(previous: str, values: dict, key: bytes | None = None) -> str:
    return hmac_sm3_hex(key if key is not None else audit_key(), previous.encode("ascii") + event_content(values))


def head_seal(*, last_hmac: str, anchor_hmac: str, anchor_event_id: int | None, key: bytes | None = None) -> str:
    """The head's own HMAC: without the key, no one can point the head at an earlier event (cutting off the
    newest events) or move the anchor; only a whole earlier head, from a copy of the database, could be put back."""
    message = f"head|{last_hmac}|{anchor_hmac}|{anchor_event_id or ''}".encode("ascii")
    return hmac_sm3_hex(key if key is not None else audit_key(), message)


def head_defaults() -> dict:
    """The head of an empty log."""
    return {"last_hmac": GENESIS, "anchor_hmac": GENESIS,
            "seal": head_seal(last_hmac=GENESIS, anchor_hmac=GENESIS, anchor_event_id=None)}  # fmt: skip


@dataclass(frozen=True)
class Broken:
    """The first link that does not hold: the event, and why, in Chinese (the command prints it)."""

    event_id: int | None
    reason: str


@dataclass(frozen=True)
class Verified:
    checked: int
    broken: Broken | None

    @property
    def ok(self) -> bool:
        return self.broken is None


def chain_verify(events: Iterable[dict], *, anchor: str, head: str | None, key: bytes | None = None) -> Verified:
    """Walk `events` (dicts of SEALED_FIELDS with id and chain_hmac, in id order) from `anchor`; the last
    event's HMAC must be the head's (else events were deleted from the end)."""
    key = key if key is not None else audit_key()
    previous, checked, last_id = anchor, 0, None
    for values in events:
        expected = link_hmac(previous, values, key)
        if values["chain_hmac"] != expected:
            return Verified(
                checked, Broken(values["id"], "事件内容或顺序与其校验值不符（被修改、插入或其前面的事件被删除）")
            )
        previous, checked, last_id = expected, checked + 1, values["id"]
    if head is not None and previous != head:
        return Verified(checked, Broken(last_id, "链尾与链头记录不符（最后的事件被删除或链头被改写）"))
    return Verified(checked, None)


def iter_event_values(queryset, chunk: int = 2000) -> Iterator[dict]:
    fields = ("id", "chain_hmac", *SEALED_FIELDS)
    yield from queryset.order_by("id").values(*fields).iterator(chunk_size=chunk)


# PostgreSQL refuses every UPDATE of an audit event, and every DELETE except a purge's (which sets
# audit.purge = 'on' for its own transaction only). The test database is built from the models, so the same
# SQL is installed by the migration and by core.apps' post_migrate receiver.
TRIGGER_SQL = """
CREATE OR REPLACE FUNCTION core_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND coalesce(current_setting('audit.purge', true), '') = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '审计日志不可修改或删除 (% on core_auditevent)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent;
CREATE TRIGGER core_auditevent_append_only BEFORE UPDATE OR DELETE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION core_auditevent_append_only();
"""


def append_only_trigger_install(using_connection=None) -> None:
    conn = using_connection or connection
    if conn.vendor != "postgresql":
        return
    with conn.cursor() as cursor:
        cursor.execute(TRIGGER_SQL)
