"""Buddhist-era dates: every form officers type, every way of getting it wrong."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from thai.dates import (
    MAX_BE_YEAR,
    MIN_BE_YEAR,
    be_year,
    ce_year,
    format_thai_date,
    format_thai_datetime,
    parse_thai_date,
)

JUNE_8_2566 = datetime.date(2023, 6, 8)
FIRST_ACCEPTED_DAY = datetime.date(ce_year(MIN_BE_YEAR), 1, 1)
LAST_ACCEPTED_DAY = datetime.date(ce_year(MAX_BE_YEAR), 12, 31)


def _refusal(text: str) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        parse_thai_date(text)
    return caught.value


def _is_thai(message: str) -> bool:
    return any("\u0e00" <= char <= "\u0e7f" for char in message)


# --- Reading ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "8/6/2566",
        "08/06/2566",
        "8 มิ.ย. 2566",
        "8 มิถุนายน 2566",
        "๘/๖/๒๕๖๖",
        "8 มิ.ย. 66",
        "8-6-2566",
        "8.6.2566",
        "8 มิย 2566",
        "8 มิถุนายน พ.ศ. 2566",
        "  8 / 6 / 2566  ",
        "๘ มิถุนายน ๒๕๖๖",
        "2023-06-08",
    ],
)
def test_every_accepted_form_of_8_june_2566_reads_as_8_june_2023(typed):
    assert parse_thai_date(typed) == JUNE_8_2566


def test_two_digit_year_is_read_in_the_25xx_buddhist_century():
    assert parse_thai_date("1/10/67") == datetime.date(2024, 10, 1)
    assert parse_thai_date("31 ธ.ค. 00") == datetime.date(1957, 12, 31)


def test_day_and_month_are_read_day_first():
    # 1/2/2567 is 1 February (Thai order), never 2 January.
    assert parse_thai_date("1/2/2567") == datetime.date(2024, 2, 1)


def test_leap_day_exists_in_2567_which_is_2024():
    assert parse_thai_date("29/2/2567") == datetime.date(2024, 2, 29)


def test_edges_of_the_accepted_range_are_accepted():
    assert parse_thai_date(f"1/1/{MIN_BE_YEAR}") == FIRST_ACCEPTED_DAY
    assert parse_thai_date(f"31/12/{MAX_BE_YEAR}") == LAST_ACCEPTED_DAY


# --- Refusing --------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["8/6/2023", "08/06/2023", "8 มิ.ย. 2023", "1/1/1999"])
def test_christian_era_year_is_refused_with_a_message_naming_the_christian_era(typed):
    error = _refusal(typed)

    assert error.code == "christian_era"
    assert "ค.ศ." in error.messages[0]
    assert "พ.ศ." in error.messages[0]


def test_christian_era_refusal_suggests_the_buddhist_year():
    error = _refusal("8/6/2023")

    assert "2566" in error.messages[0]


@pytest.mark.parametrize("typed", ["8/6/2999", f"1/1/{MIN_BE_YEAR - 1}", f"1/1/{MAX_BE_YEAR + 1}"])
def test_year_outside_the_accepted_range_is_refused(typed):
    error = _refusal(typed)

    assert error.code == "year_range"
    assert str(MIN_BE_YEAR) in error.messages[0]
    assert str(MAX_BE_YEAR) in error.messages[0]


def test_iso_date_with_a_buddhist_year_is_refused_rather_than_read_as_year_2566():
    error = _refusal("2566-06-08")

    assert error.code == "be_in_iso"
    assert "ค.ศ." in error.messages[0]
    assert "8/6/2566" in error.messages[0]


@pytest.mark.parametrize("typed", ["31/2/2566", "29/2/2566", "31/4/2566", "0/6/2566", "8/13/2566"])
def test_day_that_is_not_in_the_calendar_is_refused(typed):
    error = _refusal(typed)

    assert error.code == "no_such_date"
    assert "ไม่มีวันที่" in error.messages[0]


def test_no_such_date_message_shows_the_date_as_typed_in_buddhist_era():
    error = _refusal("29/2/2566")

    assert "29/2/2566" in error.messages[0]


@pytest.mark.parametrize("typed", ["8 มิถุนา 2566", "8 June 2566", "8 มิ.ยน. 2566"])
def test_unknown_month_name_is_refused_naming_the_month(typed):
    error = _refusal(typed)

    assert error.code == "month"
    assert typed.split()[1] in error.messages[0]
    assert "เดือน" in error.messages[0]


@pytest.mark.parametrize("typed", ["", "   ", None])
def test_empty_input_is_refused_as_required(typed):
    error = _refusal(typed)

    assert error.code == "required"
    assert error.messages == ["กรุณากรอกวันที่"]


@pytest.mark.parametrize(
    "typed", ["garbage", "8/6", "2566", "8/6/256", "8//6/2566", "วันนี้", "8/6/2566/1", "2023-6-8x"]
)
def test_garbage_is_refused_with_a_thai_message_showing_the_expected_form(typed):
    error = _refusal(typed)

    assert error.code == "invalid"
    assert _is_thai(error.messages[0])
    assert "8/6/2566" in error.messages[0]


# --- Showing ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("long", "8 มิถุนายน 2566"),
        ("medium", "8 มิ.ย. 2566"),
        ("short", "8 มิ.ย. 66"),
        ("full", "วันพฤหัสบดีที่ 8 มิถุนายน พ.ศ. 2566"),
    ],
)
def test_format_thai_date_in_each_style(style, expected):
    assert format_thai_date(JUNE_8_2566, style) == expected


def test_long_style_is_the_default():
    assert format_thai_date(JUNE_8_2566) == "8 มิถุนายน 2566"


@pytest.mark.parametrize(
    ("style", "expected"),
    [("long", "๘ มิถุนายน ๒๕๖๖"), ("short", "๘ มิ.ย. ๖๖"), ("medium", "๘ มิ.ย. ๒๕๖๖")],
)
def test_format_thai_date_with_thai_digits(style, expected):
    assert format_thai_date(JUNE_8_2566, style, digits="thai") == expected


def test_single_digit_day_has_no_leading_zero():
    assert format_thai_date(datetime.date(2024, 10, 1)) == "1 ตุลาคม 2567"


def test_aware_datetime_is_shown_on_the_bangkok_calendar():
    # 18:00 UTC on 7 June is 01:00 on 8 June in Bangkok (UTC+7).
    evening_utc = datetime.datetime(2023, 6, 7, 18, 0, tzinfo=datetime.UTC)

    assert format_thai_date(evening_utc) == "8 มิถุนายน 2566"


def test_aware_datetime_shows_bangkok_time_of_day():
    evening_utc = datetime.datetime(2023, 6, 7, 18, 0, tzinfo=datetime.UTC)

    assert format_thai_datetime(evening_utc) == "8 มิ.ย. 2566 01:00 น."
    assert format_thai_datetime(evening_utc, digits="thai") == "๘ มิ.ย. ๒๕๖๖ ๐๑:๐๐ น."


def test_naive_datetime_is_shown_as_it_is():
    assert format_thai_date(datetime.datetime(2023, 6, 7, 23, 59)) == "7 มิถุนายน 2566"


@pytest.mark.parametrize("empty", [None, ""])
def test_missing_date_shows_as_empty_text(empty):
    assert format_thai_date(empty) == ""


def test_be_and_ce_years_are_543_apart():
    assert be_year(2023) == 2566
    assert ce_year(2566) == 2023


# --- Properties ------------------------------------------------------------------

accepted_days = st.dates(min_value=FIRST_ACCEPTED_DAY, max_value=LAST_ACCEPTED_DAY)


@given(accepted_days)
def test_reading_the_long_form_gives_back_the_same_day(day):
    assert parse_thai_date(format_thai_date(day, "long")) == day


@given(accepted_days)
def test_reading_the_long_form_in_thai_digits_gives_back_the_same_day(day):
    assert parse_thai_date(format_thai_date(day, "long", digits="thai")) == day


@given(accepted_days)
def test_reading_day_month_buddhist_year_gives_back_the_same_day(day):
    assert parse_thai_date(f"{day.day}/{day.month}/{day.year + 543}") == day


@given(accepted_days)
def test_reading_the_medium_form_gives_back_the_same_day(day):
    assert parse_thai_date(format_thai_date(day, "medium")) == day


@given(st.text(max_size=40))
def test_arbitrary_text_is_either_a_date_in_range_or_a_validation_error(text):
    try:
        day = parse_thai_date(text)
    except ValidationError as error:
        assert error.messages and all(error.messages)
    else:
        assert FIRST_ACCEPTED_DAY <= day <= LAST_ACCEPTED_DAY


@given(st.from_regex(r"\A[0-9๐-๙]{1,2}[ /.\-][0-9๐-๙ก-๙.]{1,10}[ /.\-][0-9๐-๙]{2,4}\Z"))
def test_date_shaped_text_is_either_a_date_in_range_or_a_validation_error(text):
    # Text shaped like a date reaches deeper than random text: month lookup, calendar.
    try:
        day = parse_thai_date(text)
    except ValidationError as error:
        assert error.code in {"invalid", "month", "christian_era", "year_range", "no_such_date"}
    else:
        assert FIRST_ACCEPTED_DAY <= day <= LAST_ACCEPTED_DAY
