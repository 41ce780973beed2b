"""Reads of results frameworks: which indicators a user sees for a program, fiscal year
and province, their latest results, and the reporting periods ("q2", "m3", "y")."""

import re
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from core.scoping import Action
from programs.models import (
    Frequency,
    Indicator,
    IndicatorResult,
    Objective,
    Program,
    Province,
)
from thai.fiscal_year import current_fiscal_year, fiscal_months, fiscal_quarters, period_label
from thai.numbers import arabic_digits

# --- Reporting periods ----------------------------------------------------------------

_PREFIX = {Frequency.MONTHLY: "m", Frequency.QUARTERLY: "q", Frequency.YEARLY: "y"}
_TOKEN = re.compile(r"^(?:([mq])(\d{1,2})|y1?)$")


@dataclass(frozen=True)
class ReportingPeriod:
    """One fiscal period of a reporting frequency: "q2" is the second quarter (Jan–Mar),
    "m3" the third month (December), "y" the whole fiscal year."""

    frequency: Frequency
    number: int

    @property
    def token(self) -> str:
        prefix = _PREFIX[self.frequency]
        return prefix if self.frequency == Frequency.YEARLY else f"{prefix}{self.number}"

    @property
    def label(self) -> str:
        return period_label(self.frequency, self.number)

    def __str__(self) -> str:
        return self.label

    @classmethod
    def parse(cls, token: str) -> "ReportingPeriod | None":
        match = _TOKEN.match((token or "").strip().lower())
        if not match:
            return None
        prefix, number = match.groups()
        if prefix is None:
            return cls(Frequency.YEARLY, 1)
        frequency = Frequency.MONTHLY if prefix == "m" else Frequency.QUARTERLY
        number = int(number)
        if not 1 <= number <= frequency.periods:
            return None
        return cls(frequency, number)


def period_of(frequency: str, number: int) -> ReportingPeriod:
    return ReportingPeriod(Frequency(frequency), number)


def periods_of(frequency: str) -> list[ReportingPeriod]:
    frequency = Frequency(frequency)
    return [ReportingPeriod(frequency, n) for n in range(1, frequency.periods + 1)]


# What officers write in the งวด column of a spreadsheet.
_THAI_PERIOD = re.compile(
    r"^(?:(?P<q>ไตรมาส(?:ที่)?|q)|(?P<m>เดือน(?:ที่)?|m)|(?P<y>ทั้งปี|รายปี|ปี|y))\s*(?P<n>\d{0,2})$"
)


def parse_period_text(text, frequency: str) -> int | None:
    """The period number of ``text`` for an indicator reported at ``frequency``.

    Accepts "2", "๒", "q2", "ไตรมาสที่ 2", "เดือนที่ 3", "ทั้งปี"; None when unreadable or
    not a period of that frequency (e.g. "เดือนที่ 3" for a quarterly indicator).
    """
    frequency = Frequency(frequency)
    cleaned = arabic_digits(str(text if text is not None else "")).strip().lower()
    cleaned = cleaned.removesuffix(".0")  # a number cell read from Excel as 2.0
    if cleaned.isdigit():
        number = int(cleaned)
    else:
        match = _THAI_PERIOD.match(cleaned.replace(" ", ""))
        if not match:
            return None
        given = (
            Frequency.QUARTERLY
            if match["q"]
            else Frequency.MONTHLY
            if match["m"]
            else Frequency.YEARLY
        )
        if given != frequency:
            return None
        number = int(match["n"]) if match["n"] else (1 if given == Frequency.YEARLY else 0)
    return number if 1 <= number <= frequency.periods else None


def current_period(frequency: str, fiscal_year: int, today=None) -> ReportingPeriod:
    """The period officers report on now: the running one in the current fiscal year,
    the last one of a past year, the first one of a future year."""
    frequency = Frequency(frequency)
    today = today or timezone.localdate()
    this_year = current_fiscal_year()
    if fiscal_year < this_year:
        return ReportingPeriod(frequency, frequency.periods)
    if fiscal_year > this_year or frequency == Frequency.YEARLY:
        return ReportingPeriod(frequency, 1)
    periods = fiscal_quarters(fiscal_year) if frequency == Frequency.QUARTERLY else None
    periods = periods or fiscal_months(fiscal_year)
    number = next((p.number for p in periods if today in p), 1)
    return ReportingPeriod(frequency, number)


# --- Provinces -------------------------------------------------------------------------


def province_choices(*, user, action: Action = Action.VIEW) -> QuerySet[Province]:
    return Province.objects.for_user(user, action).order_by("name_th")


