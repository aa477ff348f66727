"""Loading and publishing policy packs (a pack is loaded whole or not at all), and the holiday arrangements the
working-day calendar takes from the city."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from core import workdays
from core.choices import AuditVerb
from core.holidays import HolidayPeriod, WorkingDay, arrangement_errors
from core.models import CalendarDay, HolidayArrangement
from core.services import audit_event_record
from policies import permissions
from policies.choices import PackStatus
from policies.models import FormTemplate, PolicyPack, SupportItem
from policies.pack.loader import LoadedPack, load_pack_unchanged
from policies.signals import pack_published

PACK_VERSION_CONFLICT = (
    "政策包 {pack_id} 第{version}版已存在且内容不同。已发布的政策包不可修改，请提高 pack.yaml 中的 version。"
)


def _pack_data(loaded: LoadedPack) -> dict:
    return {
        "pack": loaded.pack.model_dump(mode="json"),
        "items": [i.model_dump(mode="json") for i in loaded.items],
        "forms": {k: f.model_dump(mode="json") for k, f in loaded.forms.items()},
        "cases": loaded.cases.model_dump(mode="json") if loaded.cases else None,
    }


@transaction.atomic
def pack_load(*, actor, directory: str | Path, publish: bool = True) -> tuple[PolicyPack, bool]:
    """Validate and store a pack folder. Returns (pack, created).

    Loading the same content again changes nothing (idempotent). The same version with other content
    is refused: published packs are immutable, so a change needs a new version number.
    """
    loaded = load_pack_unchanged(directory)  # raises PackInvalid with every error; nothing written yet
    meta = loaded.pack
    existing = PolicyPack.objects.select_for_update().filter(pack_id=meta.id, version=meta.version).first()
    if existing is not None:
        if existing.digest != loaded.digest:
            raise ValidationError(PACK_VERSION_CONFLICT.format(pack_id=meta.id, version=meta.version))
        if publish and existing.status == PackStatus.DRAFT:
            existing = pack_publish(actor=actor, pack=existing)
        return existing, False
    pack = PolicyPack(
        pack_id=meta.id,
        version=meta.version,
        year=meta.year,
        document_number=meta.notice.document_number,
        title=meta.notice.title,
        digest=loaded.digest,
        data=_pack_data(loaded),
        loaded_by=actor if getattr(actor, "pk", None) else None,
    )
    pack.full_clean()
    pack.save()
    for item in loaded.items:
        row = SupportItem(
            pack=pack,
            number=item.number,
            code=item.code,
            name=item.name,
            support_method=item.support_method,
            section_code=item.contact.section,
            county_quota=item.county_quota,
            counts_toward_project_limit=item.counts_toward_project_limit,
            data=item.model_dump(mode="json"),
        )
        row.full_clean(exclude=["pack"])
        row.save()
    FormTemplate.objects.bulk_create(
        FormTemplate(pack=pack, form_id=form_id, title=form.title, schema=form.model_dump(mode="json"))
        for form_id, form in loaded.forms.items()
    )
    audit_event_record(
        actor=actor, verb=AuditVerb.PACK_LOADED, target=pack, data={"digest": loaded.digest, "items": len(loaded.items)}
    )
    if publish:
        pack = pack_publish(actor=actor, pack=pack)
    return pack, True


@transaction.atomic
def pack_publish(*, actor, pack: PolicyPack) -> PolicyPack:
    pack = PolicyPack.objects.select_for_update().get(pk=pack.pk)
    if pack.status != PackStatus.DRAFT:
        raise ValidationError("只有草稿状态的政策包可以发布。")
    pack.status = PackStatus.PUBLISHED
    pack.published_at = timezone.now()
    pack.save(update_fields=["status", "published_at", "updated_at"])
    audit_event_record(actor=actor, verb=AuditVerb.PACK_PUBLISHED, target=pack, data={"version": pack.version})
    pack_published.send(sender=PolicyPack, pack=pack)  # eligibility re-evaluates every enterprise after commit
    return pack


@transaction.atomic
def holiday_arrangement_save(
    *,
    actor,
    year: int,
    document_number: str,
    published_on,
    periods: list[HolidayPeriod],
    working_days: list[WorkingDay],
) -> HolidayArrangement:
    """Store `year`'s 节假日安排 (replacing the one entered before, if any: the audit event keeps both). From then on
    it decides which of its dates are working days, before chinesecalendar does (core.workdays)."""
    if not permissions.can_manage_work_calendar(actor):
        raise PermissionDenied
    errors = arrangement_errors(year, periods, working_days)
    if errors:
        raise ValidationError(errors)
    arrangement = HolidayArrangement.objects.select_for_update().filter(year=year).first()
    previous = None
    if arrangement is None:
        arrangement = HolidayArrangement(year=year)
    else:
        previous = {"document_number": arrangement.document_number, "days": _days_data(arrangement.days.all())}
        arrangement.days.all().delete()
    arrangement.document_number = document_number
    arrangement.published_on = published_on
    arrangement.entered_by = actor
    arrangement.full_clean()
    arrangement.save()
    days = [
        CalendarDay(arrangement=arrangement, day=d, is_working_day=False, name=p.name)
        for p in periods
        for d in p.days()
    ]
    days += [CalendarDay(arrangement=arrangement, day=w.day, is_working_day=True, name=w.name) for w in working_days]
    CalendarDay.objects.bulk_create(days)
    audit_event_record(
        actor=actor,
        verb=AuditVerb.HOLIDAY_ARRANGEMENT_SAVED,
        target=arrangement,
        data={"year": year, "document_number": document_number, "days": _days_data(days), "previous": previous},
    )
    workdays.overlay_clear()  # this process at once; the others within OVERLAY_MAX_AGE
    transaction.on_commit(workdays.overlay_clear)
    return arrangement


def _days_data(days) -> list[list]:
    return [[day.day.isoformat(), "上班" if day.is_working_day else "放假", day.name] for day in days]
