"""Numbers as Thai officials write them (figures from the Phrae FY 2566 report)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from thai.numbers import (
    arabic_digits,
    baht_in_words,
    format_baht,
    format_number,
    parse_decimal,
    thai_digits,
    thai_digits_in_html,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1755091742, "1,755,091,742"),
        (Decimal("2446.88"), "2,446.88"),
        ("1307", "1,307"),
        (0, "0"),
        (-1234, "-1,234"),
        (96.28, "96.28"),
        (Decimal("2390.00"), "2,390"),
    ],
)
def test_format_number_groups_thousands_and_shows_decimals_only_when_there_are_some(
    value, expected
):
    assert format_number(value) == expected


def test_format_number_with_fixed_decimals():
    assert format_number(1887, 2) == "1,887.00"
    assert format_number(Decimal("9.54"), 1) == "9.5"


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        ("96.285", 2, "96.29"),
        ("2.345", 2, "2.35"),
        ("0.5", 0, "1"),
        ("2.5", 0, "3"),
        ("-2.5", 0, "-3"),
    ],
)
def test_format_number_rounds_half_up_as_officials_do(value, decimals, expected):
    assert format_number(value, decimals) == expected


def test_format_number_never_shows_negative_zero():
    assert format_number("-0.001", 2) == "0.00"


@pytest.mark.parametrize("empty", [None, ""])
def test_format_number_shows_missing_value_as_a_dash(empty):
    assert format_number(empty) == "–"
    assert format_baht(empty) == "–"


def test_format_baht():
    assert format_baht(1887) == "1,887 บาท"
    assert format_baht(Decimal("2446.88")) == "2,446.88 บาท"


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (1887, "หนึ่งพันแปดร้อยแปดสิบเจ็ดบาทถ้วน"),
        (Decimal("2446.88"), "สองพันสี่ร้อยสี่สิบหกบาทแปดสิบแปดสตางค์"),
        (21, "ยี่สิบเอ็ดบาทถ้วน"),
        (101, "หนึ่งร้อยเอ็ดบาทถ้วน"),
        (0, "ศูนย์บาทถ้วน"),
        ("1000", "หนึ่งพันบาทถ้วน"),
        (1755091742, "หนึ่งพันเจ็ดร้อยห้าสิบห้าล้านเก้าหมื่นหนึ่งพันเจ็ดร้อยสี่สิบสองบาทถ้วน"),
    ],
)
def test_baht_in_words(amount, words):
    assert baht_in_words(amount) == words


def test_baht_in_words_of_satang_only_has_no_zero_baht():
    assert baht_in_words(Decimal("0.50")) == "ห้าสิบสตางค์"
    assert baht_in_words("0.29") == "ยี่สิบเก้าสตางค์"


def test_baht_in_words_rounds_satang_half_up_without_float_error():
    # As a float 1.005 is 1.00499…; the amount typed was one baht and half a satang.
    assert baht_in_words("1.005") == "หนึ่งบาทหนึ่งสตางค์"
    assert baht_in_words("0.004") == "ศูนย์บาทถ้วน"


def test_baht_in_words_of_a_negative_amount():
    assert baht_in_words(-5) == "ลบห้าบาทถ้วน"


@pytest.mark.parametrize("empty", [None, ""])
def test_baht_in_words_of_nothing_is_empty(empty):
    assert baht_in_words(empty) == ""


def test_thai_and_arabic_digits_translate_both_ways():
    assert thai_digits("47 หมู่บ้าน 2564") == "๔๗ หมู่บ้าน ๒๕๖๔"
    assert arabic_digits("๔๗ หมู่บ้าน ๒๕๖๔") == "47 หมู่บ้าน 2564"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("๑,๒๓๔.๕", Decimal("1234.5")),
        ("1,755,091,742", Decimal("1755091742")),
        ("2 446.88", Decimal("2446.88")),
        (" 96.28 ", Decimal("96.28")),
        ("-9.54", Decimal("-9.54")),
        ("๔๗", Decimal("47")),
        (13, Decimal("13")),
    ],
)
def test_parse_number_reads_thai_digits_and_separators(typed, expected):
    assert parse_decimal(typed) == expected


@pytest.mark.parametrize("typed", ["abc", "สิบสาม", "1.2.3", "NaN", "Infinity", "12%"])
def test_parse_number_refuses_what_is_not_a_number_with_a_thai_message(typed):
    with pytest.raises(ValidationError) as caught:
        parse_decimal(typed)

    assert caught.value.code == "invalid"
    assert caught.value.messages == [f"“{typed}” ไม่ใช่ตัวเลข"]


@pytest.mark.parametrize("typed", ["", "   ", None, "\t\n"])
def test_parse_number_refuses_empty_input(typed):
    with pytest.raises(ValidationError) as caught:
        parse_decimal(typed)

    assert caught.value.code == "required"
    assert caught.value.messages == ["กรุณากรอกตัวเลข"]


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False))
def test_parse_number_reads_back_what_format_number_shows(value):
    assert parse_decimal(format_number(value, 2)) == value


@given(st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False))
def test_parse_number_reads_back_thai_digit_output(value):
    assert parse_decimal(thai_digits(format_number(value, 2))) == value


@given(st.text(max_size=30))
def test_parse_number_raises_only_validation_error(text):
    try:
        number = parse_decimal(text)
    except ValidationError:
        pass
    else:
        assert number.is_finite()


# --- Thai digits in a document's text only -----------------------------------------------

DOCUMENT = (
    "<html><head><title>ปี 2568</title><style>p { margin: 3cm; }</style></head>"
    '<body class="x1"><!-- row 12 -->'
    "<p title=\"2566\" data-n='48'>ปี 2566 ข้อ 12 O&#x27;Reilly &amp; ลูก &#39;48&#39; &nbsp;7</p>"
    '<p><a href="https://example.go.th/reports/48?fy=2568">https://example.go.th/reports/48</a>'
    " www.nakhonphanom.go.th/2568 ติดต่อ officer48@example.go.th โทร 042-511-234</p>"
    "<script>var n = 2568;</script></body></html>"
)


def test_thai_digits_change_the_text_people_read():
    converted = thai_digits_in_html(DOCUMENT)
    assert "ปี ๒๕๖๖ ข้อ ๑๒" in converted
    assert "โทร ๐๔๒-๕๑๑-๒๓๔" in converted
    assert "&nbsp;๗" in converted


def test_thai_digits_leave_markup_references_and_addresses_as_written():
    converted = thai_digits_in_html(DOCUMENT)
    for kept in (
        "O&#x27;Reilly",
        "&amp;",
        "&#39;",
        "&nbsp;",
        'title="2566"',
        "data-n='48'",
        'class="x1"',
        "margin: 3cm",
        "<!-- row 12 -->",
        'href="https://example.go.th/reports/48?fy=2568"',
        ">https://example.go.th/reports/48<",
        "www.nakhonphanom.go.th/2568",
        "officer48@example.go.th",
        "var n = 2568;",
        "<title>ปี 2568</title>",
    ):
        assert kept in converted, kept
    assert "&#x๒๗;" not in converted and "&#๓๙;" not in converted


def test_a_document_without_a_body_is_all_text():
    assert thai_digits_in_html("<p>ข้อ 3 &#x27;</p>") == "<p>ข้อ ๓ &#x27;</p>"
