"""Writes for award lists: create, confirm (SME section), co-sign (finance), publicise, objections, finalise.

Every function is atomic, takes the acting person, locks the award list row first (so the steps of one
list are serialised), then the application rows it moves (one query, in primary-key order), and
records one audit event per state change in the same transaction:

- create, confirm, co-sign, submit an objection: one event each;
- publish: one `application_publicised` event per application (each moves CITY_APPROVED → PUBLICISED
  through the workflow table) plus one `public_notice_published` event for the notice, which is also
  the list's move to "publicised";
- resolve an objection: one `objection_resolved` event; when it is upheld, the entry is excluded and
  its application moves PUBLICISED → CITY_REJECTED (`objection_upheld`), with one
  `award_entry_excluded` event on the application;
- finalise: one `application_awarded` event per awarded application and one `award_list_finalised`
  event for the list.

Events on applications carry a `label` (and a `reason` for an exclusion) so the application's
timeline reads them like any other workflow step. The enterprises are told of each move through
`notify_transition_many`. However many entries a list has, each service runs the same number of
queries: rows are locked, updated, audited and notified in bulk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from applications.locks import lock_application, lock_applications, lock_applications_where
from applications.models import Application
from applications.signals import transitioned
from applications.workflow import TRANSITIONS, ApplicationStatus, transition_allowed
from awards import permissions
from awards.choices import AwardListStatus, ObjectionStatus
from awards.models import MAX_WORKING_DAYS, MIN_WORKING_DAYS, AwardEntry, AwardList, Objection, PublicNotice
from awards.selectors import award_candidates, public_notice_working_days
from awards.validators import clean_contact_phone, clean_content, clean_id_number, clean_objector_name
from core.choices import AuditVerb
from core.masking import mask_mobile
from core.services import AuditRecord, audit_event_record, audit_events_record_many
from core.workdays import CalendarUnavailable, period_end
from policies.models import PolicyPack
from review.signoff import SignOffFacts, sign_off_check

# User-facing messages (tests import them).
EMPTY_LIST = "没有可列入奖补名单的申报：须为“市级已通过”、科室已填写建议金额，且尚未列入其他名单。"
LISTED_MEANWHILE = "部分申报刚刚已被列入另一份名单，请刷新页面后重新生成。"
WRONG_STATUS = "奖补名单当前为“{status}”，不能{action}。"
CONFIRM_BEFORE_COSIGN = "须先由市工信局中小企业科实名确认名单，市财政局企业科方可会签。"
COSIGN_BEFORE_PUBLISH = "名单须经市工信局中小企业科确认、市财政局企业科会签后方可公示。"
REAL_NAME_REQUIRED = "确认和会签须实名：您的账号尚未登记真实姓名，请联系系统管理员补充后再办理。"
ENTRY_NOT_APPROVED = "“{entry}”当前为“{status}”，不能列入名单。"
ENTRY_WITHOUT_AMOUNT = "“{entry}”的建议金额已被清空，请科室重新填写后再确认。"
ENTRY_BLOCKED = "“{entry}”：{reason}"
START_IN_PAST = "公示开始日期不能早于今天。"
WORKING_DAYS_RANGE = f"公示期为 {MIN_WORKING_DAYS} 至 {MAX_WORKING_DAYS} 个工作日。"
CALENDAR_UNAVAILABLE = "系统尚无 {year} 年的法定节假日安排，无法计算公示期。请中小企业科在“节假日安排”中录入国务院办公厅公布的 {year} 年安排后再发布。"
OUTSIDE_PERIOD = "本次公示期为 {starts:%Y年%m月%d日} 至 {ends:%Y年%m月%d日}，现不在公示期内，不受理异议。"
ENTRY_NOT_IN_NOTICE = "请从本次公示名单中选择有异议的一项。"
ALREADY_RESOLVED = "该异议已处理（{status}），不能再次处理。"
RESOLUTION_REQUIRED = "请填写处理意见。"
PERIOD_NOT_OVER = "公示期至 {ends:%Y年%m月%d日} 结束，期满后方可定稿。"
OPEN_OBJECTIONS = "还有 {count} 条异议未处理，全部处理后方可定稿。"

EXCLUDED_LABEL = TRANSITIONS["objection_upheld"].label


def _lock_list(award_list: AwardList) -> AwardList:
    return AwardList.objects.select_for_update().get(pk=award_list.pk)


def _lock_applications(award_list: AwardList) -> dict[int, Application]:
    rows = lock_applications(AwardEntry.objects.filter(award_list=award_list).values("application_id"))
    return {application.pk: application for application in rows}


def _entries(award_list: AwardList, applications: dict[int, Application] | None = None) -> list[AwardEntry]:
    """The list's entries; with `applications` (locked rows), each entry's application is that row."""
    entries = list(award_list.entries.all())
    if applications is not None:
        for entry in entries:
            entry.application = applications[entry.application_id]
    return entries


def _require_real_name(actor) -> None:
    if not (actor.full_name or "").strip():
        raise ValidationError(REAL_NAME_REQUIRED)


def _require_status(award_list: AwardList, status: str, action: str) -> None:
    if award_list.status != status:
        raise ValidationError(WRONG_STATUS.format(status=award_list.get_status_display(), action=action))


def _total(entries) -> str:
    return str(sum((e.amount for e in entries), Decimal("0")))


def _move(
    *,
    actor,
    entries: list[AwardEntry],
    transition: str,
    verb: AuditVerb,
    data: Callable[[AwardEntry], dict],
    fields: tuple[str, ...] = (),
    reasons: dict[int, str] | None = None,
) -> list[Application]:
    """Take `transition` for the (locked, checked) application of each entry: one UPDATE, one INSERT of
    audit events (one event per application, `data(entry)` each), and the notifications."""
    target = TRANSITIONS[transition].target
    now = timezone.now()
    applications = [entry.application for entry in entries]
    for application in applications:
        application.status = target
        application.updated_at = now  # bulk_update does not touch auto_now fields
    Application.objects.bulk_update(applications, ["status", "updated_at", *fields])
    audit_events_record_many(
        actor=actor, records=[AuditRecord(verb, entry.application, data(entry)) for entry in entries]
    )
    transitioned(transition, applications, actor=actor, reasons=reasons)
    return applications


@transaction.atomic
def award_list_create(*, actor, pack: PolicyPack) -> AwardList:
    """Collect the pack's approved applications, each with the amount the section proposed."""
    if not permissions.is_sme_coordinator(actor):
        raise PermissionDenied
    applications = lock_applications_where(award_candidates(pack))
    if not applications:
        raise ValidationError(EMPTY_LIST)
    award_list = AwardList(pack=pack, created_by=actor)
    award_list.full_clean()
    award_list.save()
    entries = [AwardEntry(award_list=award_list, application=a, amount=a.proposed_amount) for a in applications]
    for entry in entries:
        # Both rows were just read or written: checking that they exist would cost two queries an entry.
        entry.full_clean(exclude=["award_list", "application"], validate_constraints=False)
    try:
        with transaction.atomic():
            AwardEntry.objects.bulk_create(entries)
    except IntegrityError as exc:  # another list took one of them a moment ago (unique per application)
        raise ValidationError(LISTED_MEANWHILE) from exc
    audit_event_record(
        actor=actor, verb=AuditVerb.AWARD_LIST_CREATED, target=award_list,
        data={"pack": pack.pack_id, "entries": len(entries), "total": _total(entries)},
    )  # fmt: skip
    return award_list


