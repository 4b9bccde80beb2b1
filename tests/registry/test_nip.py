"""Tests for the NIP / NI PPPK parser in gaung.registry.nip."""

import datetime
import pickle
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gaung.registry.nip import (
    DecodedNip,
    NipError,
    clean_nip_input,
    format_grouped,
    parse_employee_number,
    parse_pns_nip,
    parse_pppk_ni,
)

# Fixed so that "in the future" and age checks do not drift with the calendar.
TODAY = datetime.date(2025, 6, 30)

PNS_EXAMPLE = DecodedNip(
    number="196804111993031009",
    kind="pns",
    birth_date=datetime.date(1968, 4, 11),
    sex="M",
    sequence=9,
    tmt_cpns=datetime.date(1993, 3, 1),
)
PPPK_EXAMPLE = DecodedNip(
    number="199009132025242014",
    kind="pppk",
    birth_date=datetime.date(1990, 9, 13),
    sex="F",
    sequence=14,
    appointment_year=2025,
    pppk_code="24",
)


@pytest.mark.parametrize(
    "raw",
    [
        "19680411 199303 1 009",
        "196804111993031009",
        "'196804111993031009",
        "'19680411 199303 1 009",
        "  19680411 199303 1 009  ",
        "19680411\u00a0199303\u00a01\u00a0009",
        "19680411\t199303 1 009\n",
        "\ufeff196804111993031009",
        "\u2019196804111993031009",
        196804111993031009,
    ],
    ids=[
        "grouped",
        "compact",
        "excel-apostrophe",
        "excel-apostrophe-grouped",
        "surrounding-spaces",
        "nbsp",
        "tab-and-newline",
        "bom",
        "curly-apostrophe",
        "python-int",
    ],
)
def test_pns_nip_is_decoded_whatever_the_spacing_or_excel_apostrophe(raw: str | int) -> None:
    assert parse_pns_nip(raw, today=TODAY) == PNS_EXAMPLE


@pytest.mark.parametrize(
    "raw", ["19900913 2025 24 2 014", "199009132025242014", "'199009132025242014"]
)
def test_pppk_ni_is_decoded_with_appointment_year_and_code(raw: str) -> None:
    assert parse_pppk_ni(raw, today=TODAY) == PPPK_EXAMPLE


def test_decoded_nip_groups_digits_as_printed_on_the_sk() -> None:
    assert PNS_EXAMPLE.grouped == "19680411 199303 1 009"
    assert PPPK_EXAMPLE.grouped == "19900913 2025 24 2 014"


