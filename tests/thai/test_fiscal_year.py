"""The fiscal year: 1 October – 30 September, named by the BE year it ends in."""

import datetime
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thai.fiscal_year import (
    current_fiscal_year,
    fiscal_months,
    fiscal_quarter_of,
    fiscal_quarters,
    fiscal_year_of,
    fiscal_year_range,
)

ONE_DAY = datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("day", "fiscal_year"),
    [
        (datetime.date(2024, 9, 30), 2567),  # 30 Sep 2567 BE: last day of FY 2567
        (datetime.date(2024, 10, 1), 2568),  # 1 Oct 2567 BE: first day of FY 2568
        (datetime.date(2024, 12, 31), 2568),
        (datetime.date(2025, 1, 1), 2568),
        (datetime.date(2025, 9, 30), 2568),
        (datetime.date(2023, 6, 8), 2566),  # the Nakhon Phanom evaluation visit
    ],
)
def test_fiscal_year_of_a_day(day, fiscal_year):
    assert fiscal_year_of(day) == fiscal_year


def test_fiscal_year_range_of_2568_runs_from_1_october_2567_to_30_september_2568():
    assert fiscal_year_range(2568) == (datetime.date(2024, 10, 1), datetime.date(2025, 9, 30))


def test_consecutive_fiscal_years_meet_without_gap_or_overlap():
    _start, end_2567 = fiscal_year_range(2567)
    start_2568, _end = fiscal_year_range(2568)

    assert start_2568 - end_2567 == ONE_DAY


def test_current_fiscal_year_follows_the_bangkok_calendar_day():
    first_of_october = datetime.date(2024, 10, 1)

    with mock.patch("thai.fiscal_year.timezone.localdate", return_value=first_of_october):
        assert current_fiscal_year() == 2568


def test_fiscal_year_has_four_quarters_starting_in_october():
    quarters = fiscal_quarters(2568)

    assert [q.number for q in quarters] == [1, 2, 3, 4]
    assert [(q.start, q.end) for q in quarters] == [
        (datetime.date(2024, 10, 1), datetime.date(2024, 12, 31)),
        (datetime.date(2025, 1, 1), datetime.date(2025, 3, 31)),
        (datetime.date(2025, 4, 1), datetime.date(2025, 6, 30)),
        (datetime.date(2025, 7, 1), datetime.date(2025, 9, 30)),
    ]
    assert all(q.fiscal_year == 2568 for q in quarters)


@pytest.mark.parametrize("fiscal_year", [2566, 2567, 2568])
def test_quarters_are_contiguous_and_cover_the_fiscal_year(fiscal_year):
    quarters = fiscal_quarters(fiscal_year)
    start, end = fiscal_year_range(fiscal_year)

    assert quarters[0].start == start
    assert quarters[-1].end == end
    for earlier, later in zip(quarters, quarters[1:], strict=False):
        assert later.start - earlier.end == ONE_DAY


def test_fiscal_year_has_twelve_months_starting_in_october():
    months = fiscal_months(2568)

    assert len(months) == 12
    assert [m.number for m in months] == list(range(1, 13))
    assert months[0].start == datetime.date(2024, 10, 1)
    assert months[0].end == datetime.date(2024, 10, 31)
    assert months[-1].start == datetime.date(2025, 9, 1)
    assert months[-1].end == datetime.date(2025, 9, 30)
    assert [m.start.month for m in months] == [10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9]


@pytest.mark.parametrize("fiscal_year", [2566, 2567])
def test_months_are_contiguous_and_cover_the_fiscal_year(fiscal_year):
    months = fiscal_months(fiscal_year)
    start, end = fiscal_year_range(fiscal_year)

    assert months[0].start == start
    assert months[-1].end == end
    for earlier, later in zip(months, months[1:], strict=False):
        assert later.start - earlier.end == ONE_DAY


def test_leap_february_inside_fiscal_year_2567_has_29_days():
    # FY 2567 = 1 Oct 2023 – 30 Sep 2024; February 2024 is a leap month.
    february = fiscal_months(2567)[4]

    assert (february.start, february.end) == (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
    assert datetime.date(2024, 2, 29) in february
    assert fiscal_year_of(datetime.date(2024, 2, 29)) == 2567
    assert fiscal_quarter_of(datetime.date(2024, 2, 29)).number == 2


def test_february_of_a_common_year_ends_on_the_28th():
    february = fiscal_months(2568)[4]

    assert february.end == datetime.date(2025, 2, 28)


def test_fiscal_year_2567_has_366_days():
    start, end = fiscal_year_range(2567)

    assert (end - start).days + 1 == 366


@pytest.mark.parametrize(
    ("day", "quarter"),
    [
        (datetime.date(2024, 10, 1), 1),
        (datetime.date(2024, 12, 31), 1),
        (datetime.date(2025, 1, 1), 2),
        (datetime.date(2025, 3, 31), 2),
        (datetime.date(2025, 4, 1), 3),
        (datetime.date(2025, 6, 30), 3),
        (datetime.date(2025, 7, 1), 4),
        (datetime.date(2025, 9, 30), 4),
    ],
)
def test_fiscal_quarter_of_a_day(day, quarter):
    period = fiscal_quarter_of(day)

    assert period.number == quarter
    assert period.fiscal_year == 2568
    assert day in period


def test_fiscal_quarter_of_30_september_belongs_to_the_year_ending_that_day():
    period = fiscal_quarter_of(datetime.date(2024, 9, 30))

    assert (period.fiscal_year, period.number) == (2567, 4)


def test_period_label_shows_buddhist_short_dates():
    assert fiscal_quarters(2568)[0].label == "1 ต.ค. 67 – 31 ธ.ค. 67"


@given(st.dates(min_value=datetime.date(1960, 1, 1), max_value=datetime.date(2150, 12, 31)))
def test_every_day_lies_in_exactly_one_quarter_and_month_of_its_fiscal_year(day):
    fiscal_year = fiscal_year_of(day)
    start, end = fiscal_year_range(fiscal_year)

    assert start <= day <= end
    assert sum(day in q for q in fiscal_quarters(fiscal_year)) == 1
    assert sum(day in m for m in fiscal_months(fiscal_year)) == 1
    assert fiscal_quarter_of(day).start <= day <= fiscal_quarter_of(day).end
