"""Text for Word and Excel: characters XML cannot hold are removed (NUL included, which can only come
from files or code: PostgreSQL cannot store it and Django's form fields refuse it); amounts in capitals."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from documents.text import amount_in_capitals, amount_in_figures, clean_text


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
