"""Writes for notifications: telling people about workflow steps, deadline reminders, read receipts.

No function here writes an audit event. A notification is a side effect of a state change that the
calling service has already audited in the same transaction; it changes no state of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from functools import partial

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Jurisdiction, User
from applications.models import Application
from applications.selectors import submission_deadline
from applications.workflow import COUNTY_HELD, EDITABLE_STATES, ENTERPRISE_VIEW, TRANSITIONS, ApplicationStatus
from core.text import amount_sentence
from core.workdays import reminder_due, working_days_left
from notifications import permissions, selectors
from notifications.choices import NotificationVerb
from notifications.models import Notification
from notifications.signals import reminders_due
from notifications.tasks import email_configured, notification_emails_send
from policies.models import PolicyPack

S = ApplicationStatus

STATUS_TITLE = "您的申报“{name}”状态变为：{state}"
AWARD_AMOUNT_LINE = "奖补金额：{amount}"
# What the parties who must act next are told, by the state the application has reached.
ACTION_TITLES: dict[str, str] = {
    S.SUBMITTED: "待县级审核：{enterprise}的申报“{name}”",
    S.RETURNED_TO_COUNTY: "市级退回县级复核：{enterprise}的申报“{name}”",
    S.COUNTY_APPROVED: "待联合推荐：{enterprise}的申报“{name}”已通过县级审核",
    S.RECOMMENDED: "待市级审核：{jurisdiction}推荐的{enterprise}申报“{name}”",
    S.CITY_APPROVED: "待确定奖补名单：{enterprise}的申报“{name}”已通过市级审核",
}
REMINDER_ENTERPRISE_TITLES: dict[str, str] = {
    S.DRAFT: "申报即将截止：“{name}”尚未提交",
    S.RETURNED: "申报即将截止：退回修改的“{name}”尚未重新提交",
}
REMINDER_COUNTY_TITLE = "截止提醒：{enterprise}的申报“{name}”{state}，尚待办理"
REMINDER_COUNTY_ACTIONS: dict[str, str] = {
    S.SUBMITTED: "请及时审核。",
    S.COUNTY_REVIEW: "请及时完成审核。",
    S.COUNTY_APPROVED: "请及时联合推荐上报。",
}
NOT_YOUR_NOTIFICATION = "只能处理发给本人的消息。"

# Who still holds work while the submission window is open, for reminders (applications.workflow.STATES).
ENTERPRISE_HELD = EDITABLE_STATES

_TITLE_MAX = Notification._meta.get_field("title").max_length


def _application_name(application: Application) -> str:
    return application.project_name or application.item.name


def _application_url(application: Application) -> str:
    return reverse("applications:edit", args=[application.pk])


def _date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def notification_build(
    *, recipient: User, application: Application | None, verb: str, title: str, body: str, url: str, key: str = ""
) -> Notification:
    """One message, checked but not saved: the caller stores a whole step's messages at once
    (`notifications_store`). `key` names a message that a recipient gets only once (Notification.key)."""
    # A long project name must not make a title invalid and so break the transition that sends it.
    if len(title) > _TITLE_MAX:
        title = title[: _TITLE_MAX - 1] + "…"
    notification = Notification(
        recipient=recipient, application=application, verb=verb, title=title, body=body, url=url, key=key
    )
    # The key's constraint is the database's to enforce: checking it here would cost a query per message.
    notification.full_clean(exclude=["recipient", "application"], validate_constraints=False)
    return notification


def notifications_store(notifications: list[Notification]) -> list[Notification]:
    """Save the messages in one INSERT, in the caller's transaction; their email copies go after commit."""
    created = Notification.objects.bulk_create(notifications)
    if email_configured():
        with_email = [n.pk for n in created if n.recipient.email]
        if with_email:
            transaction.on_commit(partial(notification_emails_send, notification_ids=with_email))
    return created


def users_notifications_build(
    *, actor, recipients: Iterable[User], application: Application | None, verb: str, title: str, body: str, url: str
) -> list[Notification]:
    """`notify_users`' messages, checked but not saved: a step that tells many applications at once (a round
    opened on a whole list) stores them all in one `notifications_store`."""
    actor_pk = getattr(actor, "pk", None)
    chosen = {user.pk: user for user in recipients if user.pk != actor_pk}
    return [
        notification_build(recipient=user, application=application, verb=verb, title=title, body=body, url=url)
        for user in chosen.values()
    ]


