"""Rules a form template states across its fields (FormTemplate.rules), checked when an application is
complete: e.g. 附件3 needs an indicator under every 一级指标, in whichever of its 二级指标 tables.
Pure functions over the template and its answers; the engine reports them at the first field."""

from __future__ import annotations

from typing import Any

from policies.formengine.fields import as_templates
from policies.formengine.messages import MIN_ROWS_ACROSS
from policies.pack.schema import FormTemplate


def form_rule_issues(form: FormTemplate, form_answers: dict[str, Any], *, complete: bool) -> list[tuple[str, str]]:
    """(field id, message) for every rule of the form that the answers break. The issue sits at
    the rule's first field, so the completeness list links to the place where a row can be added."""
    if not complete:
        return []
    labels = {f.id: f.label for s in form.sections for f in s.fields}
    issues = []
    for rule in form.rules:
        rows = 0
        for field_id in rule.min_rows_across:
            value = form_answers.get(field_id)
            rows += sum(1 for row in value if isinstance(row, dict) and row) if isinstance(value, list) else 0
        if rows < rule.min_rows:
            tables = "、".join(labels[i] for i in rule.min_rows_across)
            message = MIN_ROWS_ACROSS.format(label=rule.label, count=rule.min_rows, tables=tables)
            issues.append((rule.min_rows_across[0], message))
    return issues


def form_rule_errors(forms: list[dict] | list[FormTemplate], answers: dict[str, Any]) -> dict[str, str]:
    """path -> message of every form rule the answers break, for the completeness report."""
    errors = {}
    for template in as_templates(forms):
        if not template.rules:
            continue
        for field_id, message in form_rule_issues(template, answers.get(template.id) or {}, complete=True):
            errors[f"{template.id}.{field_id}"] = message
    return errors
