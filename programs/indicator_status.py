"""The one rule that turns a result into the status dashboards show.

    higher is better  on track: value ≥ target      at risk: ≥ target − margin
    lower is better   on track: value ≤ target      at risk: ≤ target + margin
    target range      on track: inside the range    at risk: outside by ≤ margin

The margin is ``at_risk_margin`` percent of the target (of the range's bounds for a
range). A cumulative indicator (a yearly total reported to date) is compared with
the share of its target due by the end of the period: Q2 of a quarterly indicator
is held to half of the year's target.
"""

from decimal import Decimal

from programs.models import Direction, Frequency, Indicator, IndicatorStatus

HUNDRED = Decimal(100)


def period_target(indicator: Indicator, period: int) -> tuple[Decimal, Decimal | None]:
    """The target (and upper bound, for ranges) a result of ``period`` is held to."""
    if not indicator.is_cumulative:
        return indicator.target, indicator.target_max
    share = Decimal(period) / Decimal(Frequency(indicator.frequency).periods)
    upper = indicator.target_max * share if indicator.target_max is not None else None
    return indicator.target * share, upper


def indicator_status(indicator: Indicator, value: Decimal | None, period: int) -> IndicatorStatus:
    if value is None:
        return IndicatorStatus.NO_DATA
    target, upper = period_target(indicator, period)
    margin_share = indicator.at_risk_margin / HUNDRED
    direction = Direction(indicator.direction)

    if direction is Direction.HIGHER:
        if value >= target:
            return IndicatorStatus.ON_TRACK
        at_risk = value >= target - abs(target) * margin_share
    elif direction is Direction.LOWER:
        if value <= target:
            return IndicatorStatus.ON_TRACK
        at_risk = value <= target + abs(target) * margin_share
    else:
        if target <= value <= upper:
            return IndicatorStatus.ON_TRACK
        at_risk = target - abs(target) * margin_share <= value <= upper + abs(upper) * margin_share
    return IndicatorStatus.AT_RISK if at_risk else IndicatorStatus.OFF_TRACK


def grade_of(indicator: Indicator, score: Decimal | None) -> str:
    """The grade band a score falls in (ITA: 96.28 → "AA"), or "" when none."""
    if score is None:
        return ""
    for band in indicator.grade_bands.all():  # ordered from the highest band down
        if score >= band.min_score:
            return band.grade
    return ""
