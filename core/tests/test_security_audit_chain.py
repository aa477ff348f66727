"""Issue 16 §2: the audit log is tamper-evident. Each event carries an HMAC-SM3 chained to the previous one;
`manage.py audit verify` names the first broken link; on PostgreSQL a trigger refuses UPDATE and DELETE; a purge
keeps the chain verifiable. (Before this, `manage.py loaddata` rewrote an event and nothing noticed.)"""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from core import services
from core.audit_chain import GENESIS, head_seal, link_hmac
from core.choices import AuditVerb
from core.models import AuditChainHead, AuditEvent
from core.selectors import HEAD_SEAL_MISMATCH, PURGE_ANCHOR_MISMATCH
from core.services import AuditRecord, audit_event_record, audit_events_record_many
from core.sm3 import hmac_sm3_hex

# The chain is verified from its first event: no copied pack events (conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.no_shared_pack]
POSTGRESQL = connection.vendor == "postgresql"


def verify() -> str:
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue()


def verify_fails() -> str:
    with pytest.raises(CommandError) as refused:
        call_command("audit", "verify", stdout=StringIO())
    return str(refused.value)


@pytest.fixture
def log(admin):
    """Five events: three one by one, two written together."""
    events = [audit_event_record(actor=admin, verb=AuditVerb.LOGIN, target=admin, data={"n": n}) for n in range(3)]
    events += audit_events_record_many(
        actor=admin, records=[AuditRecord(verb=AuditVerb.LOGOUT, data={"n": n, "名": "值"}) for n in (3, 4)]
    )
    return events


# HMAC-SM3 (RFC 2104 over SM3) as OpenSSL's hmac computes it: `hmac.new(b"key", b"message", "sm3")`, and a key
# longer than SM3's 64-byte block, which HMAC hashes first. Known answers, so that the test also holds where SM3
# comes from gmssl (core/sm3.py) and never skips.
HMAC_SM3_VECTORS = [
    (b"key", b"message", "34c90b291a80b7fd7f2be43d683935bab9d149164666c4ef8857c815cf2ef832"),
    (b"k" * 100, b"m", "f312191af2189391af149747f3af756fb9cd8b7222171df9b2b71d445863e6a3"),
]


@pytest.mark.parametrize(("key", "message", "expected"), HMAC_SM3_VECTORS)
def test_hmac_sm3_matches_the_standard_construction(key, message, expected):
    """RFC 2104 over SM3, as OpenSSL computes it."""
    assert hmac_sm3_hex(key, message) == expected


def test_every_event_is_chained_to_the_previous(log):
    previous = GENESIS
    for event in AuditEvent.objects.order_by("id"):
        values = {**event.__dict__}
        assert event.chain_hmac == link_hmac(previous, values)
        previous = event.chain_hmac
    assert AuditChainHead.objects.get().last_hmac == previous


def test_verify_passes_on_a_clean_log(log):
    assert verify() == "审计链完整：已核对 5 条事件。\n"


def test_verify_passes_on_an_empty_log():
    assert "已核对 0 条事件" in verify()


def test_the_key_matters(log, settings):
    settings.AUDIT_HMAC_KEY = "another-key-than-the-one-that-wrote-the-log"
    assert f"事件 #{log[0].pk} 处断开" in verify_fails()


def test_loaddata_rewriting_an_event_is_refused_or_detected(log, tmp_path):
    """The issue's reproduction: a fixture with an existing event's primary key overwrites it."""
    target = log[2]
    fixture = tmp_path / "rewrite.json"
    fields = {
        "actor": target.actor_id, "actor_name": "别人", "organisation": target.organisation_id, "verb": "logout",
        "target_type": target.target_type, "target_id": target.target_id, "target_repr": target.target_repr,
        "data": target.data, "ip_address": None, "created_at": target.created_at.isoformat(),
        "chain_hmac": target.chain_hmac,
    }  # fmt: skip
    fixture.write_text(json.dumps([{"model": "core.auditevent", "pk": target.pk, "fields": fields}]))
    if POSTGRESQL:
        with pytest.raises(DatabaseError, match="审计日志不可修改"), transaction.atomic():
            call_command("loaddata", str(fixture), verbosity=0)
        assert AuditEvent.objects.get(pk=target.pk).actor_name == target.actor_name
        return
    call_command("loaddata", str(fixture), verbosity=0)
    assert AuditEvent.objects.get(pk=target.pk).actor_name == "别人"
    message = verify_fails()
    assert f"审计链在事件 #{target.pk} 处断开" in message and "已核对 2 条" in message


