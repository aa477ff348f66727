"""Pure helpers for form-schema tests: load one form of the 2023 pack and list its labels."""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path

from policies.pack.loader import parse_yaml
from policies.pack.schema import VALUE_KINDS, FormField, FormTemplate

PACK_2023 = Path(__file__).resolve().parents[2] / "policy_packs" / "hengyang-2023-gxj51"
NOTICE_TEXT = PACK_2023 / "notice.txt"  # the source document, kept with its pack


@cache
def _form_data(form_id: str) -> dict:
    """The parsed YAML of one form, read once per process: parsing is most of the cost, and the pack's files
    do not change during a test run."""
    return parse_yaml((PACK_2023 / "forms" / f"{form_id}.yaml").read_text(encoding="utf-8"))


def load_form(form_id: str) -> FormTemplate:
    """A fresh FormTemplate of one 2023 form (a deep copy, validated on each call, so a test may change what it gets)."""
    return FormTemplate.model_validate(copy.deepcopy(_form_data(form_id)))


def all_fields(form: FormTemplate) -> list[FormField]:
    return [f for s in form.sections for f in s.fields]


def value_fields(form: FormTemplate) -> list[FormField]:
    """Fields the user answers: value kinds, year tables and repeating tables (not headings, guidance, signatures)."""
    return [f for f in all_fields(form) if f.kind in VALUE_KINDS or f.kind in ("year_table", "table")]


def labels(form: FormTemplate) -> list[str]:
    """Every label of the form, including year-table rows and table columns."""
    out: list[str] = []
    for f in all_fields(form):
        out.append(f.label)
        out += [r.label for r in f.rows or []]
        out += [c.label for c in f.columns or []]
        out += [o.label for o in f.options or []]
    return out
