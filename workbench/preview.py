"""The preview (预览) of a draft pack: its catalogue, one item's page, the calculator and an empty 申报书, built
from the draft's data with the renderers the published pack uses (policies.presenters, the form preview
partial, eligibility.engine, documents.application_docx). Nothing is stored: a draft never becomes a
PolicyPack before it is published, so no enterprise can see it or apply under it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.text import safe_filename
from documents.application_docx import application_document
from documents.docx_base import to_bytes
from policies.presenters import item_view, rules_for_item


def notice_deadline(data: dict[str, Any]) -> dt.date | None:
    """The notice's deadline as a date (the draft has no 申报窗口 yet: those are set once it is published)."""
    try:
        return dt.date.fromisoformat(str(data["pack"]["notice"]["deadline"]))
    except (KeyError, ValueError):
        return None


def preview_items(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The draft's items as the catalogue shows them, in their order."""
    return [item_view(i) for i in sorted(data.get("items") or [], key=lambda i: i["number"])]


def preview_item(data: dict[str, Any], number: int) -> dict[str, Any] | None:
    item = next((i for i in data.get("items") or [] if i["number"] == number), None)
    return item_view(item) if item is not None else None


def item_forms(data: dict[str, Any], item: dict[str, Any]) -> list[dict[str, Any]]:
    """The form templates the item uses, in its order (a sub-type's own forms are listed after them)."""
    ids = list(item.get("forms") or [])
    for subtype in item.get("subtypes") or []:
        ids += [i for i in subtype.get("forms") or [] if i not in ids]
    forms = data.get("forms") or {}
    return [forms[i] for i in ids if i in forms]


def item_rules(data: dict[str, Any], number: int) -> list[str]:
    return rules_for_item(data, number)


def empty_application_docx(data: dict[str, Any], item: dict[str, Any]) -> tuple[str, bytes]:
    """(filename, bytes) of the item's 申报书 as an enterprise would download it before filling anything in."""
    document = application_document(
        forms=item_forms(data, item),
        answers={},
        enterprise_name="",
        item_name=f"第{item['number']}项 {item['name']}",
        subtype_options=[s["name"] for s in item.get("subtypes") or []],
        commitment_text=item.get("commitment") or "",
    )
    name = safe_filename(f"申报书预览-{data['pack']['id']}-第{item['number']}项", fallback="申报书预览")
    return f"{name}.docx", to_bytes(document)
