"""Reads of policy packs (the current pack, its items and forms) and of the entered holiday arrangements."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from core.memo import memo_put
from core.models import HolidayArrangement
from core.prepared import PreparedQuery
from policies.choices import PackStatus
from policies.models import FormTemplate, PolicyPack, SupportItem


def _published() -> QuerySet[PolicyPack]:
    return PolicyPack.objects.filter(status=PackStatus.PUBLISHED).order_by("-year", "-version", "-pk")


# A pack's text (PolicyPack.data, about 640 kB of JSON) by (pk, digest), read from the database once per process:
# the digest is of the content, so a cached text is never stale. Reading and decoding it took about 5 ms of the
# app's CPU and more of PostgreSQL's on every page that names the pack (bench/load/README.md).
_DATA_CACHE: dict[tuple[int, str], dict] = {}
_DATA_CACHE_SIZE = 8


def performance_rules_latest() -> dict | None:
    """The 绩效 rules (pack.yaml performance) of the newest published pack that has them: where a workbench draft's
    pack sets none, its page starts from these."""
    rules = _published().values_list("data__pack__performance", flat=True)
    return next((r for r in rules if r), None)


def pack_data_attach(pack: PolicyPack) -> PolicyPack:
    """`pack`, read without its `data` (`.defer("data")`), with its text from this process's cache."""
    if "data" in pack.__dict__:
        return pack
    key = (pack.pk, pack.digest)
    data = _DATA_CACHE.get(key)
    if data is None:
        data = PolicyPack.objects.values_list("data", flat=True).get(pk=pack.pk)
        memo_put(_DATA_CACHE, key, data, size=_DATA_CACHE_SIZE)
    pack.data = data
    return pack


# Every public page and most others read it: compiled once per process (core/prepared.py).
_PUBLISHED_WITHOUT_TEXT = PreparedQuery(lambda: _published().defer("data"))


def packs_published() -> list[PolicyPack]:
    """The packs on offer: the newest published version of each notice, newest year first (one query; each
    pack's text from this process's cache)."""
    packs, seen = [], set()
    for pack in _PUBLISHED_WITHOUT_TEXT.all():
        if pack.pack_id not in seen:
            seen.add(pack.pack_id)
            packs.append(pack_data_attach(pack))
    return packs


def pack_is_example(pack: PolicyPack) -> bool:
    """An example pack (`notice.example: true`) shows how a next year's call would look; it is no real notice."""
    return bool(pack.notice.get("example"))


def pack_default(packs: list[PolicyPack]) -> PolicyPack | None:
    """Of `packs` (newest first), the one a page shows unless asked for another: the newest real notice. An
    example pack only when no real one is published, so loading the example never makes it the current notice."""
    return next((p for p in packs if not pack_is_example(p)), packs[0] if packs else None)


def pack_current() -> PolicyPack | None:
    """The default pack: the newest published real notice (an example pack only when it is the only one)."""
    return pack_default(packs_published())


def published_notice_years() -> tuple[int, ...] | None:
    """The notice years of the published packs (one query), for what serves every notice at once: the
    enterprise profile asks for the yearly figures of all of them. None when nothing is published."""
    years = sorted(set(_published().values_list("year", flat=True)))
    return tuple(years) or None


def items_of_current_pack() -> QuerySet[SupportItem]:
    """The default pack's items in their order, without reading the pack's text from the database again."""
    pack = pack_current()
    return SupportItem.objects.filter(pack_id=pack.pk if pack else None).order_by("number")


def pack_current_or_404() -> PolicyPack:
    pack = pack_current()
    if pack is None:
        raise Http404("尚未发布任何政策包")
    return pack


@dataclass(frozen=True)
class OfferedPack:
    pack: PolicyPack
    ref: str  # what a link carries in `?pack=`; empty for the default pack, so its links stay as they were
    example: bool


def packs_offered() -> list[OfferedPack]:
    """Every published pack as a pack switcher lists it: the default pack first, then the others newest first."""
    packs = packs_published()
    default = pack_default(packs)
    ordered = sorted(packs, key=lambda p: p.pk != default.pk) if default else []
    return [OfferedPack(p, "" if p is default else p.pack_id, pack_is_example(p)) for p in ordered]


