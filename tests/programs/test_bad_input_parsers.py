"""Whatever is typed into a date or number box, the parsers answer with a value or a
Thai ValidationError — never another exception — and read back what they write."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from hypothesis import example, given
from hypothesis import strategies as st

from thai.dates import (
    MAX_BE_YEAR,
    MIN_BE_YEAR,
    THAI_MONTHS,
    THAI_MONTHS_SHORT,
    ce_year,
    format_thai_date,
    parse_thai_date,
)
from thai.forms import ThaiDateField, ThaiIntegerField
from thai.numbers import format_number, parse_decimal, thai_digits

THAI = st.characters(min_codepoint=0x0E00, max_codepoint=0x0E7F)
# What officers type, and what a fuzzer would: digits of both scripts, separators,
# month names, Thai letters, spaces of every kind, control characters, emoji.
TYPED = st.text(
    alphabet=st.one_of(
        st.sampled_from("0123456789๐๑๒๓๔๕๖๗๘๙/.-, :พศ\u00a0\u200b\t\n"),
        THAI,
        st.characters(),
    ),
    max_size=40,
)
DATE_LIKE = st.builds(
    lambda d, sep1, m, sep2, y: f"{d}{sep1}{m}{sep2}{y}",
    st.integers(-5, 40).map(str),
    st.sampled_from(["/", ".", "-", " ", " / "]),
    st.one_of(
        st.integers(-1, 14).map(str), st.sampled_from(THAI_MONTHS + THAI_MONTHS_SHORT + ["มิย"])
    ),
    st.sampled_from(["/", ".", "-", " ", " พ.ศ. "]),
    st.one_of(st.integers(0, 99999).map(str), st.integers(0, 99).map(lambda y: f"{y:02d}")),
)
IN_RANGE = st.dates(
    min_value=datetime.date(ce_year(MIN_BE_YEAR), 1, 1),
    max_value=datetime.date(ce_year(MAX_BE_YEAR), 12, 31),
)


def _thai_message(error: ValidationError) -> str:
    message = " ".join(error.messages)
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in message), message
    return message


@given(st.one_of(TYPED, DATE_LIKE, DATE_LIKE.map(thai_digits)))
@example("29/2/2567")  # a leap day in BE 2567 = CE 2024
@example("29/2/2566")
@example("0/0/0000")
@example("99999999999999999999/1/2566")
@example("8/6/2566\x00")
@example("2566-06-08")
def test_date_parser_answers_a_date_or_a_thai_message(text):
    try:
        value = parse_thai_date(text)
    except ValidationError as error:
        _thai_message(error)
    else:
        assert isinstance(value, datetime.date)
        assert MIN_BE_YEAR <= value.year + 543 <= MAX_BE_YEAR


@given(IN_RANGE, st.sampled_from(["long", "medium"]), st.sampled_from(["arabic", "thai"]))
def test_a_written_date_reads_back_as_the_same_date(day, style, digits):
    assert parse_thai_date(format_thai_date(day, style, digits=digits)) == day


@given(IN_RANGE)
def test_day_month_be_year_as_typed_reads_back(day):
    assert parse_thai_date(f"{day.day}/{day.month}/{day.year + 543}") == day
    assert parse_thai_date(thai_digits(f"{day.day:02d}/{day.month:02d}/{day.year + 543}")) == day


@given(st.one_of(TYPED, DATE_LIKE))
def test_thai_date_field_never_raises_anything_but_a_form_error(text):
    field = ThaiDateField(required=False)
    try:
        value = field.clean(text)
    except forms.ValidationError as error:
        _thai_message(error)
    else:
        assert value is None or isinstance(value, datetime.date)
    field.has_changed(None, text)  # the form's change detection never raises either


@given(st.one_of(TYPED, st.decimals(allow_nan=True, allow_infinity=True).map(str)))
@example("1e999999999")
@example("1,2,3")
@example("๑,๒๓๔.๕")
@example("-0")
@example("sNaN")
@example("9" * 5000)
def test_number_parser_answers_a_number_or_a_thai_message(text):
    try:
        value = parse_decimal(text)
    except ValidationError as error:
        _thai_message(error)
    else:
        assert isinstance(value, Decimal) and value.is_finite()
        # Small enough that int() of it is instant ("1e999999999" never finishes).
        assert value.is_zero() or -20 <= value.adjusted() <= 20


def test_a_number_too_large_to_handle_is_refused_in_thai():
    with pytest.raises(ValidationError, match="มีค่ามากหรือน้อยเกินกว่าที่ระบบรับได้"):
        parse_decimal("1" + "0" * 30)
    with pytest.raises(ValidationError, match="ไม่ใช่ตัวเลข"):
        parse_decimal("1e9999999")  # exponents are not how officers type numbers


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False))
def test_a_written_number_reads_back(number):
    assert parse_decimal(format_number(number, 2)) == number
    assert parse_decimal(thai_digits(format_number(number, 2))) == number


@given(st.one_of(TYPED, st.integers().map(str), st.integers().map(lambda n: thai_digits(f"{n:,}"))))
@example("1" * 5000)
@example("1e10")
def test_thai_integer_field_never_raises_anything_but_a_form_error(text):
    field = ThaiIntegerField(required=False, min_value=0, max_value=10**9)
    try:
        value = field.clean(text)
    except forms.ValidationError:
        pass  # Django's own messages, in Thai under the Thai locale
    else:
        assert value is None or isinstance(value, int)


@pytest.mark.parametrize("text", ["8/6/2566", "๘ มิ.ย. ๒๕๖๖", "8 มิถุนายน พ.ศ. 2566"])
def test_known_forms_of_one_date(text):
    assert parse_thai_date(text) == datetime.date(2023, 6, 8)