def chosen_province(*, user, code: str | None, action: Action = Action.VIEW) -> Province | None:
    """The province a page is about: a provincial user's own (whatever was asked for),
    or, for a national user, the one chosen (404 outside their scope); None if none."""
    if user.province_id and not user.is_administrator:
        return Province.objects.for_user(user, action).filter(pk=user.province_id).first()
    if not code:
        return None
    province = province_choices(user=user, action=action).filter(pk=code).first()
    if province is None:
        raise Http404
    return province


# --- Frameworks ------------------------------------------------------------------------


def program_fiscal_years(*, program: Program) -> list[int]:
    """The fiscal years a program has a results framework for, newest first."""
    years = Objective.objects.filter(program=program).values_list("fiscal_year", flat=True)
    return sorted(set(years), reverse=True)


def runs_program(*, program: Program, province: Province) -> bool:
    """A program listing no province runs in every province."""
    provinces = program.provinces.all()
    return not provinces.exists() or provinces.filter(pk=province.pk).exists()


def applicable_to(*, program: Program, province: Province | None) -> Q:
    """Indicators a province reports on: its own, and the shared ones of a program it runs."""
    if province is None:
        return Q(province__isnull=True)
    if runs_program(program=program, province=province):
        return Q(province=province) | Q(province__isnull=True)
    return Q(province=province)


def framework_indicators(
    *, user, program: Program, fiscal_year: int, province: Province | None
) -> QuerySet[Indicator]:
    """The indicators of a program's framework for one fiscal year, as ``user`` may see
    them for ``province`` (None: the shared indicators only)."""
    return (
        Indicator.objects.for_user(user, Action.VIEW)
        .filter(objective__program=program, objective__fiscal_year=fiscal_year)
        .filter(applicable_to(program=program, province=province))
        .select_related("objective", "lead_agency", "province")
        .prefetch_related("co_agencies", "grade_bands")
        .order_by("objective__number", "order", "code")
    )


def framework_objectives(*, program: Program, fiscal_year: int) -> QuerySet[Objective]:
    return Objective.objects.filter(program=program, fiscal_year=fiscal_year).order_by("number")


def latest_results(*, user, indicators, province: Province | None) -> dict[int, IndicatorResult]:
    """The latest reported period of each indicator for ``province``: {indicator id: result}."""
    if province is None:
        return {}
    results = (
        IndicatorResult.objects.for_user(user, Action.VIEW)
        .filter(indicator__in=list(indicators), province=province)
        .with_approval()
        .order_by("indicator_id", "-period")
    )
    latest: dict[int, IndicatorResult] = {}
    for result in results:
        latest.setdefault(result.indicator_id, result)
    return latest


def period_results(
    *, user, indicators, province: Province, period: int
) -> dict[int, IndicatorResult]:
    results = (
        IndicatorResult.objects.for_user(user, Action.VIEW)
        .filter(indicator__in=list(indicators), province=province, period=period)
        .select_related("entered_by")
    )
    return {result.indicator_id: result for result in results}


def entry_indicators(
    *, user, program: Program, fiscal_year: int, province: Province, frequency: str
) -> list[Indicator]:
    """The rows of the results-entry screen: indicators reported at ``frequency``."""
    return list(
        framework_indicators(
            user=user, program=program, fiscal_year=fiscal_year, province=province
        ).filter(frequency=frequency)
    )


_FREQUENCY_ORDER = [Frequency.QUARTERLY, Frequency.MONTHLY, Frequency.YEARLY]


def frequencies_of(indicators) -> list[Frequency]:
    """The reporting frequencies of ``indicators``, quarterly first (the usual one)."""
    used = {indicator.frequency for indicator in indicators}
    return [frequency for frequency in _FREQUENCY_ORDER if frequency in used]


def entry_frequencies(
    *, user, program: Program, fiscal_year: int, province: Province | None
) -> list[Frequency]:
    """The reporting frequencies used in a framework for a province."""
    used = set(
        framework_indicators(
            user=user, program=program, fiscal_year=fiscal_year, province=province
        ).values_list("frequency", flat=True)
    )
    return [frequency for frequency in _FREQUENCY_ORDER if frequency in used]


def indicator_results(*, user, indicator: Indicator, province: Province) -> QuerySet:
    return (
        IndicatorResult.objects.for_user(user, Action.VIEW)
        .filter(indicator=indicator, province=province)
        .select_related("entered_by")
        .prefetch_related("attachments")
        .order_by("period")
    )
