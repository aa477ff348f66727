"""Review writes: county opinions (工信 and 财政 jointly), joint recommendation batches with quotas, city
section decisions. Each service is atomic, locks what it changes, runs transitions only through the
workflow table, and writes one audit event that names every transition it took."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from accounts.choices import Role
from accounts.models import Jurisdiction
from applications.models import Application
from core.services import audit_event_record
from review.models import ItemBudget, RecommendationBatch, ReviewOpinion
from review.workflow import TRANSITIONS, ApplicationStatus, transition_allowed

S = ApplicationStatus
Decision = ReviewOpinion.Decision

REASON_REQUIRED = "退回或不予推荐时，必须填写理由。"
ALREADY_GAVE_OPINION = "本部门已对本轮申报提出意见（{decision}），无需重复。"
NOT_IN_JURISDICTION = "只能审核本辖区的申报。"
BATCH_EMPTY = "请至少选择一个县级审核通过的申报。"
BATCH_NOT_APPROVED = "“{name}”不是县级审核通过状态，不能推荐。"
BATCH_TAKEN = "“{name}”已在另一个推荐批次中。"
QUOTA_EXCEEDED = (
    "第{item}项“{name}”各县市区、市直园区限报{quota}个（{clause}），本辖区已推荐或选择了 {count} 个，请只保留一个。"
)
BATCH_NOT_SIGNED = "联合推荐需工信部门和财政部门都签发后才能上报。"
BATCH_ALREADY_SENT = "该批次已上报。"
BATCH_LATE = (
    "推荐上报已于 {date:%Y年%m月%d日} 截止（{source}），逾期不予受理。如确需补报，请联系市工信局中小企业科重新开放。"
)
AMOUNT_OVER_BUDGET = "第{item}项的预算为 {budget} 万元，已建议 {used} 万元，本次 {amount} 万元将超出预算。"
AMOUNT_NEGATIVE = "金额不能为负数。"
QUOTA_REASON = "各县市区、市直园区限报{quota}个（{clause}），本辖区已推荐其他申报。"


def _lock(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("enterprise__jurisdiction", "item", "pack")
        .get(pk=application.pk)
    )


def _transition(application: Application, name: str, actor) -> str:
    """Move along the table; returns the transition name for the audit record."""
    allowed, reason = transition_allowed(name, application.status, actor.role_set)
    if not allowed:
        raise ValidationError(reason)
    application.status = TRANSITIONS[name].target
    return name


def _notify(application: Application, transitions: list[str], actor, reason: str = "") -> None:
    from notifications.services import notify_transition

    for name in transitions:
        notify_transition(application=application, transition=name, actor=actor, reason=reason)


def _county_department(actor) -> str:
    if actor.has_role(Role.COUNTY_INDUSTRY_REVIEWER):
        return ReviewOpinion.Department.INDUSTRY
    if actor.has_role(Role.COUNTY_FINANCE_REVIEWER):
        return ReviewOpinion.Department.FINANCE
    raise PermissionDenied


@transaction.atomic
def county_opinion_record(
    *, actor, application: Application, decision: str, reason: str = "", field_comments: dict | None = None
) -> Application:
    """One department's opinion. Either department may return or refuse; both must agree to pass."""
    department = _county_department(actor)
    application = _lock(application)
    if actor.organisation.jurisdiction_id != application.enterprise.jurisdiction_id:
        raise PermissionDenied(NOT_IN_JURISDICTION)
    if decision in (Decision.RETURN, Decision.REJECT) and not reason.strip():
        raise ValidationError({"reason": REASON_REQUIRED})
    if application.status not in (S.SUBMITTED, S.COUNTY_REVIEW):
        raise ValidationError(f"当前状态为“{S(application.status).label}”，不能提出县级审核意见。")
    previous = application.opinions.filter(
        stage="county", round=application.review_round, department=department
    ).first()
    if previous is not None:
        raise ValidationError(ALREADY_GAVE_OPINION.format(decision=previous.get_decision_display()))
    status_from = application.status
    transitions: list[str] = []
    if application.status == S.SUBMITTED:
        transitions.append(_transition(application, "county_start", actor))
    ReviewOpinion.objects.create(
        application=application, round=application.review_round, stage=ReviewOpinion.Stage.COUNTY,
        department=department, reviewer=actor, reviewer_name=actor.full_name, decision=decision,
        reason=reason.strip(), field_comments=field_comments or {},
    )  # fmt: skip
    if decision == Decision.RETURN:
        transitions.append(_transition(application, "county_return", actor))
        application.review_round += 1
    elif decision == Decision.REJECT:
        transitions.append(_transition(application, "county_reject", actor))
    else:
        agreed = set(
            application.opinions.filter(
                stage="county", round=application.review_round, decision=Decision.AGREE
            ).values_list("department", flat=True)
        )
        if agreed >= {ReviewOpinion.Department.INDUSTRY, ReviewOpinion.Department.FINANCE}:
            transitions.append(_transition(application, "county_approve", actor))
    application.save(update_fields=["status", "review_round", "updated_at"])
    label = TRANSITIONS[transitions[-1]].label if transitions else "提出县级审核意见"
    audit_event_record(
        actor=actor, verb="review_opinion", target=application,
        data={"label": f"{ReviewOpinion.Department(department).label}：{Decision(decision).label}",
              "decision": decision, "reason": reason.strip(), "transitions": transitions,
              "status_from": status_from, "status_to": application.status, "outcome": label},
    )  # fmt: skip
    _notify(application, transitions, actor, reason)
    return application