def _step_record(
    award_list: AwardList, *, actor, status: AwardListStatus, step: str, verb: AuditVerb, data: dict
) -> AwardList:
    """The list moves on to `status`, with who took the step and when (its `<step>_by` and `<step>_at`:
    sme_confirmed, finance_cosigned, finalised) and the step's audit event."""
    award_list.status = status
    setattr(award_list, f"{step}_by", actor)
    setattr(award_list, f"{step}_at", timezone.now())
    award_list.save(update_fields=["status", f"{step}_by", f"{step}_at", "updated_at"])
    audit_event_record(actor=actor, verb=verb, target=award_list, data=data)
    return award_list


def _facts(amounts: list[Decimal | None]) -> SignOffFacts:
    """The count and total a sign-off is checked against (the document's name is for the page only)."""
    given = [a for a in amounts if a is not None]
    return SignOffFacts(document="", count=len(amounts), total=sum(given, Decimal(0)) if given else None,
                        total_label="奖补金额合计")  # fmt: skip


@transaction.atomic
def award_list_confirm(*, actor, award_list: AwardList, confirmed: SignOffFacts | None = None) -> AwardList:
    """The SME section confirms the list in its own name; the amounts are frozen at this moment. `confirmed`
    is what the confirmation step showed (count and total of the amounts to be frozen): refused without it,
    or when the list no longer matches it."""
    if not permissions.is_sme_coordinator(actor):
        raise PermissionDenied
    award_list = _lock_list(award_list)
    _require_status(award_list, AwardListStatus.DRAFT, "确认")
    _require_real_name(actor)
    applications = _lock_applications(award_list)
    entries = _entries(award_list, applications)
    for entry in entries:
        application = applications[entry.application_id]
        if application.status != ApplicationStatus.CITY_APPROVED:
            raise ValidationError(ENTRY_NOT_APPROVED.format(entry=entry, status=application.get_status_display()))
        if not application.proposed_amount or application.proposed_amount <= 0:
            raise ValidationError(ENTRY_WITHOUT_AMOUNT.format(entry=entry))
    sign_off_check(
        confirmed=confirmed,
        current=_facts([applications[e.application_id].proposed_amount for e in entries]),
    )
    # The section may have adjusted an amount since the list was made: the confirmed list takes it.
    changed = {}
    for entry in entries:
        proposed = applications[entry.application_id].proposed_amount
        if entry.amount != proposed:
            changed[str(entry.pk)] = [str(entry.amount), str(proposed)]
            entry.amount = proposed
    AwardEntry.objects.bulk_update([e for e in entries if str(e.pk) in changed], ["amount"])
    return _step_record(
        award_list, actor=actor, status=AwardListStatus.CONFIRMED, step="sme_confirmed",
        verb=AuditVerb.AWARD_LIST_CONFIRMED,
        data={"entries": len(entries), "total": _total(entries), "amounts_changed": changed},
    )  # fmt: skip