def _raw(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.skipif(not POSTGRESQL, reason="the trigger is PostgreSQL's; SQLite relies on verify")
@pytest.mark.parametrize(
    "sql", ["UPDATE core_auditevent SET verb = 'logout' WHERE id = %s", "DELETE FROM core_auditevent WHERE id = %s"]
)
def test_postgresql_refuses_update_and_delete(log, sql):
    with pytest.raises(DatabaseError, match="审计日志不可修改或删除"), transaction.atomic():
        _raw(sql, [log[1].pk])
    assert AuditEvent.objects.filter(pk=log[1].pk, verb=AuditVerb.LOGIN).exists()


@pytest.mark.skipif(POSTGRESQL, reason="PostgreSQL's trigger refuses the change itself")
def test_a_deleted_event_in_the_middle_breaks_the_next_link(log):
    _raw("DELETE FROM core_auditevent WHERE id = %s", [log[1].pk])
    assert f"事件 #{log[2].pk}" in verify_fails()


@pytest.mark.skipif(POSTGRESQL, reason="PostgreSQL's trigger refuses the change itself")
def test_a_deleted_last_event_is_noticed_at_the_head(log):
    _raw("DELETE FROM core_auditevent WHERE id = %s", [log[-1].pk])
    assert "链尾与链头记录不符" in verify_fails()


@pytest.mark.skipif(POSTGRESQL, reason="PostgreSQL's trigger refuses the change itself")
def test_a_forged_event_without_the_key_is_noticed(log):
    forged = AuditEvent(verb=AuditVerb.LOGIN, actor_name="伪造", chain_hmac="f" * 64)
    forged.save()
    assert f"事件 #{forged.pk}" in verify_fails()


def test_a_rolled_back_write_leaves_the_chain_whole(admin, log):
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_event_record(actor=admin, verb=AuditVerb.LOGIN)
        raise RuntimeError
    audit_event_record(actor=admin, verb=AuditVerb.LOGOUT)
    assert "已核对 6 条" in verify()


def _backdated(admin, days: int, n: int = 1) -> list[AuditEvent]:
    moment = timezone.now() - dt.timedelta(days=days)
    original = services.timezone.now
    services.timezone.now = lambda: moment
    try:
        return [audit_event_record(actor=admin, verb=AuditVerb.LOGIN, data={"age": days}) for _ in range(n)]
    finally:
        services.timezone.now = original


def test_purge_refuses_events_younger_than_the_retention(admin, settings):
    settings.AUDIT_RETENTION_DAYS = 180
    _backdated(admin, 100)
    before = timezone.now() - dt.timedelta(days=90)
    with pytest.raises(ValidationError, match="不少于 180 天"):
        services.audit_events_purge(actor=None, before=before)
    with pytest.raises(CommandError, match="不少于 180 天"):
        call_command("audit", "purge", "--before", str(before.date()), stdout=StringIO())
    assert AuditEvent.objects.count() == 1


def test_purge_keeps_the_chain_verifiable(admin):
    old = _backdated(admin, 400, n=3)
    kept = _backdated(admin, 10, n=2)
    out = StringIO()
    before = (timezone.now() - dt.timedelta(days=200)).date()
    call_command("audit", "purge", "--before", str(before), stdout=out)
    assert "审计事件 3 条" in out.getvalue()
    assert list(AuditEvent.objects.order_by("id").values_list("pk", flat=True))[:2] == [e.pk for e in kept]
    purge = AuditEvent.objects.get(verb=AuditVerb.AUDIT_PURGED)
    assert purge.data["deleted"] == 3 and purge.data["anchor_hmac"] == old[-1].chain_hmac
    head = AuditChainHead.objects.get()
    assert head.anchor_hmac == old[-1].chain_hmac and head.anchor_event_id == old[-1].pk
    assert "已核对 3 条" in verify()
    # A second purge of the same range finds nothing and keeps the anchor.
    assert services.audit_events_purge(actor=None, before=timezone.now() - dt.timedelta(days=200)) == 0


def _reseal(head: AuditChainHead) -> None:
    """What only a holder of the key could do: give a rewritten head a valid seal."""
    head.seal = head_seal(last_hmac=head.last_hmac, anchor_hmac=head.anchor_hmac, anchor_event_id=head.anchor_event_id)
    AuditChainHead.objects.filter(pk=head.pk).update(seal=head.seal)


def test_a_moved_anchor_is_noticed(admin):
    _backdated(admin, 400, n=2)
    services.audit_events_purge(actor=None, before=timezone.now() - dt.timedelta(days=200))
    AuditChainHead.objects.update(anchor_hmac="0" * 64)
    first_kept = AuditEvent.objects.order_by("id").first().pk
    assert f"事件 #{first_kept}" in verify_fails()
    _reseal(AuditChainHead.objects.get())  # even with the key, the first event kept no longer chains onto it
    assert f"事件 #{first_kept}" in verify_fails()


def test_events_cut_off_with_their_purge_record_are_noticed(admin):
    """Someone with the key and the database deletes the oldest events kept, the purge record among them, and
    anchors the chain on the last one deleted: the links hold, but the anchor no longer matches a purge record."""
    _backdated(admin, 400, n=2)
    services.audit_events_purge(actor=None, before=timezone.now() - dt.timedelta(days=200))
    purge = AuditEvent.objects.get(verb=AuditVerb.AUDIT_PURGED)
    _backdated(admin, 1, n=2)
    _delete_as_the_database_owner(purge.pk)
    AuditChainHead.objects.update(anchor_hmac=purge.chain_hmac, anchor_event_id=purge.pk)
    _reseal(AuditChainHead.objects.get())
    assert PURGE_ANCHOR_MISMATCH in verify_fails()


def _delete_as_the_database_owner(pk: int) -> None:
    """Someone with the application's database credentials: on PostgreSQL they can open the purge's door."""
    with transaction.atomic():
        if POSTGRESQL:
            _raw("SET LOCAL audit.purge = 'on'", [])
        _raw("DELETE FROM core_auditevent WHERE id = %s", [pk])


def test_cutting_off_the_newest_events_and_moving_the_head_is_noticed(log):
    """The newest events deleted and the head pointed at the new last one: the chain itself then holds, but
    without the key the head's seal cannot be made to match."""
    _delete_as_the_database_owner(log[-1].pk)
    AuditChainHead.objects.update(last_hmac=log[-2].chain_hmac)
    message = verify_fails()
    assert "审计链在链头处断开" in message and HEAD_SEAL_MISMATCH in message


@pytest.mark.skipif(POSTGRESQL, reason="PostgreSQL's trigger refuses the change itself")
def test_purge_refuses_a_broken_chain(admin):
    old = _backdated(admin, 400, n=3)
    _raw("UPDATE core_auditevent SET actor_name = '改' WHERE id = %s", [old[1].pk])
    with pytest.raises(ValidationError, match=f"事件 #{old[1].pk}"):
        services.audit_events_purge(actor=None, before=timezone.now() - dt.timedelta(days=200))
    assert AuditEvent.objects.count() == 3


def test_demo_data_verifies(settings):
    from accounts.models import Jurisdiction, Organisation
    from accounts.reference import load_reference_data

    load_reference_data(Jurisdiction, Organisation)
    settings.DEMO_DATA_ALLOWED = True
    call_command("seed_demo", stdout=StringIO())
    assert AuditEvent.objects.count() > 10
    assert "审计链完整" in verify()


def test_hmac_is_the_same_on_the_gmssl_fallback(monkeypatch):
    """Where OpenSSL lacks SM3, core.sm3 falls back to gmssl: the chain must not change with the backend."""
    import hashlib

    from core import sm3

    expected = sm3.hmac_sm3_hex(b"key", b"message" * 50)
    real_new = hashlib.new

    def no_sm3(name, *args, **kwargs):
        if name == "sm3":
            raise ValueError("unsupported hash type sm3")
        return real_new(name, *args, **kwargs)

    monkeypatch.setattr(sm3.hashlib, "new", no_sm3)
    assert type(sm3.new_sm3()).__name__ == "_GmsslSm3"
    assert sm3.hmac_sm3_hex(b"key", b"message" * 50) == expected