@transaction.atomic
def county_reopen(*, actor, application: Application) -> Application:
    """The city returned it: the county reviews it again, with fresh opinions from both departments."""
    _county_department(actor)
    application = _lock(application)
    if actor.organisation.jurisdiction_id != application.enterprise.jurisdiction_id:
        raise PermissionDenied(NOT_IN_JURISDICTION)
    _transition(application, "county_reopen", actor)
    application.review_round += 1
    application.batch = None
    application.save(update_fields=["status", "review_round", "batch", "updated_at"])
    audit_event_record(actor=actor, verb="county_reopen", target=application, data={"label": "县级重新审核"})
    _notify(application, ["county_reopen"], actor)
    return application


def _quota_rules(pack) -> dict[int, dict]:
    return {n: rule for rule in pack.data["pack"]["quotas"] for n in rule["items"]}


def _check_quota(*, jurisdiction, pack, chosen: list[Application]) -> None:
    """Items 3, 4 and 10: at most N per jurisdiction, counting what is already recommended."""
    rules = _quota_rules(pack)
    by_item: dict[int, list[Application]] = {}
    for application in chosen:
        by_item.setdefault(application.item.number, []).append(application)
    for number, group in by_item.items():
        rule = rules.get(number)
        if rule is None:
            continue
        already = Application.objects.filter(
            pack=pack, item__number=number, enterprise__jurisdiction=jurisdiction,
            status__in=[S.RECOMMENDED, S.CITY_REVIEW, S.CITY_APPROVED, S.PUBLICISED, S.AWARDED],
        ).exclude(pk__in=[a.pk for a in group]).count()  # fmt: skip
        if already + len(group) > rule["per_jurisdiction"]:
            raise ValidationError(
                QUOTA_EXCEEDED.format(item=number, name=group[0].item.name, quota=rule["per_jurisdiction"],
                                      clause=rule["clause"].rstrip("。"), count=already + len(group))
            )  # fmt: skip


