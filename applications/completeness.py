"""What an application still lacks before submission, and which materials it must provide: reads,
shared by the edit page, the save view and application_submit (applications/services.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from applications import material_rules
from applications.models import Application
from applications.places import answer_places
from applications.selectors import application_deadline
from enterprises.selectors import profile_facts, profile_of
from policies.facts import FACTS
from policies.formengine.form_rules import form_rule_errors
from policies.formengine.indicators import target_sheet_issues
from policies.formengine.paths import page_order, path_to_anchor
from policies.formengine.subtypes import subtype_disagreements
from policies.formengine.validate import missing_required, raw_values, validate_answers
from policies.models import SupportItem
from policies.pack.schema import PerformanceRules

# User-facing messages (tests import them).
DISAGREES_WITH_SUBTYPE = "{label}须与本申报的申报类型“{subtype}”一致（申报类型在创建申报时选定）"

FACT_LABELS = {name: fact.label for name, fact in FACTS.items()}
# The 分值 total of a 绩效目标表 when the pack sets none (PerformanceRules' default: 100).
DEFAULT_TOTAL_SCORE = Decimal(str(PerformanceRules.model_fields["total_score"].default))


def subtype_names(item: SupportItem) -> list[str]:
    """The names of the item's sub-types (申报类型), in the pack's order."""
    return [s["name"] for s in item.data.get("subtypes", [])]


def subtype_of(item: SupportItem, code: str) -> dict | None:
    if not code:
        return None
    return next((s for s in item.data.get("subtypes", []) if s["code"] == code), None)


def item_materials(application: Application) -> list[dict]:
    """The checklist of the application's item, then its subtype's extra materials."""
    subtype = subtype_of(application.item, application.subtype_code) or {}
    return list(application.item.data.get("materials", [])) + list(subtype.get("materials", []))


@dataclass(frozen=True)
class CompletenessItem:
    kind: str  # field, material, commitment, summary
    label: str
    anchor: str
    where: str


def completeness_report(application: Application, *, attachments: list | None = None) -> list[CompletenessItem]:
    """Everything still missing before submission, each with the anchor of its place on the page. `attachments`:
    the application's, when the caller has read them already (the page has), in their order (material, upload)."""
    items: list[CompletenessItem] = []
    labels = {
        "project_name": "项目名称",
        "requested_amount": "申请金额（万元）",
        "contact_name": "联系人",
        "contact_phone": "联系电话",
    }
    for key, label in labels.items():
        if getattr(application, key) in (None, ""):
            items.append(CompletenessItem("summary", label, f"summary-{key}", "申报概要"))
    missing = missing_required(application.forms, application.answers)
    errors = validate_answers(application.forms, application.answers, complete=False)
    subtypes, chosen = subtype_names(application.item), application.subtype_name
    disagreements = subtype_disagreements(application.forms, application.answers, subtypes, chosen)
    # 附件3: one entry per cell. A value typed wrong keeps its error; a blank cell of an indicator gets the
    # indicator's own message ("定量指标须写明度量单位…") instead of the bare required-field entry.
    targets = [(path, message) for path, message in performance_target_issues(application) if path not in errors]
    indicator_cells = {path for path, _ in targets if "[" in path}
    missing = [m for m in missing if m.path not in indicator_cells]
    # Each entry names the form, the section and the field as the page shows them (never a path).
    places = answer_places(
        application.forms,
        [m.path for m in missing] + list(errors) + [path for path, _ in disagreements] + list(indicator_cells),
        raw_values(application.answers),
    )

    def place(path: str, fallback_label: str) -> tuple[str, str]:
        found = places.get(path)
        return (found.label, found.where) if found else (fallback_label, "申报书")

    # The form's entries in the order of the page (a slip in the first form before a gap in the last), so
    # that the list reads from the top of the page down.
    fields: list[tuple[str, CompletenessItem]] = []
    for entry in missing:
        label, where = place(entry.path, entry.label)
        fields.append((entry.path, CompletenessItem("field", label, entry.anchor, where)))
    for path, message in errors.items():
        label, where = place(path, "")
        fields.append((path, CompletenessItem("field", f"{label}：填写有误，{message}", path_to_anchor(path), where)))
    for path, label in disagreements:
        message = DISAGREES_WITH_SUBTYPE.format(label=label, subtype=chosen)
        fields.append((path, CompletenessItem("field", message, path_to_anchor(path), place(path, label)[1])))
    for path, message in targets:
        if path in indicator_cells:
            label, where = place(path, "")
            fields.append((path, CompletenessItem("field", f"{label}：{message}", path_to_anchor(path), where)))
    order = page_order(application.forms)
    items += [item for _path, item in sorted(fields, key=lambda pair: order(pair[0]))]
    uploads = (
        list(application.attachments.values_list("material_id", "query_date"))
        if attachments is None
        else [(a.material_id, a.query_date) for a in attachments]
    )
    uploaded = {material_id for material_id, _ in uploads}
    materials = item_materials(application)
    needs = material_needs(application, materials)
    for material in materials:
        need = needs[material["id"]]
        if need.required and not material.get("form") and material["id"] not in uploaded:
            label = material_rules.missing_label(material, need, FACT_LABELS)
            items.append(CompletenessItem("material", label, f"material-{material['id']}", "申报材料"))
    # Rules across fields: a form's own (附件3: an indicator under every 一级指标), the material rules that
    # name a form field (查询时间, purchase-list dates), and a 查询时间 typed in the form that differs from
    # the one given with the upload. Each at its field, with the rule's own message.
    rule_errors = [
        *form_rule_errors(application.forms, application.answers).items(),
        *((path, message) for path, message in targets if path not in indicator_cells),  # the 分值 total
        *_field_rule_errors(application, application.answers, materials, needs, complete=True).items(),
        *material_rules.query_date_disagreements(materials, application.forms, application.answers, uploads),
    ]
    rule_places = answer_places(application.forms, [path for path, _ in rule_errors])
    for path, message in rule_errors:
        found = rule_places.get(path)
        items.append(CompletenessItem("field", message, path_to_anchor(path), found.where if found else "申报书"))
    if not application.commitment_confirmed_at:
        items.append(CompletenessItem("commitment", "真实性承诺书（法定代表人签字确认）", "commitment", "真实性承诺"))
    return items


