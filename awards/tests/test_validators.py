"""What an objector types: real name, contact phone, optional ID number, content (pure: no database)."""

import pytest
from django.core.exceptions import ValidationError

from awards import validators


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("13807340001", "13807340001"),
        ("138 0734 0001", "13807340001"),
        ("+8613807340001", "13807340001"),
        ("１３８０７３４０００１", "13807340001"),  # full-width digits
        ("0734-8855130", "0734-8855130"),
        ("07348855130", "07348855130"),
        ("(0734)8855130", "0734-8855130"),
        ("010-12345678", "010-12345678"),
    ],
)
def test_accepted_phones(typed, stored):
    assert validators.clean_contact_phone(typed) == stored


@pytest.mark.parametrize("typed", ["8855130", "12807340001", "1380734000", "138073400012", "abc", "0734-885"])
def test_refused_phones(typed):
    with pytest.raises(ValidationError) as excinfo:
        validators.clean_contact_phone(typed)
    assert excinfo.value.messages == [validators.PHONE_INVALID]


@pytest.mark.parametrize(("typed", "stored"), [("孙异议", "孙异议"), (" 王 五 ", "王 五"), ("阿依古丽•买买提", "阿依古丽·买买提"),
                                               ("Li Ming", "Li Ming")])  # fmt: skip
def test_accepted_names(typed, stored):
    assert validators.clean_objector_name(typed) == stored


@pytest.mark.parametrize("typed", ["王", "张三1", "某某@", "·张三", "一" * 31])
def test_refused_names(typed):
    with pytest.raises(ValidationError) as excinfo:
        validators.clean_objector_name(typed)
    assert excinfo.value.messages == [validators.NAME_INVALID]


def test_id_number_is_optional_but_checked_when_given():
    assert validators.clean_id_number("") == ""
    assert validators.clean_id_number("43040519900101002x") == "43040519900101002X"
    assert validators.clean_id_number("430405199001011233") == "430405199001011233"
    for typed in ("430405199001011238", "430405199013011233", "4304051990010112"):
        with pytest.raises(ValidationError):
            validators.clean_id_number(typed)


def test_content_is_required_and_limited():
    with pytest.raises(ValidationError):
        validators.clean_content(" ")
    with pytest.raises(ValidationError) as excinfo:
        validators.clean_content("字" * 2001)
    assert excinfo.value.messages == [validators.CONTENT_TOO_LONG.format(limit=2000, count=2001)]
