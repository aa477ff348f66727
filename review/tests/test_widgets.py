"""PlainSelect (review/widgets.py) draws what forms.Select draws, and the work list's filter form is unchanged."""

import pytest
from django import forms

from accounts.models import Jurisdiction
from review.forms import WorklistFilterForm
from review.widgets import PlainSelect

NASTY = "<b>\"A&B'</b>"

CHOICES = [
    [("", "全部"), ("a", "甲"), (NASTY, NASTY), (2, "2. 技术改造"), (3.5, 3.5)],
    [("", "全部"), ("分组", [("x", "X"), ("y", NASTY)]), (NASTY, [(1, "一")]), ("z", "Z")],
    [],
]
ATTRS = [None, {"id": "id_item"}, {"id": NASTY, "required": True, "disabled": False, "data-n": 7, "aria-x": NASTY}]


@pytest.mark.parametrize("choices", CHOICES)
@pytest.mark.parametrize("value", [None, "", "a", 2, NASTY, "y", ["a", "x"]])
@pytest.mark.parametrize("attrs", ATTRS)
def test_plain_select_draws_what_select_draws(choices, value, attrs):
    expected = forms.Select(choices=choices).render("item", value, attrs)
    assert PlainSelect(choices=choices).render("item", value, attrs) == expected


def test_the_name_is_escaped_once():
    html = PlainSelect(choices=[("a", "A")]).render(NASTY, "a")
    assert html == forms.Select(choices=[("a", "A")]).render(NASTY, "a") and "&lt;b&gt;" in html


def _with_template_selects(form: forms.Form) -> forms.Form:
    for field in form.fields.values():
        if isinstance(field.widget, PlainSelect):
            select = forms.Select(attrs=field.widget.attrs)
            select.choices = field.widget.choices
            field.widget = select
    return form


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["county_industry", "city_section"])  # the city also filters by county
@pytest.mark.parametrize(
    "data",
    [None, {"item": "2", "status": "submitted"}, {"pack": "nope", "item": "99", "status": "draft", "jurisdiction": "x"},
     {"q": NASTY, "submitted_from": "2023-07-01", "jurisdiction": "1"}],
)  # fmt: skip
def test_the_filter_form_draws_what_it_drew_with_django_selects(request, stored_pack, persona, data):
    user = request.getfixturevalue(persona)
    ours = WorklistFilterForm(data, user=user)
    theirs = _with_template_selects(WorklistFilterForm(data, user=user))
    ours.is_valid(), theirs.is_valid()
    assert any(isinstance(f.widget, PlainSelect) for f in ours.fields.values())
    assert not any(isinstance(f.widget, PlainSelect) for f in theirs.fields.values())
    assert [str(b) for b in ours] == [str(b) for b in theirs]
    if "jurisdiction" in ours.fields:
        assert Jurisdiction.objects.exists() and "<option" in str(ours["jurisdiction"])
