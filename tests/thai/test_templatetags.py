"""The {% load thai %} filters, rendered through real templates."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template


def render(source: str, **context) -> str:
    return Template("{% load thai %}" + source).render(Context(context))


def test_thai_date_filter_shows_long_buddhist_date_by_default():
    assert render("{{ d|thai_date }}", d=datetime.date(2023, 6, 8)) == "8 มิถุนายน 2566"


@pytest.mark.parametrize(
    ("style", "expected"),
    [("short", "8 มิ.ย. 66"), ("medium", "8 มิ.ย. 2566"), ("full", "วันพฤหัสบดีที่ 8 มิถุนายน พ.ศ. 2566")],
)
def test_thai_date_filter_with_a_style(style, expected):
    assert render(f'{{{{ d|thai_date:"{style}" }}}}', d=datetime.date(2023, 6, 8)) == expected


def test_thai_date_filter_of_nothing_is_empty():
    assert render("[{{ d|thai_date }}]", d=None) == "[]"


def test_thai_datetime_filter_converts_to_bangkok_time():
    moment = datetime.datetime(2023, 6, 7, 18, 0, tzinfo=datetime.UTC)

    assert render("{{ t|thai_datetime }}", t=moment) == "8 มิ.ย. 2566 01:00 น."


def test_fiscal_year_filter():
    assert render("{{ d|fiscal_year }}", d=datetime.date(2024, 10, 1)) == "2568"
    assert render("{{ d|fiscal_year }}", d=datetime.date(2024, 9, 30)) == "2567"
    assert render("[{{ d|fiscal_year }}]", d=None) == "[]"


def test_number_filter_groups_thousands():
    assert render("{{ n|number }}", n=1755091742) == "1,755,091,742"
    assert render("{{ n|number }}", n=None) == "–"


def test_number_filter_with_decimals_argument():
    assert render('{{ n|number:"2" }}', n=Decimal("2446.875")) == "2,446.88"
    assert render("{{ n|number:0 }}", n=Decimal("96.5")) == "97"


def test_baht_filter():
    assert render("{{ n|baht }}", n=1887) == "1,887 บาท"


def test_bahttext_filter():
    assert render("{{ n|bahttext }}", n=1887) == "หนึ่งพันแปดร้อยแปดสิบเจ็ดบาทถ้วน"


def test_thai_digits_filter_chains_after_other_filters():
    assert render("{{ d|thai_date|thai_digits }}", d=datetime.date(2023, 6, 8)) == "๘ มิถุนายน ๒๕๖๖"
    assert render("{{ n|number|thai_digits }}", n=283246) == "๒๘๓,๒๔๖"
