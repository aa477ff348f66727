"""Names, paths and anchors (policies/formengine/paths.py)."""

from __future__ import annotations

from applications.tests.formdata import filled_answers
from policies.formengine.paths import field_name, path_to_anchor
from policies.formengine.render import render_sections
from policies.tests.formengine.packforms import FORM_IDS, form


def test_names_and_anchors():
    assert field_name("2-2", "project_name") == "f-2-2__project_name"
    assert field_name("2-1", "economy", "total_assets", 2021) == "f-2-1__economy__total_assets__2021"
    assert field_name("3", "quantity", "row-a1b2", "indicator") == "f-3__quantity__row-a1b2__indicator"
    assert path_to_anchor("2-2.project_name") == "f-2-2__project_name"
    assert path_to_anchor("2-1.economy.total_assets.2021") == "f-2-1__economy__total_assets__2021"
    assert path_to_anchor("3.quantity[0].indicator") == "f-3__quantity__0__indicator"
    assert path_to_anchor("2-1.enterprise_nature.other") == "f-2-1__enterprise_nature__other"


def test_anchors_of_all_paths_are_unique_html_ids():
    forms = [form(i) for i in FORM_IDS]
    answers = {k: v for i in FORM_IDS for k, v in filled_answers(form(i)).items()}
    ids = []
    for form_view in render_sections(forms, answers, {}, {}):
        for section in form_view.sections:
            for view in section.fields:
                ids.append(view.anchor)
                ids += [c.anchor for r in view.year_rows for c in r.cells]
                ids += [c.anchor for r in view.rows for c in r.cells]
    assert len(ids) == len(set(ids))
    assert all(i and " " not in i and i[0].isalpha() for i in ids)
