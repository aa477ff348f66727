"""What the funds services share: amounts as the messages state them, the award's fund row locked with its
status recomputed through the workflow table, the audit event of a step on an award, and who is told."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError

from accounts.choices import Role
from accounts.models import User
from applications.models import Application
from core.choices import AuditVerb
from core.services import audit_event_record
from core.text import amount_in_figures
from funds.choices import ReceiptStatus
from funds.models import YUAN_PER_WAN, AwardFund
from funds.workflow import TRANSITIONS, fund_status_of, transition_allowed
from notifications.choices import NotificationVerb
from notifications.selectors import enterprise_members_of
from notifications.services import notify_users

CENT = Decimal("0.01")


def yuan_text(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def wan_text(amount_yuan: Decimal) -> str:
    """元 → 万元 without rounding away a cent: 2 decimals at least, up to 6 (1,234,567.89 元 → 123.456789)."""
    wan = amount_in_figures(amount_yuan / YUAN_PER_WAN)
    exact = f"{amount_yuan / YUAN_PER_WAN:,.6f}".rstrip("0")
    return exact if len(exact) > len(wan) else wan


def transition_check(name: str, fund: AwardFund, actor) -> None:
    reason = transition_allowed(name, fund.status, actor.role_set)
    if reason:
        raise ValidationError(reason)


def fund_locked(**lookup) -> AwardFund:
    """The award's fund row, locked (its own row only), with the application and its enterprise."""
    return (
        AwardFund.objects.select_for_update(of=("self",))
        .select_related("application__enterprise", "application__item")
        .get(**lookup)
    )


def status_refresh(fund: AwardFund, transition: str) -> None:
    """Recompute the award's status from its figures and save them (the transition must allow the result)."""
    status = fund_status_of(
        allocated=fund.allocated, paid=fund.paid, confirmed=fund.confirmed,
        disputed=fund.disbursements.filter(receipt_status=ReceiptStatus.DISPUTED).exists(),
    )  # fmt: skip
    if status not in TRANSITIONS[transition].targets:  # the table and fund_status_of disagree: a bug, not input
        raise AssertionError(f"{transition} cannot lead to {status}")
    fund.status = status
    fund.save(update_fields=["status", "allocated", "paid", "confirmed"])


def fund_audit(*, actor, verb: AuditVerb, fund: AwardFund, transition: str, data: dict) -> None:
    audit_event_record(
        actor=actor, verb=verb, target=fund.application,
        data={"label": TRANSITIONS[transition].label, "fund_status": fund.status, **data},
    )  # fmt: skip


def county_finance_users(jurisdiction_ids) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, roles__role=Role.COUNTY_FINANCE_REVIEWER, organisation__is_active=True,
            organisation__jurisdiction_id__in=list(jurisdiction_ids),
        ).distinct().order_by("pk")
    )  # fmt: skip


def tell_enterprise(
    *, actor, application: Application, title: str, body: str, verb=NotificationVerb.STATUS_CHANGED, url: str = ""
):
    notify_users(
        actor=actor, recipients=enterprise_members_of([application])[application.pk], application=application,
        verb=verb, title=title, body=body, url=url,
    )  # fmt: skip


def tell_county(*, actor, application: Application, title: str, body: str, url: str = "") -> None:
    notify_users(
        actor=actor, recipients=county_finance_users([application.enterprise.jurisdiction_id]), application=application,
        verb=NotificationVerb.ACTION_REQUIRED, title=title, body=body, url=url,
    )  # fmt: skip