def performance_target_sheet(application: Application) -> tuple[dict | None, Decimal]:
    """The application's frozen 绩效目标表 template (the pack's performance_form; None when the application
    was frozen without it) and the 分值 total its indicators must add up to."""
    pack = application.pack.data.get("pack") or {}
    form_id = pack.get("performance_form")
    form = next((f for f in application.forms if f.get("id") == form_id), None) if form_id else None
    rules = pack.get("performance") or {}
    total = rules.get("total_score")
    return form, Decimal(str(total)) if total is not None else DEFAULT_TOTAL_SCORE


def performance_target_issues(application: Application) -> list[tuple[str, str]]:
    """(path, message) of what keeps the 绩效目标表 from being usable: each indicator at its cell (a number
    and unit for 定量, a standard for 定性, a 分值), and the 分值 total at the first indicator table."""
    form, total = performance_target_sheet(application)
    if form is None:
        return []
    return target_sheet_issues(form, application.answers.get(form["id"]) or {}, total_score=total)


def date_window(application: Application, now: dt.datetime | None) -> material_rules.DateWindow:
    notice = application.pack.data["pack"]["notice"]
    deadline = application_deadline(application)
    return material_rules.DateWindow(
        issued=dt.date.fromisoformat(notice["issue_date"]),
        deadline=deadline.closes_on,
        today=timezone.localdate(now or timezone.now()),
    )


def material_needs(application: Application, materials: list[dict]) -> dict[str, material_rules.MaterialNeed]:
    """material id -> whether the application must provide it; a `required_when` reads the enterprise's
    profile facts (the profile is read only when a material needs it)."""
    facts: dict[str, Any] = {}
    if material_rules.needs_facts(materials):
        profile = profile_of(application.enterprise_id)
        facts = profile_facts(profile) if profile else {}
    return {m["id"]: material_rules.material_need(m, facts) for m in materials}


def material_need_view(need: material_rules.MaterialNeed) -> dict[str, Any]:
    """What the checklist shows of a material's requirement: 选报 or not, the clause it depends on, and
    the profile facts still missing to decide it."""
    missing = "、".join(FACT_LABELS.get(f, f) for f in need.missing_facts)
    return {"required": need.required, "required_clause": need.clause, "required_missing": missing}


def field_rule_errors(application: Application, answers: dict) -> dict[str, str]:
    """path -> message of the material rules that name a form field, for a draft being saved (the save
    view shows them at their fields); an empty purchase list is left to the completeness report."""
    materials = item_materials(application)
    return _field_rule_errors(application, answers, materials, {}, complete=False)


def _field_rule_errors(application, answers, materials, needs, *, complete: bool) -> dict[str, str]:
    if not any(rule.get("form") for m in materials for rule in m.get("rules", [])):
        return {}  # no rule reads a form field: the deadline's queries are not needed
    required = {m["id"] for m in materials if needs[m["id"]].required} if complete else set()
    window = date_window(application, None)
    return material_rules.field_rule_errors(materials, application.forms, answers, window, required=required)
