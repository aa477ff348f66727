"""Masking of personal data, in fields and in free text (log lines, tracebacks)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.masking import mask_id_number, mask_mobile, mask_personal_data


def test_mask_mobile():
    assert mask_mobile("13912345678") == "139****5678"
    assert mask_mobile("") == ""
    assert mask_mobile("12345") == "*****"


def test_mask_id_number():
    assert mask_id_number("430405199001011234") == "4304**********1234"


@given(st.text(alphabet="0123456789X", min_size=9, max_size=18))
def test_id_masking_never_reveals_the_birth_date(value):
    masked = mask_id_number(value)
    assert len(masked) == len(value)
    assert masked[4:-4] == "*" * (len(value) - 8)


@given(st.text(alphabet="0123456789", min_size=7, max_size=11))
def test_mobile_masking_keeps_length_and_hides_the_middle(value):
    masked = mask_mobile(value)
    assert len(masked) == len(value) and "*" * (len(value) - 7) in masked


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("tel 13812345678.", "tel 138****5678."),
        ("+8613812345678", "+86138****5678"),
        ("430405199001011234", "4304**********1234"),
        ("43040519900101123X", "4304**********123X"),
        ("6222021234567890123", "***************0123"),
        ("receipt 2023-0001 and order 42", "receipt 2023-0001 and order 42"),
        ("91430400MA4L1234XY", "91430400MA4L1234XY"),  # an enterprise's credit code is not personal data
    ],
)
def test_masking_of_free_text(text, masked):
    assert mask_personal_data(text) == masked