@pytest.mark.parametrize(
    ("parser", "raw", "code", "part", "fragments"),
    [
        (
            parse_pns_nip,
            "1.96804111993031E+17",
            "excel_scientific",
            "1.96804111993031E+17",
            ["Excel", "digits are lost"],
        ),
        (
            parse_pns_nip,
            "196804111993031000.0",
            "excel_scientific",
            "196804111993031000.0",
            ["Excel", "digits are lost"],
        ),
        (
            parse_pns_nip,
            "1,96804111993031E+17",
            "excel_scientific",
            "1,96804111993031E+17",
            ["Excel"],
        ),
        (
            parse_pns_nip,
            1.96804111993031e17,
            "excel_scientific",
            "1.96804111993031e+17",
            ["Excel", "digits are lost"],
        ),
        (parse_pns_nip, "19680411199303100", "length", "19680411199303100", ["17 digits", "18"]),
        (
            parse_pns_nip,
            "1968041119930310091",
            "length",
            "1968041119930310091",
            ["19 digits", "18"],
        ),
        (parse_pns_nip, "1968O411 199303 1 009", "non_digit", "O", ["'O'", "not a digit"]),
        (parse_pns_nip, "19680411-199303-1-009", "non_digit", "-", ["'-'"]),
        (parse_pns_nip, "19680411.199303.1.009", "non_digit", ".", ["'.'"]),
        (parse_pns_nip, "", "empty", "", ["empty"]),
        (parse_pns_nip, "   ", "empty", "", ["empty"]),
        (parse_pns_nip, "'", "empty", "", ["empty"]),
        (parse_pns_nip, None, "empty", "", ["empty"]),
        (
            parse_pns_nip,
            "19681341 199303 1 009",
            "birth_date",
            "19681341",
            ["birth date 19681341", "digits 1\u20138", "does not exist", "month 13"],
        ),
        (
            parse_pns_nip,
            "19690229 199303 1 009",
            "birth_date",
            "19690229",
            ["birth date 19690229", "February 1969 has 28 days"],
        ),
        (parse_pns_nip, "19680400 199303 1 009", "birth_date", "19680400", ["does not exist"]),
        (parse_pns_nip, "19391231 196003 1 009", "birth_date", "19391231", ["before 1940"]),
        (parse_pppk_ni, "20300101 2025 24 1 001", "birth_date", "20300101", ["in the future"]),
        (
            parse_pns_nip,
            "19680411 199303 3 009",
            "sex",
            "3",
            ["sex digit 3", "digit 15", "1 (male) or 2 (female)"],
        ),
        (
            parse_pns_nip,
            "19680411 199303 1 000",
            "sequence",
            "000",
            ["sequence number 000", "digits 16\u201318"],
        ),
        (
            parse_pns_nip,
            "19680411 199313 1 009",
            "tmt",
            "199313",
            ["TMT CPNS 199313", "digits 9\u201314", "month 13"],
        ),
        (parse_pns_nip, "19680411 199300 1 009", "tmt", "199300", ["month 00"]),
        (parse_pns_nip, "19400411 195912 1 009", "tmt", "195912", ["before 1960"]),
        (parse_pns_nip, "19680411 202507 1 009", "tmt", "202507", ["in the future"]),
        (
            parse_pns_nip,
            "19680411 198003 1 009",
            "too_young",
            "198003",
            ["TMT CPNS 198003", "11 years old", "minimum age is 16"],
        ),
        (
            parse_pns_nip,
            "19680411 196801 1 009",
            "tmt_before_birth",
            "196801",
            ["TMT CPNS 196801", "before the birth date 19680411"],
        ),
        (
            parse_pppk_ni,
            "19900913 2015 24 2 014",
            "appointment_year",
            "2015",
            ["appointment year 2015", "digits 9\u201312", "2019"],
        ),
        (parse_pppk_ni, "19900913 2026 24 2 014", "appointment_year", "2026", ["in the future"]),
        (
            parse_pppk_ni,
            "20100101 2025 24 1 001",
            "too_young",
            "2025",
            ["15 years old", "minimum age is 16"],
        ),
        (parse_pppk_ni, "20240101 2023 24 1 001", "tmt_before_birth", "2023", ["before the birth"]),
        (parse_pppk_ni, "19900913 2025 24 0 014", "sex", "0", ["sex digit 0"]),
        (parse_pppk_ni, "19900913 2025 24 2 000", "sequence", "000", ["sequence number 000"]),
    ],
    ids=[
        "excel-scientific",
        "excel-float",
        "excel-scientific-decimal-comma",
        "python-float",
        "17-digits",
        "19-digits",
        "letter-o-for-zero",
        "dashes",
        "dots",
        "empty-string",
        "only-spaces",
        "only-apostrophe",
        "none",
        "birth-month-13",
        "feb-29-non-leap-year",
        "birth-day-00",
        "born-before-1940",
        "born-in-future",
        "sex-3",
        "sequence-000",
        "tmt-month-13",
        "tmt-month-00",
        "tmt-before-1960",
        "tmt-in-future",
        "tmt-before-age-16",
        "tmt-before-birth",
        "pppk-year-2015",
        "pppk-year-in-future",
        "pppk-before-age-16",
        "pppk-year-before-birth",
        "pppk-sex-0",
        "pppk-sequence-000",
    ],
)
def test_invalid_number_names_the_faulty_part_and_its_digits(
    parser: Callable[..., DecodedNip], raw: object, code: str, part: str, fragments: list[str]
) -> None:
    with pytest.raises(NipError) as caught:
        parser(raw, today=TODAY)
    assert caught.value.code == code
    assert caught.value.part == part
    for fragment in fragments:
        assert fragment in str(caught.value)


def test_nip_with_impossible_birth_date_names_the_birth_date_part() -> None:
    with pytest.raises(NipError) as caught:
        parse_pns_nip("19681341 199303 1 009", today=TODAY)
    assert str(caught.value).startswith("The birth date 19681341 (digits 1\u20138) does not exist")
    assert str(caught.value).endswith("Check the NIP on the SK or in SIASN.")


def test_pppk_messages_call_the_number_ni_pppk() -> None:
    with pytest.raises(NipError, match="NI PPPK"):
        parse_pppk_ni("19900913 2025 24 2 01", today=TODAY)


@pytest.mark.parametrize(
    "raw", ["1.96804111993031E+17", "196804111993031000.0", "1.96804111993031e+17 "]
)
def test_excel_damaged_nip_is_refused_rather_than_repaired(raw: str) -> None:
    with pytest.raises(NipError) as caught:
        clean_nip_input(raw)
    assert caught.value.code == "excel_scientific"
    assert "converted to a number by Excel" in str(caught.value)


