"""Validation and completeness of a set of answers: the errors by path, the required values still
missing, and the raw text kept beside the values."""

from __future__ import annotations

from dataclasses import dataclass

from policies.formengine.kinds import RAW_KEY, Answers
from policies.formengine.paths import path_to_anchor
from policies.formengine.slots import walk_issues


@dataclass(frozen=True)
class Missing:
    path: str
    anchor: str
    form_id: str
    form_title: str
    section_title: str
    label: str


def validate_answers(forms: list[dict], answers: Answers, *, complete: bool) -> dict[str, str]:
    """path -> message. Kinds and limits always (raw text included, so a reloaded draft shows its errors
    again); with complete=True also required values, required table columns and min_rows."""
    return {issue.path: issue.message for _, _, issue in walk_issues(forms, answers, complete=complete)}


def missing_required(forms: list[dict], answers: Answers) -> list[Missing]:
    """Required values without an answer, in page order. A value typed but not valid is not missing: it
    is reported by validate_answers."""
    return [
        Missing(issue.path, path_to_anchor(issue.path), form.id, form.title, section.title, issue.label)
        for form, section, issue in walk_issues(forms, answers, complete=True)
        if issue.missing
    ]


def drop_invalid(answers: Answers, errors: dict[str, str]) -> Answers:
    """The answers to store after a save with errors: a copy of them as they are.

    parse_submission never puts a value of the wrong kind into the answers (that text is kept under
    RAW_KEY), so what remains invalid only breaks a limit (too long, out of range, an option missing its
    text). It is kept, so nothing typed is lost; validate_answers and the completeness report flag it on
    every load and submission stays blocked until it is fixed."""
    return {
        form_id: {
            key: (dict(value) if isinstance(value, dict) else list(value) if isinstance(value, list) else value)
            for key, value in form_answers.items()
        }
        if isinstance(form_answers, dict)
        else form_answers
        for form_id, form_answers in answers.items()
    }


def raw_values(answers: Answers) -> dict[str, str]:
    """All raw texts (path -> what was typed) embedded in the answers."""
    out: dict[str, str] = {}
    for form_answers in answers.values():
        if isinstance(form_answers, dict):
            out.update(form_answers.get(RAW_KEY) or {})
    return out
