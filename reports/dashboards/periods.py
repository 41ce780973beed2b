"""The fiscal year and quarter a dashboard shows, and what "up to that quarter" means
for indicators reported monthly, quarterly or yearly."""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from programs.models import Frequency
from thai.dates import MAX_BE_YEAR, MIN_BE_YEAR
from thai.fiscal_year import current_fiscal_year, fiscal_quarters, fiscal_year_range
from thai.numbers import arabic_digits


@dataclass(frozen=True)
class DashboardPeriod:
    fiscal_year: int
    quarter: int  # 1–4: figures up to the end of this quarter

    @property
    def start(self) -> datetime.date:
        return fiscal_year_range(self.fiscal_year)[0]

    @property
    def end(self) -> datetime.date:
        return fiscal_quarters(self.fiscal_year)[self.quarter - 1].end

    @property
    def label(self) -> str:
        return _("ไตรมาส %(q)s/%(year)s") % {"q": self.quarter, "year": self.fiscal_year}

    def results_filter(self, prefix: str = "") -> Q:
        """Results reported up to the end of the quarter, whatever the frequency."""
        frequency, period = f"{prefix}frequency", "period__lte"
        return (
            Q(**{frequency: Frequency.QUARTERLY, period: self.quarter})
            | Q(**{frequency: Frequency.MONTHLY, period: 3 * self.quarter})
            | Q(**{frequency: Frequency.YEARLY, period: 1 if self.quarter == 4 else 0})
        )

    def periods_of(self, frequency: str) -> int:
        """How many periods of ``frequency`` the quarter has reached."""
        return {
            Frequency.QUARTERLY: self.quarter,
            Frequency.MONTHLY: 3 * self.quarter,
            Frequency.YEARLY: 1 if self.quarter == 4 else 0,
        }[Frequency(frequency)]


def current_quarter(fiscal_year: int, today: datetime.date | None = None) -> int:
    """The running quarter of the current year, the last of a past one, the first of a
    future one."""
    today = today or timezone.localdate()
    this_year = current_fiscal_year()
    if fiscal_year < this_year:
        return 4
    if fiscal_year > this_year:
        return 1
    return next(q.number for q in fiscal_quarters(fiscal_year) if today in q)


def dashboard_period(params) -> DashboardPeriod:
    """The FY and quarter asked for in the query string (Thai digits too); anything
    unreadable falls back to the current FY and its running quarter."""
    year = _number(params.get("fy"))
    if year is None or not MIN_BE_YEAR <= year <= MAX_BE_YEAR:
        year = current_fiscal_year()
    quarter = _number(params.get("q"))
    if quarter is None or not 1 <= quarter <= 4:
        quarter = current_quarter(year)
    return DashboardPeriod(year, quarter)


def fiscal_year_choices() -> list[int]:
    this_year = current_fiscal_year()
    return list(range(this_year + 1, this_year - 5, -1))


def _number(value) -> int | None:
    text = arabic_digits(str(value or "")).strip()
    # isdigit() is true of "²" too, which int() refuses.
    return int(text) if text.isascii() and text.isdigit() else None
