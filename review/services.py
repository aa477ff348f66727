"""Review writes: county opinions (工信 and 财政 jointly), joint recommendation batches with quotas, city
section decisions. Each service is atomic, locks what it changes, runs transitions only through the
workflow table, and writes one audit event per application it moves, naming every transition taken.

Services that act on many applications at once (a department's opinion on a selection of the work
list, a batch sent to the city) lock, update, audit and notify them in bulk: the number of queries
does not grow with the number of applications."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from accounts.models import Jurisdiction
from applications.locks import lock_application, lock_applications
from applications.models import Application
from applications.signals import transitioned
from applications.workflow import (
    QUOTA_HOLDING_STATES,
    TRANSITIONS,
    ApplicationStatus,
    transition_allowed,
)
from core.choices import AuditVerb
from core.services import AuditRecord, audit_event_record, audit_events_record_many
from policies.models import PolicyPack
from review import permissions
from review.budget import item_budget_check
from review.models import RecommendationBatch, ReviewOpinion
from review.selectors import batch_sign_off_facts, recommendation_deadline
from review.signals import county_approval_refusals
from review.signoff import SignOffFacts, real_name_check, sign_off_check

S = ApplicationStatus
Decision = ReviewOpinion.Decision
Department = ReviewOpinion.Department

REASON_REQUIRED = "退回或不予推荐时，必须填写理由。"
ALREADY_GAVE_OPINION = "本部门已对本轮申报提出意见（{decision}），无需重复。"
NOT_IN_JURISDICTION = "只能审核本辖区的申报。"
BATCH_EMPTY = "请至少选择一个县级审核通过的申报。"
BATCH_NOT_APPROVED = "“{name}”不是县级审核通过状态，不能推荐。"
BATCH_TAKEN = "“{name}”已在另一个推荐批次中。"
# The pack's clause ("各县市区、市直园区限报1个。") is the rule, said once in the notice's own words.
QUOTA_EXCEEDED = "第{item}项“{name}”：{clause}本辖区已推荐或选择了 {count} 个，请只保留 {quota} 个。"
BATCH_NOT_SIGNED = "联合推荐需工信部门和财政部门都签发后才能上报。"
BATCH_ALREADY_SENT = "该批次已上报。"
BATCH_LATE = (
    "推荐上报已于 {date:%Y年%m月%d日} 截止（{source}），逾期不予受理。如确需补报，请联系市工信局中小企业科重新开放。"
)
QUOTA_REASON = "{clause}本辖区已推荐其他申报。"


def _transition(application: Application, name: str, actor) -> str:
    """Move along the table; returns the transition name for the audit record."""
    allowed, reason = transition_allowed(name, application.status, actor.role_set)
    if not allowed:
        raise ValidationError(reason)
    application.status = TRANSITIONS[name].target
    return name


def _notify(application: Application, transitions: list[str], actor, reason: str = "") -> None:
    for name in transitions:
        transitioned(name, [application], actor=actor, reasons={application.pk: reason})


def _notify_many(moves: list[tuple[Application, list[str]]], actor, reasons: dict[int, str] | None = None) -> None:
    """Tell about many moves with one round of queries per transition name (not per application)."""
    by_name: dict[str, list[Application]] = {}
    for application, transitions in moves:
        for name in transitions:
            by_name.setdefault(name, []).append(application)
    for name in TRANSITIONS:  # the table's order: county_start is told before county_approve
        if name in by_name:
            transitioned(name, by_name[name], actor=actor, reasons=reasons)


def _save_many(applications: list[Application], fields: list[str]) -> None:
    now = timezone.now()
    for application in applications:
        application.updated_at = now  # bulk_update does not touch auto_now fields
    Application.objects.bulk_update(applications, [*fields, "updated_at"])


def _county_department(actor) -> str:
    department = permissions.county_department_of(actor)
    if department is None:
        raise PermissionDenied
    return department


@dataclass
class BulkOutcome:
    """What a service acting on a selection did: the applications it moved, and those it refused, each
    with the refusal (ValidationError or PermissionDenied) it would have raised for that one alone."""

    done: list[Application] = field(default_factory=list)
    refused: list[tuple[Application, Exception]] = field(default_factory=list)


def _county_opinion_checks(application: Application, *, actor, decision: str, reason: str, previous) -> None:
    if actor.organisation.jurisdiction_id != application.enterprise.jurisdiction_id:
        raise PermissionDenied(NOT_IN_JURISDICTION)
    if decision in (Decision.RETURN, Decision.REJECT) and not reason:
        raise ValidationError({"reason": REASON_REQUIRED})
    if application.status not in TRANSITIONS["county_return"].sources:  # the states a county gives opinions in
        raise ValidationError(f"当前状态为“{S(application.status).label}”，不能提出县级审核意见。")
    if previous is not None:
        raise ValidationError(ALREADY_GAVE_OPINION.format(decision=Decision(previous).label))


@transaction.atomic
def county_opinions_record_many(
    *, actor, applications: Sequence[Application], decision: str, reason: str = "", field_comments: dict | None = None
) -> BulkOutcome:
    """One department's opinion on each of `applications` (the work list's bulk action): each is checked
    and moved as `county_opinion_record` would, gets its own opinion and audit event, and is refused
    alone if it must be. Either department may return or refuse; both must agree to pass. 同意 waits for what
    apps above review require first (review.signals: the county's 目标审核 of the 绩效目标); a return or a
    refusal never does."""
    department = _county_department(actor)
    reason = reason.strip()
    locked = lock_applications({a.pk for a in applications})
    # Opinions already given on the current round of each application, by department.
    given: dict[tuple[int, str], str] = {}
    rounds = {a.pk: a.review_round for a in locked}
    for application_id, round_, dept, given_decision in ReviewOpinion.objects.filter(
        application__in=[a.pk for a in locked], stage=ReviewOpinion.Stage.COUNTY
    ).values_list("application_id", "round", "department", "decision"):
        if round_ == rounds[application_id]:
            given[(application_id, dept)] = given_decision
    not_yet = county_approval_refusals(locked, actor=actor) if decision == Decision.AGREE else {}
    outcome = BulkOutcome()
    opinions, records, moves = [], [], []
    for application in locked:
        status_from, round_from = application.status, application.review_round
        try:
            _county_opinion_checks(application, actor=actor, decision=decision, reason=reason,
                                   previous=given.get((application.pk, department)))  # fmt: skip
            if application.pk in not_yet:
                raise ValidationError(not_yet[application.pk])
            transitions: list[str] = []
            if application.status == S.SUBMITTED:
                transitions.append(_transition(application, "county_start", actor))
            if decision == Decision.RETURN:
                transitions.append(_transition(application, "county_return", actor))
                application.review_round += 1
            elif decision == Decision.REJECT:
                transitions.append(_transition(application, "county_reject", actor))
            else:
                other = Department.FINANCE if department == Department.INDUSTRY else Department.INDUSTRY
                if given.get((application.pk, other)) == Decision.AGREE:
                    transitions.append(_transition(application, "county_approve", actor))
        except (ValidationError, PermissionDenied) as exc:
            application.status, application.review_round = status_from, round_from
            outcome.refused.append((application, exc))
            continue
        opinions.append(ReviewOpinion(
            application=application, round=round_from, stage=ReviewOpinion.Stage.COUNTY, department=department,
            reviewer=actor, reviewer_name=actor.full_name, decision=decision, reason=reason,
            field_comments=field_comments or {},
        ))  # fmt: skip
        label = TRANSITIONS[transitions[-1]].label if transitions else "提出县级审核意见"
        records.append(AuditRecord(AuditVerb.REVIEW_OPINION, application, {
            "label": f"{ReviewOpinion.Department(department).label}：{Decision(decision).label}",
            "decision": decision, "reason": reason, "transitions": transitions, "status_from": status_from,
            "status_to": application.status, "outcome": label,
        }))  # fmt: skip
        moves.append((application, transitions))
        outcome.done.append(application)
    ReviewOpinion.objects.bulk_create(opinions)
    _save_many(outcome.done, ["status", "review_round"])
    audit_events_record_many(actor=actor, records=records)
    _notify_many(moves, actor, {a.pk: reason for a in outcome.done})
    return outcome


def county_opinion_record(
    *, actor, application: Application, decision: str, reason: str = "", field_comments: dict | None = None
) -> Application:
    """One department's opinion on one application (see `county_opinions_record_many`)."""
    outcome = county_opinions_record_many(
        actor=actor, applications=[application], decision=decision, reason=reason, field_comments=field_comments
    )
    if outcome.refused:
        raise outcome.refused[0][1]
    if not outcome.done:
        raise Application.DoesNotExist
    return outcome.done[0]


@transaction.atomic
def county_reopen(*, actor, application: Application) -> Application:
    """The city returned it: the county reviews it again, with fresh opinions from both departments."""
    _county_department(actor)
    application = lock_application(application.pk)
    if actor.organisation.jurisdiction_id != application.enterprise.jurisdiction_id:
        raise PermissionDenied(NOT_IN_JURISDICTION)
    _transition(application, "county_reopen", actor)
    application.review_round += 1
    application.batch = None
    application.save(update_fields=["status", "review_round", "batch", "updated_at"])
    audit_event_record(actor=actor, verb=AuditVerb.COUNTY_REOPEN, target=application, data={"label": "县级重新审核"})
    _notify(application, ["county_reopen"], actor)
    return application


def _quota_rules(pack) -> dict[int, dict]:
    return {n: rule for rule in pack.data["pack"]["quotas"] for n in rule["items"]}


def _clause(rule: dict) -> str:
    """The clause as one sentence, however the pack ends it."""
    return rule["clause"].rstrip("。.") + "。"


def _check_quota(*, jurisdiction, pack, chosen: list[Application]) -> None:
    """Items 3, 4 and 10: at most N per jurisdiction, counting what is already recommended (one query)."""
    rules = _quota_rules(pack)
    by_item: dict[int, list[Application]] = {}
    for application in chosen:
        by_item.setdefault(application.item.number, []).append(application)
    limited = [number for number in by_item if number in rules]
    if not limited:
        return
    already = dict(
        Application.objects.filter(
            pack=pack, item__number__in=limited, enterprise__jurisdiction=jurisdiction, status__in=QUOTA_HOLDING_STATES
        )
        .exclude(pk__in=[a.pk for a in chosen])
        .order_by()
        .values_list("item__number")
        .annotate(count=Count("pk"))
    )
    for number in sorted(limited):
        group, rule = by_item[number], rules[number]
        count = already.get(number, 0) + len(group)
        if count > rule["per_jurisdiction"]:
            raise ValidationError(
                QUOTA_EXCEEDED.format(item=number, name=group[0].item.name, quota=rule["per_jurisdiction"],
                                      clause=_clause(rule), count=count)
            )  # fmt: skip


@transaction.atomic
def batch_create(*, actor, applications: list[Application], number: str = "") -> RecommendationBatch:
    """The county 工信 reviewer picks county-approved applications for one joint recommendation."""
    if not permissions.can_create_batch(actor):
        raise PermissionDenied
    if not applications:
        raise ValidationError(BATCH_EMPTY)
    jurisdiction = actor.organisation.jurisdiction
    locked = lock_applications({a.pk for a in applications})
    for application in locked:
        if application.enterprise.jurisdiction_id != jurisdiction.pk:
            raise PermissionDenied(NOT_IN_JURISDICTION)
        if application.status != S.COUNTY_APPROVED:
            raise ValidationError(BATCH_NOT_APPROVED.format(name=application))
        if application.batch_id is not None:
            raise ValidationError(BATCH_TAKEN.format(name=application))
    pack = PolicyPack.objects.get(pk=locked[0].pack_id)
    _check_quota(jurisdiction=jurisdiction, pack=pack, chosen=locked)
    batch = RecommendationBatch(pack=pack, jurisdiction=jurisdiction, number=number.strip(), created_by=actor)
    batch.full_clean()
    batch.save()
    Application.objects.filter(pk__in=[a.pk for a in locked]).update(batch=batch)
    audit_event_record(
        actor=actor, verb=AuditVerb.BATCH_CREATED, target=batch, data={"applications": [a.pk for a in locked]}
    )
    return batch


@transaction.atomic
def batch_sign(*, actor, batch: RecommendationBatch, confirmed: SignOffFacts | None = None) -> RecommendationBatch:
    """Real-name sign-off by the named official of each department, who confirmed what they sign (the 文号,
    the number of projects and the requested total, as `batch_sign_off_facts` showed them): refused without
    that confirmation, or when the batch no longer matches it."""
    batch = RecommendationBatch.objects.select_for_update().get(pk=batch.pk)
    if not permissions.can_sign_batch(actor, batch):
        raise PermissionDenied
    department = permissions.county_department_of(actor)
    if batch.status != RecommendationBatch.Status.DRAFT:
        raise ValidationError(BATCH_ALREADY_SENT)
    real_name_check(actor)
    facts = batch_sign_off_facts(batch)
    sign_off_check(confirmed=confirmed, current=facts)
    now = timezone.now()
    if department == Department.INDUSTRY:
        batch.industry_signed_by, batch.industry_signed_at = actor, now
    else:
        batch.finance_signed_by, batch.finance_signed_at = actor, now
    batch.save(update_fields=["industry_signed_by", "industry_signed_at", "finance_signed_by", "finance_signed_at"])
    audit_event_record(
        actor=actor, verb=AuditVerb.BATCH_SIGNED, target=batch,
        data={"department": Department(department).label, "number": facts.document, "count": facts.count,
              "total": None if facts.total is None else f"{facts.total:.2f}", "signer": actor.full_name},
    )  # fmt: skip
    return batch


@transaction.atomic
def batch_send(*, actor, batch: RecommendationBatch, now: dt.datetime | None = None) -> RecommendationBatch:
    """Send the signed batch to the city. The jurisdiction row is locked, so two batches of one county
    cannot both take the last quota place; quota items left over are marked 不予推荐（限额）."""
    if not permissions.can_send_batch(actor, batch):
        raise PermissionDenied
    Jurisdiction.objects.select_for_update().get(pk=batch.jurisdiction_id)
    batch = RecommendationBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != RecommendationBatch.Status.DRAFT:
        raise ValidationError(BATCH_ALREADY_SENT)
    if not (batch.industry_signed_at and batch.finance_signed_at):
        raise ValidationError(BATCH_NOT_SIGNED)
    deadline, source = recommendation_deadline(pack=batch.pack, jurisdiction=batch.jurisdiction)
    if timezone.localdate(now or timezone.now()) > deadline:
        raise ValidationError(BATCH_LATE.format(date=deadline, source=source))
    members = lock_applications(batch.applications.values_list("pk", flat=True))
    _check_quota(jurisdiction=batch.jurisdiction, pack=batch.pack, chosen=members)
    for application in members:
        _transition(application, "recommend", actor)
    # Quota items: the county's other approved applications of the item can no longer be recommended.
    rules = _quota_rules(batch.pack)
    leftovers = lock_applications(
        Application.objects.filter(
            pack=batch.pack, item__number__in={a.item.number for a in members} & set(rules),
            enterprise__jurisdiction=batch.jurisdiction, status=S.COUNTY_APPROVED, batch__isnull=True,
        ).values_list("pk", flat=True)
    )  # fmt: skip
    reasons = {}
    for application in leftovers:
        _transition(application, "quota_reject", actor)
        reasons[application.pk] = QUOTA_REASON.format(clause=_clause(rules[application.item.number]))
    _save_many(members + leftovers, ["status"])
    ReviewOpinion.objects.bulk_create([
        ReviewOpinion(application=a, round=a.review_round, stage="county", department="industry", reviewer=actor,
                      reviewer_name=actor.full_name, decision=Decision.REJECT, reason=reasons[a.pk])
        for a in leftovers
    ])  # fmt: skip
    label = TRANSITIONS["recommend"].label
    audit_events_record_many(actor=actor, records=[
        *(AuditRecord(AuditVerb.APPLICATION_RECOMMENDED, a, {"label": label, "batch": batch.pk, "number": batch.number,
                                                     "transitions": ["recommend"]}) for a in members),
        *(AuditRecord(AuditVerb.QUOTA_REJECTED, a, {"label": TRANSITIONS["quota_reject"].label, "reason": reasons[a.pk],
                                            "batch": batch.pk, "transitions": ["quota_reject"]}) for a in leftovers),
    ])  # fmt: skip
    _notify_many([(a, ["recommend"]) for a in members], actor)
    _notify_many([(a, ["quota_reject"]) for a in leftovers], actor, reasons)
    refused = [a.pk for a in leftovers]
    batch.status = RecommendationBatch.Status.SENT
    batch.sent_at = now or timezone.now()
    batch.save(update_fields=["status", "sent_at"])
    audit_event_record(
        actor=actor, verb=AuditVerb.BATCH_SENT, target=batch,
        data={"recommended": [a.pk for a in members], "quota_refused": refused},
    )  # fmt: skip
    return batch


def _section_reviewer(actor, application: Application) -> None:
    if not permissions.is_city_section_of(actor, application):
        raise PermissionDenied


@transaction.atomic
def city_decision_record(
    *, actor, application: Application, decision: str, reason: str = "", amount: Decimal | None = None
) -> Application:
    """The section named by the pack for the item approves (with an amount), returns to the county, or refuses."""
    application = lock_application(application.pk)
    _section_reviewer(actor, application)
    if decision in (Decision.RETURN, Decision.REJECT) and not reason.strip():
        raise ValidationError({"reason": REASON_REQUIRED})
    transitions: list[str] = []
    if application.status == S.RECOMMENDED and decision != Decision.RETURN:
        transitions.append(_transition(application, "city_start", actor))
    if decision == Decision.AGREE:
        if amount is not None:
            # Locks the item's budget until commit: a decision made at the same time waits, then sees this amount.
            item_budget_check(item=application.item, application_id=application.pk, amount=amount)
            application.proposed_amount = amount
        transitions.append(_transition(application, "city_approve", actor))
    elif decision == Decision.RETURN:
        transitions.append(_transition(application, "city_return", actor))
    else:
        transitions.append(_transition(application, "city_reject", actor))
    ReviewOpinion.objects.create(
        application=application, round=application.review_round, stage=ReviewOpinion.Stage.CITY,
        department=ReviewOpinion.Department.SECTION, reviewer=actor, reviewer_name=actor.full_name,
        decision=decision, reason=reason.strip(),
    )  # fmt: skip
    application.save(update_fields=["status", "proposed_amount", "updated_at"])
    audit_event_record(
        actor=actor, verb=AuditVerb.CITY_DECISION, target=application,
        data={"label": TRANSITIONS[transitions[-1]].label, "decision": decision, "reason": reason.strip(),
              "amount": str(amount) if amount is not None else None, "transitions": transitions},
    )  # fmt: skip
    _notify(application, transitions, actor, reason)
    return application