def notify_users(
    *, actor, recipients: Iterable[User], application: Application | None, verb: str, title: str, body: str, url: str
) -> list[Notification]:
    """Tell these users about a step that `actor` took: one message each (a user listed twice gets one), never
    to the actor. Called by the service of the step inside its transaction, as `notify_transition` is."""
    return notifications_store(
        users_notifications_build(
            actor=actor, recipients=recipients, application=application, verb=verb, title=title, body=body, url=url
        )
    )


def notify_transition(*, application: Application, transition: str, actor, reason: str = "") -> list[Notification]:
    """Tell the enterprise its application changed state, and tell whoever must act next.

    Called by the workflow services inside the transaction of the transition, once per transition taken:
    if the transition rolls back, so do its notifications and their emails. The target state comes from
    the workflow table, not from `application.status`, because one action may take several transitions.
    The actor is never told about their own action.
    """
    return notify_transition_many(
        applications=[application], transition=transition, actor=actor, reasons={application.pk: reason}
    )


def notify_transition_many(
    *, applications: Sequence[Application], transition: str, actor, reasons: Mapping[int, str] | None = None
) -> list[Notification]:
    """`notify_transition` for applications that took the same transition in one action (a batch sent,
    a list publicised): the same messages, with a constant number of queries however many there are.
    `reasons` maps an application's primary key to its reason, if it has one. The applications need
    their enterprise (with its jurisdiction) and item loaded."""
    step = TRANSITIONS.get(transition)
    if step is None:
        raise ValueError(f"Unknown workflow transition: {transition!r}")
    if not applications:
        return []
    with transaction.atomic():
        return _notify(applications=applications, step=step, actor=actor, reasons=reasons or {})


def notify_on_transition(sender, *, transition: str, applications, actor, reasons=None, **kwargs) -> None:
    """The receiver of applications.signals.application_transitioned: every transition is told."""
    notify_transition_many(applications=applications, transition=transition, actor=actor, reasons=reasons)


def _award_amount_line(application: Application, target: str) -> str:
    """An award is told with its amount, in figures and in capitals, as the award notice states it."""
    if target != S.AWARDED or application.award_amount is None:
        return ""
    return AWARD_AMOUNT_LINE.format(amount=amount_sentence(application.award_amount))


def _notify(*, applications: Sequence[Application], step, actor, reasons: Mapping[int, str]) -> list[Notification]:
    target = step.target
    state, holder = ENTERPRISE_VIEW[target]
    by = f"{step.label}（{actor.organisation}）" if getattr(actor, "organisation_id", None) else step.label
    action_title = ACTION_TITLES.get(target)
    members = selectors.enterprise_members_of(applications)
    next_parties = selectors.next_parties_of(applications, target) if action_title else {}
    notifications: list[Notification] = []
    for application in applications:
        name = _application_name(application)
        url = _application_url(application)
        reason = (reasons.get(application.pk) or "").strip()
        reason_line = f"理由：{reason}" if reason else ""
        amount_line = _award_amount_line(application, target)
        recipients: dict[int, Notification] = {}
        for user in members[application.pk]:
            recipients[user.pk] = notification_build(
                recipient=user, application=application, verb=NotificationVerb.STATUS_CHANGED,
                title=STATUS_TITLE.format(name=name, state=state),
                body="\n".join(line for line in (by, amount_line, reason_line, f"当前办理：{holder}") if line),
                url=url,
            )  # fmt: skip
        if action_title:
            title = action_title.format(
                enterprise=application.enterprise.name, name=name, jurisdiction=application.enterprise.jurisdiction
            )
            receipt = f"回执号：{application.receipt_number}" if application.receipt_number else ""
            for user in next_parties[application.pk]:
                if user.pk not in recipients:
                    recipients[user.pk] = notification_build(
                        recipient=user, application=application, verb=NotificationVerb.ACTION_REQUIRED, title=title,
                        body="\n".join(line for line in (by, reason_line, receipt, "请及时办理。") if line), url=url,
                    )  # fmt: skip
        recipients.pop(getattr(actor, "pk", None), None)
        notifications += recipients.values()
    return notifications_store(notifications)