def test_short_nip_message_counts_the_digits_found_against_18() -> None:
    with pytest.raises(NipError, match=r"has 15 digits; it must have exactly 18"):
        clean_nip_input("196804111993031")


def test_clean_nip_input_returns_only_the_18_digits() -> None:
    assert clean_nip_input(" '19680411\u00a0199303 1 009 ") == "196804111993031009"


def test_tmt_in_the_month_of_the_16th_birthday_is_accepted() -> None:
    decoded = parse_pns_nip("19680411 198404 1 009", today=TODAY)
    assert decoded.tmt_cpns == datetime.date(1984, 4, 1)


def test_tmt_one_month_before_the_16th_birthday_is_too_young() -> None:
    with pytest.raises(NipError) as caught:
        parse_pns_nip("19680411 198403 1 009", today=TODAY)
    assert caught.value.code == "too_young"
    assert "15 years old" in str(caught.value)


def test_earliest_plausible_birth_and_tmt_are_accepted() -> None:
    decoded = parse_pns_nip("19400101 196001 2 001", today=TODAY)
    assert decoded.birth_date == datetime.date(1940, 1, 1)
    assert decoded.sex == "F"
    assert decoded.sequence == 1


def test_pppk_turning_16_in_the_appointment_year_is_accepted() -> None:
    assert parse_pppk_ni("20091231 2025 00 1 999", today=TODAY).appointment_year == 2025


def test_first_pppk_year_2019_is_accepted() -> None:
    assert parse_pppk_ni("19900913 2019 99 1 001", today=TODAY).appointment_year == 2019


def test_future_checks_follow_the_given_today() -> None:
    with pytest.raises(NipError):
        parse_pppk_ni("19900913 2025 24 2 014", today=datetime.date(2024, 12, 31))
    assert parse_pppk_ni("19900913 2025 24 2 014", today=datetime.date(2025, 1, 1))


def test_pppk_number_read_as_a_pns_nip_fails_on_the_tmt_month() -> None:
    # The PPPK code 24 sits where a PNS NIP has the TMT month, so the type must pick the parser.
    with pytest.raises(NipError) as caught:
        parse_pns_nip("19900913 2025 24 2 014", today=TODAY)
    assert caught.value.code == "tmt"


def test_pns_nip_read_as_a_pppk_number_fails_on_the_appointment_year() -> None:
    with pytest.raises(NipError) as caught:
        parse_pppk_ni("19680411 199303 1 009", today=TODAY)
    assert caught.value.code == "appointment_year"


@pytest.mark.parametrize(
    ("employee_type", "raw", "expected"),
    [
        ("pns", "19680411 199303 1 009", PNS_EXAMPLE),
        ("pppk", "19900913 2025 24 2 014", PPPK_EXAMPLE),
        ("pppk_pw", "19900913 2025 24 2 014", PPPK_EXAMPLE),
        ("non_asn", None, None),
        ("non_asn", "not a number at all", None),
        ("non_asn", "1.96804111993031E+17", None),
    ],
)
def test_employee_type_decides_which_parser_runs(
    employee_type: str, raw: str | None, expected: DecodedNip | None
) -> None:
    assert parse_employee_number(raw, employee_type, today=TODAY) == expected


def test_pns_without_a_number_is_an_error_not_none() -> None:
    with pytest.raises(NipError) as caught:
        parse_employee_number(None, "pns", today=TODAY)
    assert caught.value.code == "empty"


def test_unknown_employee_type_is_a_programming_error_not_a_nip_error() -> None:
    with pytest.raises(ValueError, match="Unknown employee type") as caught:
        parse_employee_number("19680411 199303 1 009", "honorer", today=TODAY)
    assert not isinstance(caught.value, NipError)


def test_format_grouped_accepts_compact_or_spaced_digits() -> None:
    assert format_grouped("196804111993031009", "pns") == "19680411 199303 1 009"
    assert format_grouped("19900913 2025 24 2 014", "pppk") == "19900913 2025 24 2 014"
    assert format_grouped("199009132025242014", "pppk_pw") == "19900913 2025 24 2 014"


def test_format_grouped_rejects_an_unknown_kind() -> None:
    with pytest.raises(ValueError, match="Unknown NIP kind"):
        format_grouped("196804111993031009", "non_asn")


