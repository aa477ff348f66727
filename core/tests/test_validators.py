"""The one validators module (core/validators.py): 统一社会信用代码 (GB 32100-2015, GB 11714-1997), phone
numbers, 居民身份证号码 (GB 11643-1999) and dates."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.validators import (
    ERROR_BAD_CHARACTER,
    ERROR_BAD_CHECK_CHARACTER,
    ERROR_BAD_ORGANISATION_CHECK,
    ERROR_EMPTY,
    ERROR_ID_NUMBER_CHECK,
    ERROR_ID_NUMBER_FORMAT,
    ERROR_WRONG_LENGTH,
    USCC_ALPHABET,
    USCC_BAD_CHARACTER,
    USCC_BAD_CHECK_CHARACTER,
    USCC_BAD_ORGANISATION_CHECK,
    USCC_EMPTY,
    USCC_WEIGHTS,
    USCC_WRONG_LENGTH,
    USCCResult,
    id_number_check_character,
    id_number_error,
    is_registered_in_hengyang,
    normalise_id_number,
    normalise_phone,
    normalise_uscc,
    organisation_code_check_character,
    parse_date,
    parse_year_month,
    uscc_check_character,
    validate_uscc,
)

# Published codes (printed on the companies' business licences and annual reports).
REAL_CODES = {
    "华为技术有限公司": "914403001922038216",
    "深圳市腾讯计算机系统有限公司": "9144030071526726XG",
    "比亚迪股份有限公司": "91440300192317458F",
    "阿里巴巴（中国）有限公司": "91330100716105852F",
}


def make_uscc(first8: str, body8: str) -> str:
    """A valid code from positions 1-8 and the 8-character organisation code body."""
    first17 = first8 + body8 + organisation_code_check_character(body8)
    return first17 + uscc_check_character(first17)


# 9 (市场监管) 1 (企业), 430407 石鼓区, an "MA…" organisation code as issued since 2015.
HENGYANG_CODE = make_uscc("91430407", "MA4L1234")
VALID_CODES = [*REAL_CODES.values(), HENGYANG_CODE]


def substitute(code: str, index: int, character: str) -> str:
    return code[:index] + character + code[index + 1 :]


def next_character(character: str) -> str:
    return USCC_ALPHABET[(USCC_ALPHABET.index(character) + 1) % len(USCC_ALPHABET)]


# --- valid codes -------------------------------------------------------------


@pytest.mark.parametrize("code", VALID_CODES)
def test_valid_codes_pass(code):
    result = validate_uscc(code)
    assert result == USCCResult(True, code, None, result.message, code[2:8])
    assert result.message  # a Chinese confirmation, never empty


def test_real_codes_check_characters():
    assert uscc_check_character("91440300192203821") == "6"
    assert uscc_check_character("9144030071526726X") == "G"
    assert organisation_code_check_character("71526726") == "X"  # 10 -> 'X'
    assert organisation_code_check_character("19220382") == "1"
    assert organisation_code_check_character("19231745") == "8"
    assert organisation_code_check_character("71610585") == "2"


def test_organisation_check_eleven_is_written_zero():
    assert organisation_code_check_character("00000000") == "0"  # sum 0 -> 11 -> '0'
    assert organisation_code_check_character("00000001") == "9"  # sum 1 * 2 -> 11 - 2
    assert organisation_code_check_character("0000000A") == "2"  # A = 10: sum 20 -> 11 - 9


def test_division_and_hengyang():
    assert validate_uscc(HENGYANG_CODE).division_code == "430407"
    assert is_registered_in_hengyang(HENGYANG_CODE)
    assert is_registered_in_hengyang(HENGYANG_CODE.lower())
    assert not is_registered_in_hengyang(REAL_CODES["华为技术有限公司"])  # 440300 深圳
    assert not is_registered_in_hengyang(substitute(HENGYANG_CODE, 17, next_character(HENGYANG_CODE[17])))
    assert not is_registered_in_hengyang("")
    assert not is_registered_in_hengyang(None)
    # 430000 湖南省 (provincial registration) is not 4304.
    assert not is_registered_in_hengyang(make_uscc("91430000", "MA4L1234"))


# --- normalisation -----------------------------------------------------------


def to_full_width(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) for ch in text)


@pytest.mark.parametrize("code", VALID_CODES)
def test_lower_case_accepted(code):
    result = validate_uscc(code.lower())
    assert result.valid and result.code == code


@pytest.mark.parametrize("code", VALID_CODES)
def test_full_width_accepted(code):
    typed = to_full_width(code.lower())
    assert typed != code
    result = validate_uscc(typed)
    assert result.valid and result.code == code


@pytest.mark.parametrize(
    "typed",
    [
        " 9144 0300 1922 0382 16 ",
        "914403001922038216\n",
        "\t914403\u3000001922038216",  # U+3000 full-width space
        "\ufeff９１４４０３００１９２２０３８２１６",
    ],
)
def test_spaces_stripped(typed):
    result = validate_uscc(typed)
    assert result.valid and result.code == "914403001922038216"


def test_normalise_uscc():
    assert normalise_uscc(" ９１ａｂ c\u3000d ") == "91ABCD"
    assert normalise_uscc("") == ""
    assert normalise_uscc(None) == ""


# --- refused codes -----------------------------------------------------------


@pytest.mark.parametrize("typed", ["", "   ", "\u3000", None])
def test_empty(typed):
    result = validate_uscc(typed)
    assert not result.valid and result.error == ERROR_EMPTY and result.message == USCC_EMPTY
    assert result.division_code is None


@pytest.mark.parametrize("code", VALID_CODES)
@pytest.mark.parametrize("length", [17, 19])
def test_wrong_length(code, length):
    typed = (code + "0")[:length]
    result = validate_uscc(typed)
    assert not result.valid and result.error == ERROR_WRONG_LENGTH
    assert result.message == USCC_WRONG_LENGTH.format(length=length)
    assert f"您输入了 {length} 位" in result.message and "18 位" in result.message


def test_wrong_length_counts_characters_without_spaces():
    result = validate_uscc("9144 0300 1922 0382 1")
    assert result.error == ERROR_WRONG_LENGTH and "您输入了 17 位" in result.message


@pytest.mark.parametrize("letter", ["O", "I", "Z", "S", "V", "o", "i"])
@pytest.mark.parametrize("index", [0, 9, 17])
def test_letters_never_used_are_refused(letter, index):
    typed = substitute(REAL_CODES["华为技术有限公司"], index, letter)
    result = validate_uscc(typed)
    assert not result.valid and result.error == ERROR_BAD_CHARACTER
    upper = letter.upper()
    assert result.message == USCC_BAD_CHARACTER.format(position=index + 1, character=upper)
    assert f"第 {index + 1} 位的“{upper}”" in result.message
    assert "I、O、Z、S、V" in result.message


def test_first_bad_character_is_named():
    result = validate_uscc("91440300-92203821O")
    assert result.error == ERROR_BAD_CHARACTER and "第 9 位的“-”" in result.message


def test_invisible_bad_character_is_shown_as_code_point():
    result = validate_uscc("914403001922038\x0016")
    assert result.error == ERROR_BAD_CHARACTER and "第 16 位的“U+0000”" in result.message


@pytest.mark.parametrize("code", VALID_CODES)
@pytest.mark.parametrize("index", range(18))
def test_one_changed_character_in_every_position_is_refused(code, index):
    typed = substitute(code, index, next_character(code[index]))
    result = validate_uscc(typed)
    assert not result.valid and result.division_code is None
    if 8 <= index <= 16:
        # Moving one step in the alphabet changes a GB 11714 value by 1, 2 (H->J, N->P,
        # R->T, U->W) or 34 (Y->0), never by a multiple of 11, so the organisation
        # code check catches it and the message points at positions 9-17.
        assert result.error == ERROR_BAD_ORGANISATION_CHECK
        assert result.message == USCC_BAD_ORGANISATION_CHECK
    else:
        assert result.error == ERROR_BAD_CHECK_CHARACTER
        assert result.message == USCC_BAD_CHECK_CHARACTER


def test_organisation_part_typo_missed_by_mod_11_is_caught_by_position_18():
    # '1' (1) -> 'C' (12) changes the GB 11714 sum by 11 * 3: its check still matches,
    # but the mod-31 check character does not.
    code = REAL_CODES["华为技术有限公司"]
    typed = substitute(code, 8, "C")
    assert organisation_code_check_character(typed[8:16]) == typed[16]
    result = validate_uscc(typed)
    assert result.error == ERROR_BAD_CHECK_CHARACTER and result.message == USCC_BAD_CHECK_CHARACTER


def adjacent_transpositions(code: str):
    for index in range(17):
        if code[index] != code[index + 1]:
            yield code[:index] + code[index + 1] + code[index] + code[index + 2 :]


@pytest.mark.parametrize("typed", [t for code in VALID_CODES for t in adjacent_transpositions(code)])
def test_adjacent_transposition_is_refused(typed):
    result = validate_uscc(typed)
    assert not result.valid
    assert result.error in (ERROR_BAD_ORGANISATION_CHECK, ERROR_BAD_CHECK_CHARACTER)


def test_helpers_refuse_bad_input():
    with pytest.raises(ValueError):
        uscc_check_character("9144030019220382")  # 16 characters
    with pytest.raises(ValueError):
        uscc_check_character("9144030019220382O")  # letter O
    with pytest.raises(ValueError):
        organisation_code_check_character("1922038")
    with pytest.raises(ValueError):
        organisation_code_check_character("1922038a")


def test_weights_are_powers_of_three_mod_31():
    assert USCC_WEIGHTS == (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    assert tuple(pow(3, i, 31) for i in range(17)) == USCC_WEIGHTS


# --- properties --------------------------------------------------------------

alphabet_character = st.sampled_from(USCC_ALPHABET)


@st.composite
def valid_codes(draw):
    first8 = "".join(draw(st.lists(alphabet_character, min_size=8, max_size=8)))
    body8 = "".join(draw(st.lists(alphabet_character, min_size=8, max_size=8)))
    return make_uscc(first8, body8)


@given(valid_codes())
def test_property_computed_check_character_validates(code):
    assert validate_uscc(code).valid


@given(valid_codes(), st.integers(0, 17), st.integers(1, 30))
def test_property_any_single_substitution_is_refused(code, index, step):
    # Why a single substitution is always detected: a valid code satisfies
    #   sum(w_i * v_i for i in 1..17) + v_18 ≡ 0 (mod 31)
    # (position 18 has weight 1). Replacing value a by b at position i changes the
    # left side by w_i * (b - a). 31 is prime, every weight is non-zero mod 31
    # (they are powers of 3), and 0 < |b - a| < 31, so the product is non-zero
    # mod 31 and the equation no longer holds. The mod-11 organisation code check
    # may or may not notice first; either way the code is refused.
    new = USCC_ALPHABET[(USCC_ALPHABET.index(code[index]) + step) % 31]
    typed = substitute(code, index, new)
    assert typed != code
    result = validate_uscc(typed)
    assert not result.valid
    assert result.error in (ERROR_BAD_ORGANISATION_CHECK, ERROR_BAD_CHECK_CHARACTER)


@given(valid_codes(), st.integers(0, 16))
def test_property_adjacent_transposition_is_refused(code, index):
    # Swapping values a and b at positions i, i+1 changes the sum by
    # (w_i - w_{i+1}) * (b - a). For i < 17, w_{i+1} = 3 * w_i, so the factor is
    # -2 * w_i, non-zero mod 31; for the pair (17, 18) it is 28 - 1 = 27. So every
    # transposition of two different characters is detected.
    if code[index] == code[index + 1]:
        return
    typed = code[:index] + code[index + 1] + code[index] + code[index + 2 :]
    assert not validate_uscc(typed).valid


# ---------------------------------------------------------------------------
# Phone numbers
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "phone"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("+86 138-1234-5678", None),  # dashes inside a mobile are not a landline either
        ("+8613812345678", "13812345678"),
        ("86-13812345678", "13812345678"),
        ("0734-8855130", "0734-8855130"),
        ("0734—8855130", "0734-8855130"),
        ("(0734)8855130", "0734-8855130"),
        ("（0734）8855130", "0734-8855130"),
        ("07348855130", "07348855130"),
        ("0734-8855130-801", "0734-8855130-801"),
        ("12812345678", None),
        ("8855130", None),
        ("", None),
    ],
)
def test_phone_numbers(typed, phone):
    assert normalise_phone(typed) == phone


def test_a_phone_without_landlines_or_extensions():
    assert normalise_phone("0734-8855130", landline=False) is None
    assert normalise_phone(" 138 1234 5678 ", landline=False) == "13812345678"
    assert normalise_phone("0734-8855130-801", extension=False) is None
    assert normalise_phone("0734-8855130", extension=False) == "0734-8855130"


# ---------------------------------------------------------------------------
# 居民身份证号码
# ---------------------------------------------------------------------------

# GB 11643-1999's own example: 11010519491231002X.
STANDARD_EXAMPLE = "11010519491231002X"


def test_the_check_character_of_the_standards_example():
    assert id_number_check_character(STANDARD_EXAMPLE[:17]) == "X"
    assert id_number_error(STANDARD_EXAMPLE) is None


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        (" 11010519491231002x ", None),
        ("１１０１０５１９４９１２３１００２Ｘ", None),
        ("110105194912310021", ERROR_ID_NUMBER_CHECK),
        ("11010519491331002X", ERROR_ID_NUMBER_FORMAT),  # month 13
        ("1101051949123100X2", ERROR_ID_NUMBER_FORMAT),
        ("11010519491231002", ERROR_ID_NUMBER_FORMAT),
        ("", ERROR_ID_NUMBER_FORMAT),
    ],
)
def test_id_numbers(typed, error):
    assert id_number_error(normalise_id_number(typed)) == error


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_a_wrong_check_character_is_always_caught(first17):
    right = id_number_check_character(first17)
    for wrong in set("0123456789X") - {right}:
        assert id_number_error(first17 + wrong) in (ERROR_ID_NUMBER_CHECK, ERROR_ID_NUMBER_FORMAT)


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "date"),
    [
        ("2023-08-25", dt.date(2023, 8, 25)),
        ("2023/8/5", dt.date(2023, 8, 5)),
        ("2023.8.5", dt.date(2023, 8, 5)),
        ("2023年8月5日", dt.date(2023, 8, 5)),
        ("２０２３年８月５日", dt.date(2023, 8, 5)),
        ("20230825", dt.date(2023, 8, 25)),
        (" 2023 - 08 - 25 ", dt.date(2023, 8, 25)),
        ("2023-02-29", None),
        ("25/08/2023", None),
        ("2023-08", None),
    ],
)
def test_dates(typed, date):
    assert parse_date(typed) == date


@pytest.mark.parametrize(
    ("typed", "year_month"),
    [
        ("2023-08", (2023, 8)),
        ("2023年8月", (2023, 8)),
        ("202308", (2023, 8)),
        ("2023/12", (2023, 12)),
        ("2023-13", None),
        ("2023-00", None),
        ("1899-12", None),
        ("2023-08-25", None),
    ],
)
def test_year_months(typed, year_month):
    assert parse_year_month(typed) == year_month
