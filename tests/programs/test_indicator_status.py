"""The one status rule (programs/indicator_status.py) at its boundaries.

The rule reads only fields of the indicator, so most tests use unsaved indicators;
the grade bands need rows in the database.
"""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from programs.indicator_status import grade_of, indicator_status, period_target
from programs.models import Direction, Frequency, Indicator, IndicatorStatus
from tests.programs.factories import GradeBandFactory, IndicatorFactory

D = Decimal
ON, RISK, OFF, NONE = (
    IndicatorStatus.ON_TRACK,
    IndicatorStatus.AT_RISK,
    IndicatorStatus.OFF_TRACK,
    IndicatorStatus.NO_DATA,
)


def indicator(**fields) -> Indicator:
    defaults = {
        "direction": Direction.HIGHER,
        "target": D("100"),
        "at_risk_margin": D("10"),
        "frequency": Frequency.QUARTERLY,
        "is_cumulative": False,
    }
    return Indicator(**{**defaults, **fields})


# --- Higher is better ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("150", ON),
        ("100", ON),  # exactly at the target
        ("99.99", RISK),
        ("90", RISK),  # exactly at target − margin (10 % of 100)
        ("89.99", OFF),  # just below the margin
        ("0", OFF),
    ],
)
def test_higher_is_better_at_its_boundaries(value, expected):
    assert indicator_status(indicator(), D(value), 1) == expected


def test_phrae_tourism_revenue_above_target_is_on_track():
    # Seed 003: 2,446.88 M฿ against a target of 1,887 M฿.
    tourism = indicator(target=D("1887"), frequency=Frequency.YEARLY)

    assert indicator_status(tourism, D("2446.88"), 1) == ON


def test_margin_of_zero_leaves_no_at_risk_band():
    strict = indicator(at_risk_margin=D("0"))

    assert indicator_status(strict, D("100"), 1) == ON
    assert indicator_status(strict, D("99.99"), 1) == OFF


# --- Lower is better ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", ON),
        ("20", ON),  # exactly at the target
        ("20.01", RISK),
        ("22", RISK),  # exactly at target + margin (10 % of 20)
        ("22.01", OFF),
    ],
)
def test_lower_is_better_at_its_boundaries(value, expected):
    cases = indicator(direction=Direction.LOWER, target=D("20"))

    assert indicator_status(cases, D(value), 1) == expected


# --- Target range -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("80", ON),  # the lower bound
        ("90", ON),
        ("100", ON),  # the upper bound
        ("79.99", RISK),
        ("72", RISK),  # lower bound − 10 % of 80
        ("71.99", OFF),
        ("110", RISK),  # upper bound + 10 % of 100
        ("110.01", OFF),
    ],
)
def test_range_at_both_of_its_edges(value, expected):
    band = indicator(direction=Direction.RANGE, target=D("80"), target_max=D("100"))

    assert indicator_status(band, D(value), 1) == expected


# --- Cumulative indicators: held to the share of the year gone by ----------------------


def test_cumulative_quarterly_q2_is_held_to_half_the_yearly_target():
    clubs = indicator(target=D("400"), is_cumulative=True, frequency=Frequency.QUARTERLY)

    assert period_target(clubs, 2) == (D("200"), None)
    assert indicator_status(clubs, D("200"), 2) == ON
    assert indicator_status(clubs, D("180"), 2) == RISK  # 200 − 10 %
    assert indicator_status(clubs, D("179.99"), 2) == OFF


def test_cumulative_q4_is_held_to_the_whole_target():
    clubs = indicator(target=D("400"), is_cumulative=True)

    assert indicator_status(clubs, D("399"), 4) == RISK
    assert indicator_status(clubs, D("400"), 4) == ON


def test_cumulative_monthly_month_3_is_held_to_a_quarter_of_the_year():
    visits = indicator(target=D("120"), is_cumulative=True, frequency=Frequency.MONTHLY)

    assert period_target(visits, 3)[0] == D("30")
    assert indicator_status(visits, D("30"), 3) == ON
    assert indicator_status(visits, D("26.99"), 3) == OFF


def test_cumulative_range_prorates_both_bounds():
    band = indicator(
        direction=Direction.RANGE,
        target=D("80"),
        target_max=D("100"),
        is_cumulative=True,
        frequency=Frequency.QUARTERLY,
    )

    assert period_target(band, 2) == (D("40"), D("50"))
    assert indicator_status(band, D("45"), 2) == ON


def test_non_cumulative_indicator_is_held_to_the_full_target_in_every_period():
    share = indicator(target=D("80"))

    assert period_target(share, 1) == (D("80"), None)
    assert indicator_status(share, D("79"), 1) == RISK


# --- No data ------------------------------------------------------------------------


def test_no_value_means_no_data_whatever_the_direction():
    for direction in Direction:
        rule = indicator(direction=direction, target_max=D("120"))
        assert indicator_status(rule, None, 1) == NONE


# --- Monotonicity: a better value never has a worse status ----------------------------

RANK = {OFF: 0, RISK: 1, ON: 2}
values = st.decimals(min_value=-10_000, max_value=10_000, places=2, allow_nan=False)


@given(
    target=st.decimals(min_value=0, max_value=5_000, places=2),
    margin=st.decimals(min_value=0, max_value=50, places=2),
    smaller=values,
    larger=values,
    period=st.integers(min_value=1, max_value=4),
    cumulative=st.booleans(),
)
def test_for_higher_a_larger_value_never_has_a_worse_status(
    target, margin, smaller, larger, period, cumulative
):
    smaller, larger = sorted([smaller, larger])
    rule = indicator(target=target, at_risk_margin=margin, is_cumulative=cumulative)

    assert (
        RANK[indicator_status(rule, larger, period)]
        >= RANK[indicator_status(rule, smaller, period)]
    )


@given(
    target=st.decimals(min_value=0, max_value=5_000, places=2),
    margin=st.decimals(min_value=0, max_value=50, places=2),
    smaller=values,
    larger=values,
)
def test_for_lower_a_smaller_value_never_has_a_worse_status(target, margin, smaller, larger):
    smaller, larger = sorted([smaller, larger])
    rule = indicator(direction=Direction.LOWER, target=target, at_risk_margin=margin)

    assert RANK[indicator_status(rule, smaller, 1)] >= RANK[indicator_status(rule, larger, 1)]


# --- Grade bands (ITA) ----------------------------------------------------------------


@pytest.fixture
def ita(db):
    score = IndicatorFactory(kind="score", code="ITA", name="คะแนน ITA", target=85)
    for grade, minimum in [("AA", 95), ("A", 85), ("B", 75), ("C", 65), ("D", 55), ("E", 50)]:
        GradeBandFactory(indicator=score, grade=grade, min_score=minimum)
    return score


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        ("96.28", "AA"),  # Phrae's ITA score in seed 003
        ("100", "AA"),
        ("95", "AA"),  # exactly at the AA bound
        ("94.99", "A"),
        ("85", "A"),
        ("84.99", "B"),
        ("75", "B"),
        ("50", "E"),
        ("49.99", ""),  # below the lowest band: no grade
    ],
)
def test_grade_of_ita_scores(ita, score, grade):
    assert grade_of(ita, D(score)) == grade


def test_grade_of_no_score_is_empty(ita):
    assert grade_of(ita, None) == ""