def test_nip_error_is_a_value_error_and_keeps_its_code_through_pickling() -> None:
    with pytest.raises(ValueError) as caught:
        parse_pns_nip("19680411 199303 3 009", today=TODAY)
    copy = pickle.loads(pickle.dumps(caught.value))  # noqa: S301 - our own object
    assert (copy.code, copy.part, str(copy)) == ("sex", "3", str(caught.value))


def test_input_of_an_unsupported_type_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        clean_nip_input(b"196804111993031009")  # type: ignore[arg-type]


# Characters that reach the interesting branches: digits, separators, Excel's marks.
_NIP_ALPHABET = "0123456789 '.,eE+-\u00a0\u2019O"


@given(st.one_of(st.text(), st.text(alphabet=_NIP_ALPHABET, max_size=30)))
def test_any_text_to_pns_parser_is_decoded_or_raises_nip_error(raw: str) -> None:
    try:
        result = parse_pns_nip(raw, today=TODAY)
    except NipError as err:
        assert str(err)
    else:
        assert isinstance(result, DecodedNip)


@given(st.one_of(st.text(), st.text(alphabet=_NIP_ALPHABET, max_size=30)))
def test_any_text_to_pppk_parser_is_decoded_or_raises_nip_error(raw: str) -> None:
    try:
        result = parse_pppk_ni(raw, today=TODAY)
    except NipError as err:
        assert str(err)
    else:
        assert isinstance(result, DecodedNip)


@given(
    st.one_of(
        st.none(),
        st.integers(),
        st.floats(allow_nan=True),
        st.from_regex(r"[0-9]{8} ?[0-9]{6} ?[12] ?[0-9]{3}", fullmatch=True),
    )
)
def test_any_number_like_input_is_decoded_or_raises_nip_error(raw: object) -> None:
    for parser in (parse_pns_nip, parse_pppk_ni):
        try:
            result = parser(raw, today=TODAY)  # type: ignore[arg-type]
        except NipError as err:
            assert str(err)
        else:
            assert isinstance(result, DecodedNip)


_BIRTH_DATES = st.dates(min_value=datetime.date(1940, 1, 1), max_value=datetime.date(2009, 6, 30))


@st.composite
def _valid_pns_parts(draw: st.DrawFn) -> tuple[datetime.date, datetime.date, str, int]:
    birth = draw(_BIRTH_DATES)
    # Months counted from year 0, so that "16 years later" and "not after today" are integers.
    first = max(1960 * 12, birth.year * 12 + birth.month - 1 + 16 * 12)
    last = TODAY.year * 12 + TODAY.month - 1
    tmt_index = draw(st.integers(min_value=first, max_value=last))
    tmt = datetime.date(tmt_index // 12, tmt_index % 12 + 1, 1)
    return birth, tmt, draw(st.sampled_from("12")), draw(st.integers(1, 999))


@given(_valid_pns_parts())
def test_valid_pns_components_survive_formatting_and_parsing(
    parts: tuple[datetime.date, datetime.date, str, int],
) -> None:
    birth, tmt, sex_digit, sequence = parts
    number = f"{birth:%Y%m%d}{tmt:%Y%m}{sex_digit}{sequence:03d}"
    decoded = parse_pns_nip(format_grouped(number, "pns"), today=TODAY)
    assert decoded == DecodedNip(
        number=number,
        kind="pns",
        birth_date=birth,
        sex="M" if sex_digit == "1" else "F",
        sequence=sequence,
        tmt_cpns=tmt,
    )
    assert parse_pns_nip(decoded.grouped, today=TODAY) == decoded


@st.composite
def _valid_pppk_parts(draw: st.DrawFn) -> tuple[datetime.date, int, str, str, int]:
    birth = draw(_BIRTH_DATES)
    year = draw(st.integers(min_value=max(2019, birth.year + 16), max_value=TODAY.year))
    code = draw(st.from_regex(r"[0-9]{2}", fullmatch=True))
    return birth, year, code, draw(st.sampled_from("12")), draw(st.integers(1, 999))


@given(_valid_pppk_parts())
def test_valid_pppk_components_survive_formatting_and_parsing(
    parts: tuple[datetime.date, int, str, str, int],
) -> None:
    birth, year, code, sex_digit, sequence = parts
    number = f"{birth:%Y%m%d}{year}{code}{sex_digit}{sequence:03d}"
    decoded = parse_pppk_ni(format_grouped(number, "pppk"), today=TODAY)
    assert decoded == DecodedNip(
        number=number,
        kind="pppk",
        birth_date=birth,
        sex="M" if sex_digit == "1" else "F",
        sequence=sequence,
        appointment_year=year,
        pppk_code=code,
    )
    assert parse_pppk_ni(decoded.grouped, today=TODAY) == decoded
