"""Cross-checks of the materials of one support item: the form fields their rules read, and the facts
their `required_when` reads. A rule that names a field the application does not have would never be
enforced, so the loader refuses it."""

from __future__ import annotations

from policies.fact_types import Fact
from policies.pack.schema import DATE_RULE_CODES, FormTemplate, Material, Rule, SupportItem


def _rule_facts(rule: Rule) -> list[str]:
    children = getattr(rule, "all", None) or getattr(rule, "any", None)
    if children:
        return [name for child in children for name in _rule_facts(child)]
    if hasattr(rule, "facts"):
        return list(rule.facts())
    return [
        n for n in (getattr(rule, "fact", None), getattr(rule, "per", None), getattr(rule, "growth_from", None)) if n
    ]


def _field(form: FormTemplate, field_id: str):
    return next((f for s in form.sections for f in s.fields if f.id == field_id), None)


def material_reference_errors(
    item: SupportItem, forms: dict[str, FormTemplate], facts: dict[str, Fact]
) -> list[tuple[str, str]]:
    """(path, message) for every material rule or requirement of the item that refers to nothing; `facts` is
    the vocabulary of the pack's notice year."""
    errors: list[tuple[str, str]] = []
    places: list[tuple[str, Material, set[str]]] = [(f"materials.{m.id}", m, set(item.forms)) for m in item.materials]
    for k, sub in enumerate(item.subtypes):
        sub_forms = set(sub.forms or item.forms)
        places += [(f"subtypes[{k}].materials.{m.id}", m, sub_forms) for m in sub.materials]
    for where, material, item_forms in places:
        if material.required_when is not None:
            for name in _rule_facts(material.required_when.rule):
                if name not in facts:
                    errors.append((f"{where}.required_when", f"未知的事实 {name!r}（见 docs/facts.md）"))
        for r, rule in enumerate(material.rules):
            path = f"{where}.rules[{r}]"
            if rule.form is None:
                continue
            if rule.form not in item_forms or rule.form not in forms:
                errors.append((path, f"引用的表单 {rule.form} 不是本事项的申报表单"))
                continue
            field = _field(forms[rule.form], rule.field or "")
            if field is None:
                errors.append((path, f"表单 {rule.form} 中没有字段 {rule.field}"))
            elif rule.code in DATE_RULE_CODES and field.kind != "date":
                errors.append((path, f"字段 {rule.form}.{rule.field} 不是日期字段（date）"))
            elif rule.code == "period_within_year":
                column = next((c for c in field.columns or [] if c.id == rule.column), None)
                if field.kind != "table":
                    errors.append((path, f"字段 {rule.form}.{rule.field} 不是重复行表格（table）"))
                elif column is None:
                    errors.append((path, f"表格 {rule.form}.{rule.field} 中没有列 {rule.column}"))
                elif column.kind != "date":
                    errors.append((path, f"表格 {rule.form}.{rule.field} 的列 {rule.column} 不是日期列（date）"))
    return errors
