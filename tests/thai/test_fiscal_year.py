"""The fiscal year: 1 October – 30 September, named by the BE year it ends in."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from thai.dates import MAX_BE_YEAR, MIN_BE_YEAR
from thai.fiscal_year import (
    current_fiscal_year,
    fiscal_months,
    fiscal_quarter_of,
    fiscal_quarters,
    fiscal_year_of,
    fiscal_year_range,
    parse_fiscal_year,
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


# --- One rule for a Buddhist-era year --------------------------------------------------

YEAR_TABLE = [
    (2568, 2568),
    ("2568", 2568),
    ("๒๕๖๘", 2568),
    ("พ.ศ. 2568", 2568),
    (" 2569 ", 2569),
    (2568.0, 2568),
    (MIN_BE_YEAR, MIN_BE_YEAR),
    (MAX_BE_YEAR, MAX_BE_YEAR),
    (2025, "christian_era"),
    ("2025", "christian_era"),
    (2450, "year_range"),
    (2400, "year_range"),
    (1999, "christian_era"),
    (2701, "year_range"),
    ("68", "invalid"),
    ("2568.5", "invalid"),
    ("ปีนี้", "invalid"),
    (True, "invalid"),
    (None, "invalid"),
]


@pytest.mark.parametrize(("typed", "expected"), YEAR_TABLE)
def test_one_rule_reads_a_buddhist_era_year(typed, expected):
    if isinstance(expected, int):
        assert parse_fiscal_year(typed) == expected
    else:
        with pytest.raises(ValidationError) as caught:
            parse_fiscal_year(typed)
        assert caught.value.code == expected


def test_a_christian_era_year_is_answered_with_the_year_to_type():
    with pytest.raises(ValidationError) as caught:
        parse_fiscal_year(2025)
    assert "2568" in caught.value.messages[0]


YEAR_NAMES = {"fiscal_year", "joined_fiscal_year", "start_year", "end_year", "year"}


def test_every_stored_year_is_a_buddhist_era_year_field():
    from django.apps import apps

    from thai.fields import BuddhistYearField

    plain = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label in {"programs", "meetings", "evaluations", "reports", "accounts"}
        for field in model._meta.get_fields()
        if field.name in YEAR_NAMES and field.concrete and not isinstance(field, BuddhistYearField)
    ]
    assert plain == []


def test_every_form_reads_a_year_with_the_one_rule():
    import importlib
    import inspect
    import pkgutil

    from django import forms

    from thai.forms import FiscalYearField

    modules = []
    for package in ("programs.forms", "evaluations.forms", "meetings.forms", "reports.forms"):
        module = importlib.import_module(package)
        modules.append(module)
        if hasattr(module, "__path__"):
            for info in pkgutil.iter_modules(module.__path__):
                modules.append(importlib.import_module(f"{package}.{info.name}"))
    seen, other = [], []
    for module in modules:
        for _name, form in inspect.getmembers(module, inspect.isclass):
            if not issubclass(form, forms.BaseForm) or not form.__module__.startswith(
                ("programs", "evaluations", "meetings", "reports")
            ):
                continue
            for field_name, field in form.base_fields.items():
                # A choice among the years stored (a filter) is not typed.
                if field_name in YEAR_NAMES and not isinstance(field, forms.ChoiceField):
                    seen.append(form.__name__)
                    if not isinstance(field, FiscalYearField):
                        other.append(f"{form.__module__}.{form.__name__}.{field_name}")
    assert other == []
    assert len(seen) >= 8  # clubs, tiers, contests, projects, villages, rubrics, rounds, …


@pytest.mark.parametrize(
    ("frequency", "number", "fiscal_year", "label"),
    [
        ("quarterly", 2, None, "ไตรมาสที่ 2"),
        ("monthly", 3, None, "เดือนที่ 3 (ธ.ค.)"),
        ("yearly", 1, None, "ทั้งปี"),
        ("quarterly", 2, 2569, "ไตรมาส 2/2569"),
        ("monthly", 1, 2569, "ต.ค. 68"),
        ("monthly", 4, 2569, "ม.ค. 69"),
        ("yearly", 1, 2569, "ปีงบ 2569"),
    ],
)
def test_one_home_names_every_reporting_period(frequency, number, fiscal_year, label):
    from thai.fiscal_year import period_label

    assert period_label(frequency, number, fiscal_year) == label
