"""Every form's errors are tied to their input: each id named in an aria-describedby exists in the
page, and a field in error is described by its own error text (issue 20, point 11)."""

from __future__ import annotations

import importlib
import inspect
from html.parser import HTMLParser

import pytest
from django import forms
from django.template.loader import render_to_string
from django.urls import reverse

from applications import services
from core.validators import compose_uscc

pytestmark = pytest.mark.django_db

FORM_MODULES = [
    "accounts.forms", "applications.forms", "awards.forms", "core.forms", "eligibility.forms", "enterprises.forms",
    "review.forms",
]  # fmt: skip


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Page(HTMLParser):
    """Each element's id with its text, and the attributes of every element."""

    def __init__(self, html: str):
        super().__init__()
        self.text: dict[str, str] = {}
        self.elements: list[dict] = []
        self._open: list[tuple[str, str | None, str]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        # A radio or checkbox group is described by its fieldset: the descriptions of the open elements.
        attrs["_inherited"] = " ".join(described for _, _, described in self._open if described)
        self.elements.append(attrs)
        if "id" in attrs:
            self.text.setdefault(attrs["id"], "")
        if tag not in VOID:
            self._open.append((tag, attrs.get("id"), attrs.get("aria-describedby", "")))

    def handle_endtag(self, tag):
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data):
        for _, element_id, _ in self._open:
            if element_id:
                self.text[element_id] += data

    def described(self, attrs: dict) -> list[str]:
        refs = (attrs.get("aria-describedby", "") + " " + attrs.get("_inherited", "")).split()
        return [self.text.get(ref, "").strip() for ref in refs]


def _dangling(html: str) -> list[str]:
    """aria-describedby ids with no element of that id; and inputs in error described by no text."""
    page = Page(html)
    problems = []
    for attrs in page.elements:
        refs = attrs.get("aria-describedby", "").split()
        problems += [f"{attrs.get('name')} -> #{ref}" for ref in refs if ref not in page.text]
        if attrs.get("aria-invalid") == "true" and not any(page.described(attrs)):
            problems.append(f"{attrs.get('name')}: in error but described by nothing")
    return problems


def _project_forms():
    for module_name in FORM_MODULES:
        module = importlib.import_module(module_name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module_name:
                yield f"{module_name}.{name}", cls


KWARGS = {  # forms that need more than data to be built
    "applications.forms.StartForm": {"subtypes": [{"code": "a", "name": "甲"}]},
    "eligibility.forms.CalculatorForm": None,  # built from the pack; checked through its page below
    "accounts.forms.ChangePasswordForm": None,  # needs its user; checked through its page below
    # Built from their objects (the user, the notice, the batch); their pages render core/django_form.html.
    "awards.forms.ObjectionForm": None,
    "review.forms.BatchCreateForm": None,
    "review.forms.SignOffForm": None,
    "review.forms.WorklistFilterForm": None,
}


def _sweepable():
    """Forms built from data alone; the others are listed in KWARGS as None (not skipped: left out)."""
    return [(name, cls) for name, cls in _project_forms() if KWARGS.get(name, {}) is not None]


def test_only_the_listed_forms_are_left_out_of_the_sweep():
    left_out = {name for name, _ in _project_forms()} - {name for name, _ in _sweepable()}
    assert left_out == {name for name, kwargs in KWARGS.items() if kwargs is None}


@pytest.mark.parametrize(("name", "cls"), _sweepable(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_form_rendered_with_errors_names_existing_descriptions(name, cls):
    try:
        form = cls(data={"__bogus": "x"}, **KWARGS.get(name, {}))
    except TypeError as exc:
        pytest.fail(f"{name} needs arguments: {exc}; add them to KWARGS")
    form.is_valid()
    html = render_to_string("core/django_form.html", {"form": form})
    assert _dangling(html) == []


def test_registration_uscc_error_is_the_input_s_description(client, db):
    response = client.post(reverse("enterprises:register"), {"uscc": compose_uscc(division="430405",
                           organisation_body="MA4J0001")[:-1], "name": "衡阳测试公司"})  # fmt: skip
    page = Page(response.content.decode())
    uscc = next(attrs for attrs in page.elements if attrs.get("name") == "uscc")
    described = page.described(uscc)
    assert described[0] == "18 位，见营业执照" and "18" in described[1] and "位" in described[1]
    assert _dangling(response.content.decode()) == []


def test_pages_with_forms_in_error(client, stored_pack, enterprise_admin, open_window):
    from applications.tests.helpers import ELIGIBLE_PROFILE
    from enterprises.tests.factories import make_profile

    make_profile(enterprise=enterprise_admin.organisation, data=ELIGIBLE_PROFILE)
    pages = [client.post(reverse("accounts:login"), {"username": "", "password": ""})]
    pages.append(client.post(reverse("eligibility:calculator"), {"operating_revenue_2022": "很多"}))
    client.force_login(enterprise_admin)
    pages.append(client.post(reverse("accounts:password_change"), {"old_password": "x"}))
    pages.append(client.post(reverse("applications:start", args=[1])))  # no 申报类型 chosen
    application = services.application_create(
        actor=enterprise_admin, enterprise=enterprise_admin.organisation, item=stored_pack.items.get(number=2)
    )
    pages.append(client.post(reverse("applications:save", args=[application.pk]),
                             {"version": application.version, "summary-requested_amount": "三十万"}))  # fmt: skip
    pages.append(client.post(reverse("applications:commitment", args=[application.pk]), {"signer": "", "date": "x"}))
    for response in pages:
        body = response.content.decode()
        assert "aria-invalid" in body, response.request["PATH_INFO"]
        assert _dangling(body) == [], response.request["PATH_INFO"]
