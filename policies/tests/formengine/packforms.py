"""The 2023 pack's forms as the database stores them, and a form posted as a browser would: shared by the
form engine's tests (policies/tests/formengine/) and the application tests."""

from __future__ import annotations

from functools import cache

from django.utils.datastructures import MultiValueDict

from applications.tests.formdata import browser_post
from policies.formengine.post import parse_submission
from policies.formengine.render import render_sections
from policies.pack.loader import load_pack_unchanged
from policies.tests.formtools import PACK_2023


@cache
def pack_forms() -> dict[str, dict]:
    """Every form of the 2023 pack as the database stores it."""
    return {form_id: form.model_dump(mode="json") for form_id, form in load_pack_unchanged(PACK_2023).forms.items()}


FORM_IDS = sorted(pack_forms(), key=lambda i: tuple(int(p) for p in i.split("-")))


def form(form_id: str) -> dict:
    return pack_forms()[form_id]


def round_trip(forms: list[dict], answers: dict) -> tuple[dict, dict, dict]:
    return parse_submission(forms, browser_post(render_sections(forms, answers, {}, {})))


def post(form_id: str, values: dict[str, str | list[str]]) -> tuple[dict, dict, dict]:
    data = MultiValueDict({k: v if isinstance(v, list) else [v] for k, v in values.items()})
    return parse_submission([form(form_id)], data)


PROFILE = {
    "enterprise_name": "衡阳市示例机械有限公司",
    "enterprise_nature": "private",
    "industry_division": "35",
    "legal_representative_mobile": "13812345678",
    "contact_mobile": "12345",  # not a phone: kept as raw text, shown with its error
    "founding_date": "2008-05-01",
    "total_assets_2021": 12345.6,
    "total_assets_2022": 13000,
    "debt_ratio_2022": 45.2,
    "employees_2022": 120,
}
