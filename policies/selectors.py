"""Reads of policy packs: the current pack, its items and forms."""

from __future__ import annotations

from django.http import Http404

from policies.choices import PackStatus
from policies.models import FormTemplate, PolicyPack, SupportItem


def pack_current() -> PolicyPack | None:
    """The newest published version of the newest year's notice."""
    return PolicyPack.objects.filter(status=PackStatus.PUBLISHED).order_by("-year", "-version", "-pk").first()


def pack_current_or_404() -> PolicyPack:
    pack = pack_current()
    if pack is None:
        raise Http404("尚未发布任何政策包")
    return pack


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
