"""The public catalogue, notice and item pages with two packs published: the 2023 pack stays the default and
its pages reachable; the example is one switch away (?pack=example-2024) and its links keep the choice; a draft
pack is 404 to everyone who reads these pages, an enterprise included."""

import pytest
from django.urls import reverse

from policies.tests.two_packs import DRAFT_ID, both_packs_and_a_draft

pytestmark = pytest.mark.django_db
BADGE = "示例政策包，非正式通知"
EXAMPLE = "?pack=example-2024"


@pytest.fixture
def packs(stored_pack):
    return both_packs_and_a_draft(stored_pack)


def test_the_default_catalogue_is_the_2023_notice_with_a_switcher(client, packs):
    body = client.get(reverse("policies:catalogue")).content.decode()
    assert "衡市工信〔2023〕51号" in body and BADGE not in body
    assert "市级移动互联网重点企业" in body  # item 13, which the example drops
    assert f'href="{reverse("policies:item_detail", args=[13])}"' in body  # old links, no parameter
    switcher = body[body.index('data-testid="pack-switcher"') :]
    switcher = switcher[: switcher.index("</nav>")]
    assert f'href="{reverse("policies:catalogue")}{EXAMPLE}"' in switcher and "示例〔2024〕1号" in switcher
    assert "2024年" in switcher and "示例</span>" in switcher
    assert switcher.count("已截止") == 2  # both calls closed on today's date
    assert DRAFT_ID not in body and "草稿政策包" not in body


def test_the_example_catalogue_carries_its_choice_in_every_link(client, packs):
    body = client.get(reverse("policies:catalogue") + EXAMPLE).content.decode()
    assert BADGE in body and "【示例】中小企业数字化改造示范" in body and "市级移动互联网重点企业" not in body
    assert f'href="{reverse("policies:item_detail", args=[15])}{EXAMPLE}"' in body
    assert f'href="{reverse("policies:notice")}{EXAMPLE}"' in body
    assert f'href="{reverse("policies:catalogue")}"' in body  # back to the default pack


def test_2023_item_pages_stay_reachable_after_the_example_is_loaded(client, packs):
    item = client.get(reverse("policies:item_detail", args=[13]))
    assert item.status_code == 200 and "市级移动互联网重点企业" in item.content.decode()
    assert client.get(reverse("policies:item_detail", args=[15])).status_code == 404  # not in the 2023 notice
    example_item = client.get(reverse("policies:item_detail", args=[15]) + EXAMPLE).content.decode()
    assert BADGE in example_item and f'href="{reverse("policies:catalogue")}{EXAMPLE}"' in example_item
    assert client.get(reverse("policies:item_detail", args=[13]) + EXAMPLE).status_code == 404


def test_the_notice_page_follows_the_choice(client, packs):
    default = client.get(reverse("policies:notice")).content.decode()
    assert "衡市工信〔2023〕51号" in default and BADGE not in default
    example = client.get(reverse("policies:notice") + EXAMPLE).content.decode()
    assert "示例〔2024〕1号" in example and BADGE in example
    assert f'href="{reverse("policies:catalogue")}{EXAMPLE}"' in example


@pytest.mark.parametrize("name,args", [("policies:catalogue", []), ("policies:notice", []),
                                       ("policies:item_detail", [2])])  # fmt: skip
@pytest.mark.parametrize("reference", [DRAFT_ID, f"{DRAFT_ID}@1", "no-such-pack", "example-2024@7"])
def test_a_draft_or_unknown_pack_is_404_even_to_an_enterprise(client, packs, enterprise_user, name, args, reference):
    client.force_login(enterprise_user)
    assert client.get(reverse(name, args=args), {"pack": reference}).status_code == 404


@pytest.mark.parametrize("name,args", [("policies:catalogue", []), ("policies:item_detail", [2])])
def test_the_pages_only_read(client, packs, name, args):
    assert client.post(reverse(name, args=args) + EXAMPLE).status_code == 405
