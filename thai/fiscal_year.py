"""The Thai government fiscal year: 1 October – 30 September, named by the
Buddhist-era year it ends in (FY 2568 = 1 Oct 2567 – 30 Sep 2568). Quarters start
in October. Every function takes and returns BE fiscal years."""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from thai.dates import (
    BE_OFFSET,
    MAX_BE_YEAR,
    MIN_BE_YEAR,
    THAI_MONTHS_SHORT,
    format_thai_date,
    refuse_christian_era,
)
from thai.numbers import arabic_digits

FIRST_MONTH = 10


@dataclass(frozen=True)
class FiscalPeriod:
    fiscal_year: int
    number: int  # quarter 1–4 or month 1–12, counted from October
    start: datetime.date
    end: datetime.date

    def __contains__(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    @property
    def label(self) -> str:
        return f"{format_thai_date(self.start, 'short')} – {format_thai_date(self.end, 'short')}"


_YEAR_TEXT = re.compile(r"(?:พ\.?\s*ศ\.?\s*)?(\d{4})")


def parse_fiscal_year(value) -> int:
    """A Buddhist-era year as typed, in a form, a spreadsheet cell, a query or a report
    parameter: 2568, "2568", "๒๕๖๘", "พ.ศ. 2568", 2568.0 from a spreadsheet.

    The one rule for every year of the portal: BE, between ``MIN_BE_YEAR`` and
    ``MAX_BE_YEAR``. A Christian-era year (2025) is refused with the BE year to type
    instead; anything else with a Thai message. Raises ``ValidationError``.
    """
    year = None
    if isinstance(value, bool):
        year = None
    elif isinstance(value, int):
        year = value
    elif isinstance(value, float) and value.is_integer():
        year = int(value)
    elif isinstance(value, str) and (match := _YEAR_TEXT.fullmatch(arabic_digits(value).strip())):
        year = int(match.group(1))
    if year is None:
        raise ValidationError(_("กรุณากรอกปีเป็นตัวเลข พ.ศ. เช่น 2568"), code="invalid")
    refuse_christian_era(year)
    if not MIN_BE_YEAR <= year <= MAX_BE_YEAR:
        raise ValidationError(
            _("ปีต้องเป็น พ.ศ. ระหว่าง %(min)s ถึง %(max)s") % {"min": MIN_BE_YEAR, "max": MAX_BE_YEAR},
            code="year_range",
        )
    return year


def validate_be_year(value) -> None:
    """Model field validator: the stored year follows ``parse_fiscal_year``."""
    if value is not None:
        parse_fiscal_year(value)


def fiscal_year_of(day: datetime.date) -> int:
    year_ce = day.year + 1 if day.month >= FIRST_MONTH else day.year
    return year_ce + BE_OFFSET


def current_fiscal_year() -> int:
    return fiscal_year_of(timezone.localdate())


def fiscal_year_range(fiscal_year: int) -> tuple[datetime.date, datetime.date]:
    end_ce = fiscal_year - BE_OFFSET
    return datetime.date(end_ce - 1, FIRST_MONTH, 1), datetime.date(end_ce, 9, 30)


def fiscal_months(fiscal_year: int) -> list[FiscalPeriod]:
    start, _end = fiscal_year_range(fiscal_year)
    periods = []
    for number in range(1, 13):
        month_start = _add_months(start, number - 1)
        month_end = _add_months(start, number) - datetime.timedelta(days=1)
        periods.append(FiscalPeriod(fiscal_year, number, month_start, month_end))
    return periods


def fiscal_quarters(fiscal_year: int) -> list[FiscalPeriod]:
    start, _end = fiscal_year_range(fiscal_year)
    return [
        FiscalPeriod(
            fiscal_year,
            number,
            _add_months(start, 3 * (number - 1)),
            _add_months(start, 3 * number) - datetime.timedelta(days=1),
        )
        for number in range(1, 5)
    ]


def fiscal_quarter_of(day: datetime.date) -> FiscalPeriod:
    return next(q for q in fiscal_quarters(fiscal_year_of(day)) if day in q)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.month - 1 + months
    return datetime.date(day.year + index // 12, index % 12 + 1, 1)


# --- Reporting periods: "monthly" 1–12 from October, "quarterly" 1–4, "yearly" 1 --------


def period_label(frequency: str, number: int, fiscal_year: int | None = None) -> str:
    """The Thai name of a reporting period of a fiscal year.

    Without the year, as a column of the results grid: "ไตรมาสที่ 2", "เดือนที่ 3
    (ธ.ค.)", "ทั้งปี". With it, short, as on a dashboard: "ไตรมาส 2/2569", "ธ.ค. 68",
    "ปีงบ 2569".
    """
    month = THAI_MONTHS_SHORT[(number + 8) % 12]  # fiscal month 1 is October
    if fiscal_year is None:
        if frequency == "quarterly":
            return _("ไตรมาสที่ %(n)s") % {"n": number}
        if frequency == "monthly":
            return _("เดือนที่ %(n)s (%(month)s)") % {"n": number, "month": month}
        return _("ทั้งปี")
    if frequency == "quarterly":
        return _("ไตรมาส %(q)s/%(year)s") % {"q": number, "year": fiscal_year}
    if frequency == "monthly":
        year = fiscal_year - 1 if number <= 3 else fiscal_year
        return f"{month} {year % 100:02d}"
    return _("ปีงบ %(year)s") % {"year": fiscal_year}