@transaction.atomic
def batch_create(*, actor, applications: list[Application], number: str = "") -> RecommendationBatch:
    """The county 工信 reviewer picks county-approved applications for one joint recommendation."""
    if not actor.has_role(Role.COUNTY_INDUSTRY_REVIEWER):
        raise PermissionDenied
    if not applications:
        raise ValidationError(BATCH_EMPTY)
    jurisdiction = actor.organisation.jurisdiction
    locked = [_lock(a) for a in sorted(applications, key=lambda a: a.pk)]
    for application in locked:
        if application.enterprise.jurisdiction_id != jurisdiction.pk:
            raise PermissionDenied(NOT_IN_JURISDICTION)
        if application.status != S.COUNTY_APPROVED:
            raise ValidationError(BATCH_NOT_APPROVED.format(name=application))
        if application.batch_id is not None:
            raise ValidationError(BATCH_TAKEN.format(name=application))
    pack = locked[0].pack
    _check_quota(jurisdiction=jurisdiction, pack=pack, chosen=locked)
    batch = RecommendationBatch(pack=pack, jurisdiction=jurisdiction, number=number.strip(), created_by=actor)
    batch.full_clean()
    batch.save()
    Application.objects.filter(pk__in=[a.pk for a in locked]).update(batch=batch)
    audit_event_record(actor=actor, verb="batch_created", target=batch, data={"applications": [a.pk for a in locked]})
    return batch


@transaction.atomic
def batch_sign(*, actor, batch: RecommendationBatch) -> RecommendationBatch:
    """Real-name sign-off by the named official of each department."""
    batch = RecommendationBatch.objects.select_for_update().get(pk=batch.pk)
    if actor.organisation.jurisdiction_id != batch.jurisdiction_id:
        raise PermissionDenied
    if batch.status != RecommendationBatch.Status.DRAFT:
        raise ValidationError(BATCH_ALREADY_SENT)
    now = timezone.now()
    if actor.has_role(Role.COUNTY_INDUSTRY_REVIEWER):
        batch.industry_signed_by, batch.industry_signed_at, department = actor, now, "工信部门"
    elif actor.has_role(Role.COUNTY_FINANCE_REVIEWER):
        batch.finance_signed_by, batch.finance_signed_at, department = actor, now, "财政部门"
    else:
        raise PermissionDenied
    batch.save(update_fields=["industry_signed_by", "industry_signed_at", "finance_signed_by", "finance_signed_at"])
    audit_event_record(actor=actor, verb="batch_signed", target=batch, data={"department": department})
    return batch


def recommendation_deadline(*, pack, jurisdiction) -> tuple[dt.date, str]:
    """The county's joint letter is due at the city by the notice's date, unless the city re-opened it."""
    from applications.models import SubmissionWindow

    notice = pack.data["pack"]["notice"]
    deadline, source = dt.date.fromisoformat(notice["deadline"]), f"{notice['document_number']}：请于8月25日前报送"
    reopened = (
        SubmissionWindow.objects.filter(pack=pack, kind=SubmissionWindow.Kind.CITY_REOPENED)
        .filter(Q(jurisdiction=jurisdiction) | Q(jurisdiction=None))
        .order_by("-closes_on")
        .first()
    )
    if reopened and reopened.closes_on > deadline:
        return reopened.closes_on, f"市级重新开放（{reopened.reason}）"
    return deadline, source


