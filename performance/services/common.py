"""What the performance services share: the row lock and the transition check of a step, the final list a
stage is opened for, the 中小企业科's authority, the county's 退回补正, and the inbox rows each step writes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model

from accounts.choices import Role
from accounts.models import User
from applications.models import Application
from awards.choices import AwardListStatus
from awards.models import AwardList
from core.services import audit_event_record
from notifications.choices import NotificationVerb
from notifications.models import Notification
from notifications.selectors import enterprise_members_of
from performance import permissions
from performance.selectors.monitoring import pack_performance_rules
from performance.workflow import Transition, transition_allowed

# User-facing messages (tests import them from the stage's module, which re-exports them).
NO_PERFORMANCE_RULES = "该政策包未设定绩效管理规则（偏离预警阈值、评分等级），不能开展绩效管理。"
RETURN_REASON_REQUIRED = "退回补正须写明理由。"

_TITLE_MAX = Notification._meta.get_field("title").max_length

M = TypeVar("M", bound=Model)


def application_name(application: Application) -> str:
    """How the inbox names an award: its project, or else its support item."""
    return application.project_name or application.item.name


def locked(record: M, *related: str) -> M:
    """The record again, locked for the step (its own row only), with the relations the step reads."""
    return type(record).objects.select_for_update(of=("self",)).select_related(*related).get(pk=record.pk)


def step_locked(
    record: M, *, actor, may_act, refusal: str, related: tuple[str, ...], transitions: Mapping[str, Transition],
    name: str = "",
) -> M:  # fmt: skip
    """The record locked for a step by `actor`: refused (PermissionDenied(refusal)) unless `may_act(actor,
    record)`, and invalid unless the transition `name` (when given) is allowed from its state."""
    record = locked(record, *related)
    if not may_act(actor, record):
        raise PermissionDenied(refusal)
    if name:
        transition_check(transitions, name, record, actor)
    return record


def transition_check(transitions: Mapping[str, Transition], name: str, record, actor) -> None:
    """The record's state and the actor's roles allow the transition `name`, else the workflow's reason."""
    reason = transition_allowed(transitions, name, record.status, actor.role_set)
    if reason:
        raise ValidationError(reason)


def sme_required(actor) -> None:
    if not permissions.is_sme_coordinator(actor):
        raise PermissionDenied(permissions.NOT_THE_SME_COORDINATOR)


def final_list_locked(award_list: AwardList, *, not_final: str) -> AwardList:
    """The award list, locked, when it is final and its pack sets the performance rules."""
    award_list = AwardList.objects.select_for_update().select_related("pack").get(pk=award_list.pk)
    if award_list.status != AwardListStatus.FINAL:
        raise ValidationError(not_final)
    if pack_performance_rules(award_list.pack) is None:
        raise ValidationError(NO_PERFORMANCE_RULES)
    return award_list


def inbox_messages(
    *, recipients: Iterable[User], application: Application | None, verb: str, title: str, body: str, url: str
) -> list[Notification]:
    """Inbox rows for a performance step, one per recipient (the actor's own action is not told back to them
    by the callers). Written in the caller's transaction, as the workflow's notifications are."""
    if len(title) > _TITLE_MAX:
        title = title[: _TITLE_MAX - 1] + "…"
    return [
        Notification(recipient=user, application=application, verb=verb, title=title, body=body, url=url)
        for user in recipients
    ]


def tell(**message: Any) -> None:
    """Write the inbox rows of one message (inbox_messages' arguments)."""
    Notification.objects.bulk_create(inbox_messages(**message))


def tell_enterprises(messages: Iterable[tuple[Application, str, str]], *, verb: str, body: str) -> None:
    """Each (application, title, url) to the members of the application's enterprise: one step on a whole
    list's awards, told in bulk."""
    messages = list(messages)
    members = enterprise_members_of([application for application, _, _ in messages])
    rows: list[Notification] = []
    for application, title, url in messages:
        rows += inbox_messages(recipients=members[application.pk], application=application, verb=verb, title=title,
                               body=body, url=url)  # fmt: skip
    Notification.objects.bulk_create(rows, batch_size=1000)


def enterprise_members(application: Application) -> list[User]:
    return enterprise_members_of([application])[application.pk]


def section_reviewers(application: Application):
    """The 市工信局 section that follows the application's item."""
    return User.objects.filter(
        is_active=True, roles__role=Role.CITY_SECTION_REVIEWER, organisation__is_active=True,
        organisation__section_code=application.item.section_code,
    ).distinct()  # fmt: skip


def county_return_record(
    *, actor, record, transition: Transition, reason: str, verb: str, data: dict, title: str, url: str,
    update_fields: tuple[str, ...] = (),
) -> None:  # fmt: skip
    """退回补正 of a report or a 自评 by the county, with a reason (required, keyed to the county's `remark`
    field): the record goes back to the enterprise, whose members are told why."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"remark": RETURN_REASON_REQUIRED})
    record.status = transition.target
    record.county_remark = reason
    record.save(update_fields=["status", "county_remark", *update_fields])
    application = record.application
    audit_event_record(actor=actor, verb=verb, target=application,
                       data={"label": transition.label, **data, "reason": reason})  # fmt: skip
    tell(
        recipients=enterprise_members(application), application=application, verb=NotificationVerb.ACTION_REQUIRED,
        title=title.format(name=application_name(application)), body=f"退回理由：{reason}", url=url,
    )  # fmt: skip