@transaction.atomic
def award_list_cosign(*, actor, award_list: AwardList, confirmed: SignOffFacts | None = None) -> AwardList:
    """The city finance section co-signs the confirmed list in its own name, having confirmed what it signs
    (count and total, as the confirmation step showed them)."""
    if not permissions.is_city_finance_reviewer(actor):
        raise PermissionDenied
    award_list = _lock_list(award_list)
    if award_list.status == AwardListStatus.DRAFT:
        raise ValidationError(CONFIRM_BEFORE_COSIGN)
    _require_status(award_list, AwardListStatus.CONFIRMED, "会签")
    _require_real_name(actor)
    entries = _entries(award_list)
    sign_off_check(confirmed=confirmed, current=_facts([e.amount for e in entries]))
    return _step_record(
        award_list, actor=actor, status=AwardListStatus.COSIGNED, step="finance_cosigned",
        verb=AuditVerb.AWARD_LIST_COSIGNED, data={"entries": len(entries), "total": _total(entries)},
    )  # fmt: skip


@transaction.atomic
def public_notice_publish(
    *, actor, award_list: AwardList, starts_on: dt.date, working_days: int | None = None, today: dt.date | None = None
) -> PublicNotice:
    """Publish the co-signed list for `working_days` working days from `starts_on` (by default its pack's
    `public_notice.working_days`); every entry goes to PUBLICISED."""
    if not permissions.is_sme_coordinator(actor):
        raise PermissionDenied
    award_list = _lock_list(award_list)
    if award_list.status in (AwardListStatus.DRAFT, AwardListStatus.CONFIRMED):
        raise ValidationError(COSIGN_BEFORE_PUBLISH)
    _require_status(award_list, AwardListStatus.COSIGNED, "公示")
    if working_days is None:
        working_days = public_notice_working_days(award_list)
    if not MIN_WORKING_DAYS <= working_days <= MAX_WORKING_DAYS:
        raise ValidationError({"working_days": WORKING_DAYS_RANGE})
    if starts_on < (today or timezone.localdate()):
        raise ValidationError({"starts_on": START_IN_PAST})
    try:
        ends_on = period_end(starts_on, working_days)
    except CalendarUnavailable as exc:
        raise ValidationError({"starts_on": CALENDAR_UNAVAILABLE.format(year=exc.year)}) from exc
    transition = TRANSITIONS["publicise"]
    applications = _lock_applications(award_list)
    entries = _entries(award_list, applications)
    # Every application is checked against the workflow table before anything is written.
    for entry in entries:
        allowed, reason = transition_allowed(transition.name, entry.application.status, actor.role_set)
        if not allowed:
            raise ValidationError(ENTRY_BLOCKED.format(entry=entry, reason=reason))
    notice = PublicNotice(
        award_list=award_list, starts_on=starts_on, ends_on=ends_on, working_days=working_days,
        published_by=actor, published_at=timezone.now(),
    )  # fmt: skip
    notice.full_clean()
    notice.save()
    moved = _move(
        actor=actor, entries=entries, transition=transition.name, verb=AuditVerb.APPLICATION_PUBLICISED,
        data=lambda entry: {"label": transition.label, "award_list": award_list.pk, "notice": notice.pk,
                            "amount": str(entry.amount)},
    )  # fmt: skip
    award_list.status = AwardListStatus.PUBLICISED
    award_list.save(update_fields=["status", "updated_at"])
    audit_event_record(
        actor=actor, verb=AuditVerb.PUBLIC_NOTICE_PUBLISHED, target=notice,
        data={"award_list": award_list.pk, "starts_on": str(starts_on), "ends_on": str(ends_on),
              "working_days": working_days, "entries": len(moved), "total": _total(entries)},
    )  # fmt: skip
    return notice


