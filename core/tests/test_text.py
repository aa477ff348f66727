"""Text for Word and Excel: characters XML cannot hold are removed (NUL included, which can only come
from files or code: PostgreSQL cannot store it and Django's form fields refuse it); amounts in capitals;
file names every system accepts."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.text import (
    MAX_NAME_CHARS,
    amount_in_capitals,
    amount_in_figures,
    amount_sentence,
    clean_text,
    safe_filename,
)


def test_control_characters_are_removed_and_layout_characters_kept():
    assert clean_text("衡阳\x00\x01\x08市\x0b\x0c\x1f\ufffe\uffff工信\t局\n第二行\r") == "衡阳市工信\t局\n第二行\r"
    assert clean_text(None) == "" and clean_text(12.5) == "12.5"


@given(st.text())
def test_cleaned_text_is_always_valid_xml(text):
    from xml.etree import ElementTree

    element = ElementTree.Element("t")
    element.text = clean_text(text)
    ElementTree.fromstring(ElementTree.tostring(element, encoding="unicode"))


def test_amounts_in_capitals_and_figures():
    assert amount_in_capitals(Decimal("12.5")) == "壹拾贰万伍仟元整"
    assert amount_in_capitals(Decimal("100")) == "壹佰万元整"
    assert amount_in_figures(Decimal("1234.5")) == "1,234.50"
    assert amount_sentence(Decimal("12.5")) == "12.50 万元（大写：人民币壹拾贰万伍仟元整）"


WINDOWS_FORBIDDEN = set('/\\:*?"<>|')


@pytest.mark.parametrize(
    ("text", "expected"),
    [("企业营业执照复印件", "企业营业执照复印件"), ('a/b\\c:d*e?f"g<h>i|j', "a_b_c_d_e_f_g_h_i_j"),
     ("“信用湖南”网站查询结果网页截图", "“信用湖南”网站查询结果网页截图"), (" ..名称.. ", "名称"), ("...", "材料"),
     ("行\n换", "行_换"), ("长" * 60, "长" * MAX_NAME_CHARS)],
)  # fmt: skip
def test_safe_filename(text, expected):
    assert safe_filename(text) == expected


def test_safe_filename_fallback_and_limit():
    assert safe_filename("\x01", fallback="企业") == "企业"
    assert safe_filename("衡阳/某某:公司*\x00", fallback="企业") == "衡阳_某某_公司"
    assert safe_filename("名" * 50, limit=10) == "名" * 10


@given(st.text())
def test_safe_filename_is_always_safe(text):
    name = safe_filename(text)
    assert name and len(name) <= MAX_NAME_CHARS
    assert not WINDOWS_FORBIDDEN & set(name)
    assert not any(ord(ch) < 32 for ch in name)
    assert name == name.strip(" .")
