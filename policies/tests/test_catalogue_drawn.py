"""The catalogue's rows and the item pages' bodies, drawn once per stored pack (policies.views): the same HTML as
drawn within the page, every value escaped once, one drawing per pack, reference and item."""

import re
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from policies import selectors, views
from policies.tests.two_packs import both_packs_and_a_draft

pytestmark = pytest.mark.django_db
MARKUP = "<b>&\"'</b>"
ESCAPED = "&lt;b&gt;&amp;&quot;&#x27;&lt;/b&gt;"
TOKEN = re.compile(r'"X-CSRFToken": "[^"]+"')


def _page(client, url, data=None) -> str:
    """The page without its CSRF token, which changes from request to request."""
    return TOKEN.sub("", client.get(url, data).content.decode())


@pytest.fixture(autouse=True)
def nothing_drawn():
    views._DRAWN.clear()
    yield
    views._DRAWN.clear()


def test_every_item_body_is_what_the_page_drew_with_its_whole_context(client, stored_pack):
    """The body depends on the pack alone: drawn with the page's whole context (the request, the pack's reference,
    the packs offered) it is the same text, for each of the 14 items."""
    request = RequestFactory().get("/")
    request.user = SimpleNamespace(is_authenticated=False)
    choice = selectors.pack_choice_or_404(None)
    for number in range(1, 15):
        parts = views.item_page_parts(choice.pack, number)
        page = {"pack": choice.pack, "notice": choice.pack.notice, "pack_ref": "x", "offered": choice.offered, **parts}
        assert parts["item_body"] == render_to_string("policies/_item_body.html", page, request=request)
        assert parts["item_body"] in client.get(reverse("policies:item_detail", args=[number])).content.decode()


def test_an_item_page_reads_its_item_and_forms_once(client, stored_pack, django_assert_num_queries):
    url = reverse("policies:item_detail", args=[2])
    with django_assert_num_queries(4):  # the packs on offer, the item, its forms, the city's re-openings
        first = _page(client, url)
    with django_assert_num_queries(2):  # the packs on offer, the city's re-openings
        assert _page(client, url) == first


def test_an_unknown_item_is_404_every_time(client, stored_pack):
    url = reverse("policies:item_detail", args=[99])
    assert [client.get(url).status_code for _ in range(2)] == [404, 404]


def test_the_catalogue_reads_its_items_once(client, stored_pack, django_assert_num_queries):
    url = reverse("policies:catalogue")
    with django_assert_num_queries(3):  # the packs on offer, the items, the city's re-openings
        first = _page(client, url)
    with django_assert_num_queries(2):
        assert _page(client, url) == first


def test_each_pack_and_reference_has_its_own_rows(client, stored_pack):
    both_packs_and_a_draft(stored_pack)
    url = reverse("policies:catalogue")
    default, example = _page(client, url), _page(client, url, {"pack": "example-2024"})
    assert "?pack=example-2024" in example and "?pack=" not in default.split("<tbody>")[1]
    assert _page(client, url) == default and _page(client, url, {"pack": "example-2024"}) == example


def test_the_rows_escape_every_value_once(monkeypatch):
    data = {"number": 7, "name": MARKUP, "support_method": "award", "county_quota": 2,
            "contact": {"section_name": MARKUP, "person": MARKUP, "phone": MARKUP}}  # fmt: skip
    monkeypatch.setattr(selectors, "items_of_pack", lambda *, pack: [SimpleNamespace(data=data)])
    rows = views.catalogue_parts(SimpleNamespace(pk=-1, digest="d"), "a&b<")["item_rows"]
    assert rows.count(ESCAPED) == 4 and "<b>" not in rows
    assert 'href="/policies/items/7/?pack=a%26b%3C"' in rows and "限报2个" in rows


def test_the_drawn_parts_are_bounded():
    for n in range(views._DRAWN_SIZE):
        views._drawn(("test", n), dict)
    assert len(views._DRAWN) == views._DRAWN_SIZE
    views._drawn(("test", "one more"), dict)
    assert list(views._DRAWN) == [("test", "one more")]