@transaction.atomic
def objection_submit(
    *,
    public_notice: PublicNotice,
    entry: AwardEntry,
    name: str,
    phone: str,
    content: str,
    today: dt.date,
    id_number: str = "",
) -> Objection:
    """Anyone may object during the period, without an account, but under a real name with a contact phone.

    The audit event has no actor, and of the objector's identity it keeps only the masked phone.
    """
    award_list = _lock_list(public_notice.award_list)
    notice = PublicNotice.objects.get(pk=public_notice.pk)
    if award_list.status != AwardListStatus.PUBLICISED or not notice.is_open_on(today):
        raise ValidationError(OUTSIDE_PERIOD.format(starts=notice.starts_on, ends=notice.ends_on))
    if entry.award_list_id != award_list.pk:
        raise ValidationError({"entry": ENTRY_NOT_IN_NOTICE})
    cleaned, errors = {}, {}
    for field, clean, value in (
        ("name", clean_objector_name, name),
        ("phone", clean_contact_phone, phone),
        ("id_number", clean_id_number, id_number),
        ("content", clean_content, content),
    ):
        try:
            cleaned[field] = clean(value)
        except ValidationError as exc:
            errors[field] = exc.messages
    if errors:
        raise ValidationError(errors)
    objection = Objection(
        public_notice=notice, entry=entry, objector_name=cleaned["name"], objector_phone=cleaned["phone"],
        objector_id_number=cleaned["id_number"], content=cleaned["content"], submitted_at=timezone.now(),
    )  # fmt: skip
    objection.full_clean()
    objection.save()
    audit_event_record(
        actor=None, verb=AuditVerb.OBJECTION_SUBMITTED, target=objection,
        data={"notice": notice.pk, "entry": entry.pk, "phone": mask_mobile(cleaned["phone"])},
    )  # fmt: skip
    return objection


def _exclude(*, actor, award_list: AwardList, entries: list[AwardEntry], reasons: dict[int, str]) -> None:
    """Upheld objections: the entries leave the awards and their applications end as 不予支持.

    `reasons` maps an entry's primary key to the resolution(s) that upheld an objection to it; each
    application's audit event and the enterprise's notification carry it."""
    for entry in entries:
        entry.excluded = True
    AwardEntry.objects.bulk_update(entries, ["excluded"])
    _move(
        actor=actor, entries=entries, transition="objection_upheld", verb=AuditVerb.AWARD_ENTRY_EXCLUDED,
        data=lambda entry: {"label": EXCLUDED_LABEL, "reason": reasons[entry.pk], "award_list": award_list.pk,
                            "entry": entry.pk, "transitions": ["objection_upheld"]},
        reasons={entry.application_id: reasons[entry.pk] for entry in entries},
    )  # fmt: skip


def _check_transition(actor, entries: list[AwardEntry], transition: str) -> None:
    for entry in entries:
        allowed, reason = transition_allowed(transition, entry.application.status, actor.role_set)
        if not allowed:
            raise ValidationError(ENTRY_BLOCKED.format(entry=entry, reason=reason))