class NoPackPublished(Http404):
    """Nothing is published yet: the public pages say so (policies/no_pack.html) rather than a bare 404."""


@dataclass(frozen=True)
class PackChoice:
    """The pack a page shows, the reference its links carry, and every pack it may switch to."""

    pack: PolicyPack
    ref: str
    offered: list[OfferedPack]


def pack_choice_or_404(reference: str | None) -> PackChoice:
    """The published pack a reference names ('hengyang-2023-gxj51', or '…@2' for an older published version); the
    default pack when there is no reference. A draft, retired or unknown pack is 404 to everyone: these pages
    offer published packs only. One query unless an older version is named."""
    offered = packs_offered()
    if not reference:
        if not offered:
            raise NoPackPublished("尚未发布任何政策包")
        return PackChoice(offered[0].pack, "", offered)
    found = next((o for o in offered if o.pack.pack_id == reference), None)
    if found is None:
        pack = pack_by_reference(reference)
        if pack is None or pack.status != PackStatus.PUBLISHED:
            raise Http404("找不到该政策包")
        found = next((o for o in offered if o.pack.pk == pack.pk), OfferedPack(pack, reference, pack_is_example(pack)))
    return PackChoice(found.pack, found.ref, offered)


def pack_offered_or_404(reference: str | None) -> PolicyPack:
    return pack_choice_or_404(reference).pack


def items_of_pack(*, pack: PolicyPack) -> list[SupportItem]:
    return list(pack.items.order_by("number"))


def item_of_pack_or_404(*, pack: PolicyPack, number: int) -> SupportItem:
    item = pack.items.filter(number=number).first()
    if item is None:
        raise Http404("支持事项不存在")
    return item


def items_for_section(*, section_code: str) -> list[SupportItem]:
    pack = pack_current()
    if pack is None or not section_code:
        return []
    return list(pack.items.filter(section_code=section_code).order_by("number"))


def forms_of_item(*, item: SupportItem) -> list[FormTemplate]:
    ids = list(item.data["forms"])
    forms = {f.form_id: f for f in FormTemplate.objects.filter(pack_id=item.pack_id, form_id__in=ids)}
    return [forms[i] for i in ids if i in forms]


_MODEL_CACHE: dict[tuple[int, str], tuple] = {}


def pack_models(pack: PolicyPack):
    """The pack's pydantic models (Pack, [SupportItem]), built once per stored version."""
    from policies.pack.schema import Pack, SupportItem

    key = (pack.pk, pack.digest)
    if key not in _MODEL_CACHE:
        _MODEL_CACHE[key] = (
            Pack.model_validate(pack.data["pack"]),
            [SupportItem.model_validate(i) for i in pack.data["items"]],
        )
    return _MODEL_CACHE[key]


def pack_by_reference(reference: str) -> PolicyPack | None:
    """'hengyang-2023-gxj51' (newest published version) or 'hengyang-2023-gxj51@2'."""
    pack_id, _, version = reference.partition("@")
    packs = PolicyPack.objects.filter(pack_id=pack_id).defer("data")
    if version:
        pack = packs.filter(version=int(version)).first() if version.isdigit() else None
    else:
        pack = packs.filter(status=PackStatus.PUBLISHED).order_by("-version").first()
    return pack_data_attach(pack) if pack is not None else None


def holiday_arrangements() -> QuerySet[HolidayArrangement]:
    """Every entered 节假日安排, newest year first, with how many days it gives off and how many it makes working."""
    return HolidayArrangement.objects.select_related("entered_by").annotate(
        holiday_count=Count("days", filter=Q(days__is_working_day=False)),
        working_day_count=Count("days", filter=Q(days__is_working_day=True)),
    )


def holiday_arrangement_for_year(year: int) -> HolidayArrangement | None:
    return HolidayArrangement.objects.filter(year=year).prefetch_related("days").first()
