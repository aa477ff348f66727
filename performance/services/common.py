"""What the performance services share: the row lock and the transition check of a step, the final list a
stage is opened for, the 中小企业科's authority, the county's 退回补正, and how a step tells an award's
enterprise (through notifications.services, as every inbox message is sent)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

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
from notifications.services import notifications_store, notify_users, users_notifications_build
from performance import permissions
from performance.selectors.monitoring import pack_performance_rules
from performance.workflow import Transition, transition_allowed

# User-facing messages (tests import them from the stage's module, which re-exports them).
NO_PERFORMANCE_RULES = "该政策包未设定绩效管理规则（偏离预警阈值、评分等级），不能开展绩效管理。"
RETURN_REASON_REQUIRED = "退回补正须写明理由。"

M = TypeVar("M", bound=Model)


def actor_label(actor) -> str:
    """How a message names who acted: the official's department, or the person."""
    return str(actor.organisation) if getattr(actor, "organisation_id", None) else (actor.full_name or actor.username)


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


def tell_enterprise(*, actor, application: Application, verb: str, title: str, body: str, url: str) -> None:
    """One message to the members of the application's enterprise (notify_users: never to the actor)."""
    notify_users(
        actor=actor, recipients=enterprise_members(application), application=application, verb=verb, title=title,
        body=body, url=url,
    )  # fmt: skip


def tell_enterprises(
    messages: Iterable[tuple[Application, str, str]], *, actor, verb: str, body: str
) -> list[Notification]:
    """Each (application, title, url) to the members of the application's enterprise: one step on a whole
    list's awards, told in bulk (one INSERT)."""
    messages = list(messages)
    members = enterprise_members_of([application for application, _, _ in messages])
    return notifications_store([
        notification
        for application, title, url in messages
        for notification in users_notifications_build(
            actor=actor, recipients=members[application.pk], application=application, verb=verb, title=title,
            body=body, url=url,
        )
    ])  # fmt: skip


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
    tell_enterprise(
        actor=actor, application=application, verb=NotificationVerb.ACTION_REQUIRED,
        title=title.format(name=application_name(application)), body=f"退回理由：{reason}", url=url,
    )  # fmt: skip
