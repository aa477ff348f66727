"""Audit verbs are one enum: an unknown verb is refused, the auditor's filter offers every verb, and
application code names verbs through the enum only (issue 13, item 8)."""

import ast
import pathlib
import re

import pytest
from django.urls import reverse

from core.choices import AuditVerb
from core.forms import AuditFilterForm
from core.models import AuditEvent
from core.services import AuditRecord, audit_event_record, audit_events_record_many

ROOT = pathlib.Path(__file__).resolve().parents[2]
AUDIT_CALLS = {"audit_event_record", "audit_events_record_many", "AuditRecord"}


@pytest.mark.django_db
@pytest.mark.no_shared_pack  # counts audit events or loads the 2023 pack itself
def test_an_unknown_verb_is_refused_and_nothing_is_written(admin):
    with pytest.raises(ValueError, match="logn"):
        audit_event_record(actor=admin, verb="logn", target=admin)
    with pytest.raises(ValueError, match="logn"):
        audit_events_record_many(actor=admin, records=[AuditRecord(AuditVerb.LOGIN, admin), AuditRecord("logn", admin)])
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_a_verb_of_the_enum_is_recorded_with_its_label(admin):
    event = audit_event_record(actor=admin, verb=AuditVerb.PASSWORD_CHANGED, target=admin)
    event = AuditEvent.objects.get(pk=event.pk)
    assert event.verb == "password_changed" and event.get_verb_display() == "修改密码"


def test_the_filter_form_offers_every_verb():
    assert AuditFilterForm().fields["verb"].choices == [("", "全部"), *AuditVerb.choices]


@pytest.mark.django_db
def test_the_auditors_filter_lists_every_verb(client, auditor):
    client.force_login(auditor)
    body = client.get(reverse("dashboard:audit_log")).content.decode()
    select = re.search(r'<select name="verb".*?</select>', body, re.S).group(0)
    options = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)
    assert options == [("", "全部"), *((verb.value, verb.label) for verb in AuditVerb)]


def _string_verbs(source: str) -> list[int]:
    """Lines where a verb is written as a string literal: `verb="…"` in any call (helpers such as
    `_move(verb=…)` pass it on), or the first argument of `AuditRecord(…)`."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        literals = [k.value for k in node.keywords if k.arg == "verb"]
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name in AUDIT_CALLS and node.args:
            literals.append(node.args[0])
        lines += [v.lineno for v in literals if isinstance(v, ast.Constant) and isinstance(v.value, str)]
    return lines


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ('audit_event_record(actor=a, verb="login")', [1]),
        ('services.audit_event_record(\n    actor=a,\n    verb="login",\n)', [3]),
        ('AuditRecord("review_opinion", application, {})', [1]),
        ('_move(actor=a, verb="application_awarded")', [1]),
        ("audit_event_record(actor=a, verb=AuditVerb.LOGIN)", []),
        ("AuditRecord(AuditVerb.REVIEW_OPINION, application, {})", []),
        ("AuditRecord(verb, application, {})", []),
    ],
)
def test_the_scan_finds_string_verbs(source, found):
    assert _string_verbs(source) == found


def test_application_code_names_audit_verbs_through_the_enum():
    offenders = []
    for path in sorted(ROOT.glob("*/**/*.py")):
        parts = path.relative_to(ROOT).parts
        if parts[0] in (".venv", "bench", "var", "e2e") or "tests" in parts or "migrations" in parts:
            continue
        offenders += [f"{path.relative_to(ROOT)}:{line}" for line in _string_verbs(path.read_text(encoding="utf-8"))]
    assert not offenders, offenders
