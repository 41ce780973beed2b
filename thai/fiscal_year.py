"""The Thai government fiscal year: 1 October – 30 September, named by the
Buddhist-era year it ends in (FY 2568 = 1 Oct 2567 – 30 Sep 2568). Quarters start
in October. Every function takes and returns BE fiscal years."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from thai.dates import BE_OFFSET, format_thai_date

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