@transaction.atomic
def notification_mark_read(*, actor, notification: Notification) -> Notification:
    """Only the recipient may mark a notification read.

    Read receipts are not audited: reading changes no application, right or decision, and an audit row
    per click would bury the events the log exists for. `read_at` itself records when it happened.
    """
    if notification.recipient_id != getattr(actor, "pk", None):
        raise PermissionDenied(NOT_YOUR_NOTIFICATION)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, actor) -> int:
    """Mark every unread notification of the actor read; returns how many. Not audited (see above)."""
    if not getattr(actor, "pk", None):
        raise PermissionDenied(NOT_YOUR_NOTIFICATION)
    return permissions.notifications_visible_to(actor).filter(read_at=None).update(read_at=timezone.now())


def _remaining(today: dt.date, deadline: dt.date) -> str:
    if today == deadline:
        return "今天截止"
    left = working_days_left(today, deadline)
    return f"还有 {left} 个工作日" if left else "截止前已无其他工作日"


@transaction.atomic
def reminders_send(*, today: dt.date, days: int = 3) -> list[Notification]:
    """Remind those who still hold work, from `days` working days before the submission deadline of their
    jurisdiction up to the deadline day: enterprises with drafts or returned applications, and county
    reviewers with applications still at county level. Run by the system (no acting user), so nobody
    is excluded. At most one reminder per recipient and application per calendar day, however often
    it runs.
    """
    held = Application.objects.filter(status__in=[*ENTERPRISE_HELD, *COUNTY_HELD])
    pairs = set(held.order_by().values_list("pack_id", "enterprise__jurisdiction_id").distinct())
    if not pairs:
        return []
    packs = PolicyPack.objects.in_bulk({pack_id for pack_id, _ in pairs})
    jurisdictions = Jurisdiction.objects.in_bulk({jurisdiction_id for _, jurisdiction_id in pairs})
    due = {}
    for pack_id, jurisdiction_id in sorted(pairs):
        deadline = submission_deadline(pack=packs[pack_id], jurisdiction=jurisdictions[jurisdiction_id])
        if reminder_due(today=today, deadline=deadline.closes_on, days=days):
            due[(pack_id, jurisdiction_id)] = deadline
    if not due:
        return []

    already = set(
        Notification.objects.filter(verb=NotificationVerb.REMINDER, created_at__date=timezone.localdate()).values_list(
            "recipient_id", "application_id"
        )
    )
    audiences: dict[tuple, list[User]] = {}  # the same people are asked about many applications
    notifications: list[Notification] = []
    for (pack_id, jurisdiction_id), deadline in due.items():
        applications = held.filter(pack_id=pack_id, enterprise__jurisdiction_id=jurisdiction_id).select_related(
            "enterprise__jurisdiction", "item"
        )
        when = (
            f"申报截止日期为{_date(deadline.closes_on)}（{deadline.source}），{_remaining(today, deadline.closes_on)}。"
        )
        for application in applications.order_by("pk"):
            name = _application_name(application)
            if application.status in ENTERPRISE_HELD:
                key = ("enterprise", application.enterprise_id)
                if key not in audiences:
                    audiences[key] = list(selectors.enterprise_members(application))
                title = REMINDER_ENTERPRISE_TITLES[application.status].format(name=name)
                body = when + "逾期不予受理。"
            else:
                roles = COUNTY_HELD[application.status]
                key = ("county", jurisdiction_id, roles)
                if key not in audiences:
                    audiences[key] = list(selectors.county_reviewers(application, roles=roles))
                title = REMINDER_COUNTY_TITLE.format(
                    enterprise=application.enterprise.name, name=name, state=S(application.status).label
                )
                body = when + REMINDER_COUNTY_ACTIONS[application.status]
            for user in audiences[key]:
                if (user.pk, application.pk) in already:
                    continue
                already.add((user.pk, application.pk))
                notification = notification_build(
                    recipient=user, application=application, verb=NotificationVerb.REMINDER, title=title,
                    body=body, url=_application_url(application),
                )  # fmt: skip
                notifications.append(notification)
    return notifications_store(notifications)


def reminders_send_all(*, today: dt.date, days: int = 3) -> list[Notification]:
    """The daily run: the submission-deadline reminders above, then those of every app that answers
    `notifications.signals.reminders_due` (each idempotent in its own way)."""
    sent = reminders_send(today=today, days=days)
    for _receiver, written in reminders_due.send(sender=Notification, today=today):
        sent += written or []
    return sent
