"""Render every form of both packs (and the enterprise profile form) through applications/form_fields.html in
five states, and each field view alone through its `#field` partial, into a folder of HTML files: run it before
and after a change to the form's drawing and compare the folders byte for byte (`cmp`/`diff -r`).

    .venv/bin/python bench/form_render/capture.py /tmp/formref
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.template.loader import render_to_string  # noqa: E402
from django.utils.safestring import mark_safe  # noqa: E402

from applications.tests.formdata import filled_answers  # noqa: E402
from enterprises.profile_schema import profile_form  # noqa: E402
from policies.formengine.render import render_sections  # noqa: E402
from policies.pack.loader import load_pack_unchanged  # noqa: E402

PACKS = ("hengyang-2023-gxj51", "example-2024")
ERROR = "有误 <b>&amp;</b> \"引号\" 'x'"  # HTML-special characters in every message


def forms() -> dict[str, dict]:
    out = {}
    for pack in PACKS:
        loaded = load_pack_unchanged(ROOT / "policy_packs" / pack)
        for form_id, form in loaded.forms.items():
            out[f"{pack}__{form_id}"] = form.model_dump(mode="json")
    out["profile"] = profile_form()
    return out


def walk(views):
    """Every field view, cells (and the blank template row's) included."""
    for view in views:
        yield view
        for row in view.year_rows:
            yield from walk(row.cells)
        for row in [*view.rows, *([view.template_row] if view.template_row else [])]:
            yield from walk(row.cells)


def all_paths(form: dict, answers: dict) -> tuple[dict, dict, dict]:
    """An error and a comment on every path the page shows, and raw text in every number box."""
    errors, comments, raw = {}, {}, {}
    for form_view in render_sections([form], answers):
        for section in form_view.sections:
            for view in walk(section.fields):
                if not view.path:
                    continue
                errors[view.path] = f"{ERROR} {view.path}"
                comments[view.path] = f"意见 <i>{view.path}</i> & 'c'"
                if view.other_name:
                    errors[f"{view.path}.other"] = f"{ERROR} other"
                if view.partial in ("number", "date"):
                    raw[view.path] = "12,3万 <x>&"
    return errors, comments, raw


def page(sections) -> str:
    return render_to_string("applications/form_fields.html", {"sections": sections})


def fields_alone(sections) -> str:
    return "\n<!-- field -->\n".join(
        render_to_string("applications/form_fields.html#field", {"field": view})
        for form_view in sections
        for section in form_view.sections
        for view in section.fields
    )


def capture(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    count = size = 0
    for name, form in forms().items():
        filled = filled_answers(form)
        errors, comments, raw = all_paths(form, filled)
        safe = {k: mark_safe(v) for k, v in list(errors.items())[:3]}  # noqa: S308 - already-safe text, not escaped again
        cases = {
            "empty": render_sections([form], {}),
            "filled": render_sections([form], filled),
            "errors": render_sections([form], filled, {**errors, **safe}, raw, comments=comments),
            "errors_empty": render_sections([form], {}, errors, {}),
            "readonly": render_sections([form], filled, readonly=True, comments=comments),
            "readonly_empty": render_sections([form], {}, readonly=True),
        }
        for state, sections in cases.items():
            for kind, text in (("page", page(sections)), ("fields", fields_alone(sections))):
                (folder / f"{name}__{state}__{kind}.html").write_text(text, encoding="utf-8")
                count += 1
                size += len(text.encode())
    print(f"{count} files, {size} bytes in {folder}")


if __name__ == "__main__":
    capture(Path(sys.argv[1]))
