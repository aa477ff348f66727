"""Issue 16 §2: concurrent writers never fork the audit chain. Each writer locks the chain head before it seals
its event; without the lock both would chain onto the same predecessor (slowed down after the head is read)."""

from __future__ import annotations

from django.db import transaction

from core import audit_chain, services
from core.choices import AuditVerb
from core.models import AuditEvent
from core.selectors import audit_chain_verify
from core.tests.concurrency import POSTGRESQL_ONLY, race, slowed

pytestmark = POSTGRESQL_ONLY


def test_eight_writers_at_once_keep_one_chain(monkeypatch, admin):
    services.audit_event_record(actor=admin, verb=AuditVerb.LOGIN)  # the head row exists before the race
    slowed(monkeypatch, services, "link_hmac", seconds=0.2)

    def write(n: int):
        def call():
            with transaction.atomic():
                services.audit_event_record(actor=None, verb=AuditVerb.LOGIN, data={"writer": n})
                services.audit_events_record_many(
                    actor=None, records=[services.AuditRecord(verb=AuditVerb.LOGOUT, data={"writer": n})]
                )

        return call

    assert race([write(n) for n in range(8)]) == ["done"] * 8
    assert AuditEvent.objects.count() == 17
    hmacs = list(AuditEvent.objects.values_list("chain_hmac", flat=True))
    assert len(set(hmacs)) == 17
    verified = audit_chain_verify()
    assert verified.ok and verified.checked == 17, verified.broken


def test_the_first_writers_create_one_head(monkeypatch):
    """On an empty log two writers may both find no head row; get_or_create settles it on one."""
    slowed(monkeypatch, audit_chain, "event_content", seconds=0.1)

    def write():
        services.audit_event_record(actor=None, verb=AuditVerb.LOGIN)

    assert race([write, write, write]) == ["done"] * 3
    verified = audit_chain_verify()
    assert verified.ok and verified.checked == 3, verified.broken