@transaction.atomic
def objection_resolve(*, actor, objection: Objection, upheld: bool, resolution: str) -> Objection:
    """The SME section decides an objection. An upheld one excludes its entry at once: the application
    moves PUBLICISED → CITY_REJECTED (不予支持) with the resolution as its reason, and is not awarded."""
    if not permissions.is_sme_coordinator(actor):
        raise PermissionDenied
    award_list = _lock_list(objection.public_notice.award_list)
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if objection.status != ObjectionStatus.OPEN:
        raise ValidationError(ALREADY_RESOLVED.format(status=objection.get_status_display()))
    _require_status(award_list, AwardListStatus.PUBLICISED, "处理异议")
    resolution = (resolution or "").strip()
    if not resolution:
        raise ValidationError({"resolution": RESOLUTION_REQUIRED})
    entry = None
    if upheld:
        entry = AwardEntry.objects.get(pk=objection.entry_id)
        # A second upheld objection to an entry already excluded changes nothing more.
        if not entry.excluded:
            entry.application = lock_application(entry.application_id)
            _check_transition(actor, [entry], "objection_upheld")
    objection.status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.DISMISSED
    objection.resolution = resolution
    objection.resolved_by = actor
    objection.resolved_at = timezone.now()
    objection.save(update_fields=["status", "resolution", "resolved_by", "resolved_at"])
    audit_event_record(
        actor=actor, verb=AuditVerb.OBJECTION_RESOLVED, target=objection,
        data={"upheld": upheld, "entry": objection.entry_id, "award_list": award_list.pk},
    )  # fmt: skip
    if entry is not None and not entry.excluded:
        _exclude(actor=actor, award_list=award_list, entries=[entry], reasons={entry.pk: resolution})
    return objection


@transaction.atomic
def award_list_finalise(*, actor, award_list: AwardList, today: dt.date) -> AwardList:
    """After the period, with every objection decided: award every entry not excluded by an upheld objection.

    Objections upheld before the `objection_upheld` transition existed left their entry in the list
    and their application PUBLICISED: those are excluded here, as `objection_resolve` does now.
    """
    if not permissions.is_sme_coordinator(actor):
        raise PermissionDenied
    award_list = _lock_list(award_list)
    _require_status(award_list, AwardListStatus.PUBLICISED, "定稿")
    notice = award_list.public_notice
    if today <= notice.ends_on:
        raise ValidationError(PERIOD_NOT_OVER.format(ends=notice.ends_on))
    open_count = notice.objections.filter(status=ObjectionStatus.OPEN).count()
    if open_count:
        raise ValidationError(OPEN_OBJECTIONS.format(count=open_count))
    upheld: dict[int, list[str]] = {}
    for entry_id, resolution in notice.objections.filter(status=ObjectionStatus.UPHELD).values_list(
        "entry_id", "resolution"
    ):
        upheld.setdefault(entry_id, []).append(resolution)
    applications = _lock_applications(award_list)
    entries = _entries(award_list, applications)
    to_exclude = [e for e in entries if e.pk in upheld and not e.excluded]
    to_award = [e for e in entries if e.pk not in upheld and not e.excluded]
    _check_transition(actor, to_exclude, "objection_upheld")
    _check_transition(actor, to_award, "award")
    if to_exclude:
        _exclude(actor=actor, award_list=award_list, entries=to_exclude,
                 reasons={e.pk: "；".join(upheld[e.pk]) for e in to_exclude})  # fmt: skip
    for entry in to_award:
        entry.application.award_amount = entry.amount
    transition = TRANSITIONS["award"]
    _move(
        actor=actor, entries=to_award, transition=transition.name, verb=AuditVerb.APPLICATION_AWARDED,
        data=lambda entry: {"label": transition.label, "amount": str(entry.amount), "award_list": award_list.pk},
        fields=("award_amount",),
    )  # fmt: skip
    return _step_record(
        award_list, actor=actor, status=AwardListStatus.FINAL, step="finalised", verb=AuditVerb.AWARD_LIST_FINALISED,
        data={"awarded": len(to_award), "excluded": sorted(e.pk for e in entries if e.excluded),
              "total": _total(to_award)},
    )  # fmt: skip