@transaction.atomic
def batch_send(*, actor, batch: RecommendationBatch, now: dt.datetime | None = None) -> RecommendationBatch:
    """Send the signed batch to the city. The jurisdiction row is locked, so two batches of one county
    cannot both take the last quota place; quota items left over are marked 不予推荐（限额）."""
    if not actor.has_role(Role.COUNTY_INDUSTRY_REVIEWER):
        raise PermissionDenied
    Jurisdiction.objects.select_for_update().get(pk=batch.jurisdiction_id)
    batch = RecommendationBatch.objects.select_for_update().get(pk=batch.pk)
    if actor.organisation.jurisdiction_id != batch.jurisdiction_id:
        raise PermissionDenied
    if batch.status != RecommendationBatch.Status.DRAFT:
        raise ValidationError(BATCH_ALREADY_SENT)
    if not (batch.industry_signed_at and batch.finance_signed_at):
        raise ValidationError(BATCH_NOT_SIGNED)
    deadline, source = recommendation_deadline(pack=batch.pack, jurisdiction=batch.jurisdiction)
    if timezone.localdate(now or timezone.now()) > deadline:
        raise ValidationError(BATCH_LATE.format(date=deadline, source=source))
    members = [_lock(a) for a in batch.applications.order_by("pk")]
    _check_quota(jurisdiction=batch.jurisdiction, pack=batch.pack, chosen=members)
    for application in members:
        _transition(application, "recommend", actor)
        application.save(update_fields=["status", "updated_at"])
        _notify(application, ["recommend"], actor)
    refused = []
    rules = _quota_rules(batch.pack)
    for number in {a.item.number for a in members} & set(rules):
        leftovers = Application.objects.filter(
            pack=batch.pack, item__number=number, enterprise__jurisdiction=batch.jurisdiction,
            status=S.COUNTY_APPROVED, batch__isnull=True,
        )  # fmt: skip
        reason = QUOTA_REASON.format(
            quota=rules[number]["per_jurisdiction"], clause=rules[number]["clause"].rstrip("。")
        )
        for application in leftovers:
            application = _lock(application)
            _transition(application, "quota_reject", actor)
            application.save(update_fields=["status", "updated_at"])
            ReviewOpinion.objects.create(
                application=application, round=application.review_round, stage="county", department="industry",
                reviewer=actor, reviewer_name=actor.full_name, decision=Decision.REJECT, reason=reason,
            )  # fmt: skip
            _notify(application, ["quota_reject"], actor, reason)
            refused.append(application.pk)
    batch.status = RecommendationBatch.Status.SENT
    batch.sent_at = now or timezone.now()
    batch.save(update_fields=["status", "sent_at"])
    audit_event_record(
        actor=actor, verb="batch_sent", target=batch,
        data={"recommended": [a.pk for a in members], "quota_refused": refused},
    )  # fmt: skip
    return batch


def _section_reviewer(actor, application: Application) -> None:
    if not (
        actor.has_role(Role.CITY_SECTION_REVIEWER) and actor.organisation.section_code == application.item.section_code
    ):
        raise PermissionDenied


@transaction.atomic
def city_decision_record(
    *, actor, application: Application, decision: str, reason: str = "", amount: Decimal | None = None
) -> Application:
    """The section named by the pack for the item approves (with an amount), returns to the county, or refuses."""
    application = _lock(application)
    _section_reviewer(actor, application)
    if decision in (Decision.RETURN, Decision.REJECT) and not reason.strip():
        raise ValidationError({"reason": REASON_REQUIRED})
    transitions: list[str] = []
    if application.status == S.RECOMMENDED and decision != Decision.RETURN:
        transitions.append(_transition(application, "city_start", actor))
    if decision == Decision.AGREE:
        if amount is not None:
            if amount < 0:
                raise ValidationError({"amount": AMOUNT_NEGATIVE})
            budget = ItemBudget.objects.filter(item=application.item).first()
            if budget is not None:
                used = Application.objects.filter(
                    item=application.item, status__in=[S.CITY_APPROVED, S.PUBLICISED, S.AWARDED]
                ).exclude(pk=application.pk).aggregate(total=Sum("proposed_amount"))["total"] or Decimal(0)
                if used + amount > budget.amount:
                    raise ValidationError({"amount": AMOUNT_OVER_BUDGET.format(
                        item=application.item.number, budget=budget.amount, used=used, amount=amount)})  # fmt: skip
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
        actor=actor, verb="city_decision", target=application,
        data={"label": TRANSITIONS[transitions[-1]].label, "decision": decision, "reason": reason.strip(),
              "amount": str(amount) if amount is not None else None, "transitions": transitions},
    )  # fmt: skip
    _notify(application, transitions, actor, reason)
    return application
