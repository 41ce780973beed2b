"""indicator_result_save and indicator_results_save: how a result is computed, checked,
stored once per period and recorded in the change history."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from audit.history import history_entries
from programs.models import IndicatorResult, IndicatorStatus
from programs.services.indicators import (
    ResultEntry,
    ResultRowsInvalid,
    SaveOutcome,
    indicator_result_save,
    indicator_result_save_counted,
    indicator_results_save,
)
from tests.programs.factories import IndicatorFactory

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def coverage(province_a):
    """Members as a share of the 6–24 population (seed 000: 98.03 %)."""
    return IndicatorFactory(
        code="TB-1", kind="percentage", unit="ร้อยละ", target=80, frequency="yearly"
    )


@pytest.fixture
def village_plans(province_a):
    """ร้อยใจรักษ์: village plans done out of the villages in the program (13 of 47)."""
    return IndicatorFactory(code="RJR-1", kind="count_of", unit="หมู่บ้าน", target=47)


def test_percentage_is_numerator_over_denominator_times_100_rounded(
    coverage, province_a, officer_a
):
    result = indicator_result_save(
        indicator=coverage,
        province=province_a,
        period=1,
        numerator=D("283246"),
        denominator=D("288931"),
        entered_by=officer_a,
    )

    assert result.value == D("98.03")
    assert (result.numerator, result.denominator) == (D("283246"), D("288931"))
    assert result.status == IndicatorStatus.ON_TRACK


def test_percentage_rounds_half_up(coverage, province_a, officer_a):
    # 1 / 8 = 12.5 % exactly; 1 / 800 = 0.125 % → 0.13, not the banker's 0.12.
    result = indicator_result_save(
        indicator=coverage,
        province=province_a,
        period=1,
        numerator=D(1),
        denominator=D(800),
        entered_by=officer_a,
    )

    assert result.value == D("0.13")


def test_count_of_keeps_the_numerator_as_value_and_the_denominator(
    village_plans, province_a, officer_a
):
    result = indicator_result_save(
        indicator=village_plans,
        province=province_a,
        period=2,
        numerator=D(13),
        denominator=D(47),
        entered_by=officer_a,
    )

    assert result.value == D(13)
    assert result.denominator == D(47)
    assert result.status == IndicatorStatus.OFF_TRACK


def test_status_comes_from_the_one_rule(province_a, officer_a):
    revenue = IndicatorFactory(kind="amount", unit="ล้านบาท", target=1887, frequency="yearly")

    result = indicator_result_save(
        indicator=revenue, province=province_a, period=1, value=D("1700"), entered_by=officer_a
    )

    assert result.status == IndicatorStatus.AT_RISK  # within 10 % below 1,887


def test_second_save_of_a_period_updates_the_same_row_and_history_shows_before_and_after(
    province_a, officer_a, admin_user
):
    indicator = IndicatorFactory(target=100)
    indicator_result_save(
        indicator=indicator, province=province_a, period=1, value=D(50), entered_by=officer_a
    )

    result = indicator_result_save(
        indicator=indicator, province=province_a, period=1, value=D(120), entered_by=admin_user
    )

    assert IndicatorResult.objects.filter(indicator=indicator).count() == 1
    assert result.entered_by == admin_user
    latest, first = history_entries(result)
    assert first.user == officer_a and latest.user == admin_user
    changes = {change.label: (change.old, change.new) for change in latest.changes}
    old, new = changes["ผลการดำเนินงาน"]
    assert (D(old), D(new)) == (D(50), D(120))
    assert changes["สถานะ"] == ("ต่ำกว่าเป้าหมาย", "ตามเป้าหมาย")


def test_same_figures_again_change_nothing_not_even_the_author(province_a, officer_a, admin_user):
    indicator = IndicatorFactory(target=100)
    first, outcome = indicator_result_save_counted(
        indicator=indicator, province=province_a, period=1, value=D(90), entered_by=officer_a
    )
    assert outcome == SaveOutcome.CREATED

    again, outcome = indicator_result_save_counted(
        indicator=indicator, province=province_a, period=1, value=D("90.0"), entered_by=admin_user
    )

    assert outcome == SaveOutcome.UNCHANGED
    again.refresh_from_db()
    assert again.entered_by == officer_a
    assert again.history.count() == 1


@pytest.mark.parametrize(
    ("figures", "field"),
    [
        ({"numerator": D(5), "denominator": D(0)}, "denominator"),
        ({"numerator": D(5), "denominator": D(-3)}, "denominator"),
        ({"numerator": D(5)}, "denominator"),
        ({"denominator": D(5)}, "numerator"),
        ({"numerator": D(-1), "denominator": D(5)}, "numerator"),
        ({}, "value"),
    ],
)
def test_percentage_refuses_what_cannot_be_a_share(coverage, province_a, officer_a, figures, field):
    with pytest.raises(ValidationError) as refused:
        indicator_result_save(
            indicator=coverage, province=province_a, period=1, entered_by=officer_a, **figures
        )

    assert field in refused.value.message_dict
    assert not IndicatorResult.objects.exists()


def test_count_of_refuses_more_done_than_there_are(village_plans, province_a, officer_a):
    with pytest.raises(ValidationError) as refused:
        indicator_result_save(
            indicator=village_plans,
            province=province_a,
            period=1,
            numerator=D(48),
            denominator=D(47),
            entered_by=officer_a,
        )

    assert refused.value.message_dict["numerator"] == ["ตัวตั้งต้องไม่เกินตัวหาร"]


def test_period_beyond_the_frequency_is_refused(coverage, province_a, officer_a):
    with pytest.raises(ValidationError) as refused:
        indicator_result_save(
            indicator=coverage, province=province_a, period=2, value=D(1), entered_by=officer_a
        )

    assert "period" in refused.value.message_dict


def test_indicator_of_another_province_cannot_take_a_result(province_a, province_b, officer_a):
    theirs = IndicatorFactory(province=province_b)

    with pytest.raises(ValidationError) as refused:
        indicator_result_save(
            indicator=theirs, province=province_a, period=1, value=D(1), entered_by=officer_a
        )

    assert "indicator" in refused.value.message_dict


def test_many_rows_are_saved_together_with_counts(province_a, officer_a):
    first, second = IndicatorFactory(target=10), IndicatorFactory(target=20)
    indicator_result_save(
        indicator=second, province=province_a, period=1, value=D(3), entered_by=officer_a
    )

    counts = indicator_results_save(
        entries=[
            ResultEntry(indicator=first, period=1, value=D(10), row=0),
            ResultEntry(indicator=second, period=1, value=D(4), row=1),
        ],
        province=province_a,
        entered_by=officer_a,
    )

    assert counts[SaveOutcome.CREATED] == 1
    assert counts[SaveOutcome.UPDATED] == 1
    assert IndicatorResult.objects.get(indicator=second).value == D(4)


def test_one_bad_row_keeps_every_row_out(province_a, officer_a, coverage):
    good = IndicatorFactory(target=10)

    with pytest.raises(ResultRowsInvalid) as refused:
        indicator_results_save(
            entries=[
                ResultEntry(indicator=good, period=1, value=D(10), row=3),
                ResultEntry(indicator=coverage, period=1, numerator=D(1), denominator=D(0), row=7),
            ],
            province=province_a,
            entered_by=officer_a,
        )

    assert list(refused.value.errors) == [7]
    assert not IndicatorResult.objects.exists()


def test_a_share_too_large_to_store_is_refused_in_thai(coverage, province_a, officer_a):
    with pytest.raises(ValidationError) as refused:
        indicator_result_save(
            indicator=coverage,
            province=province_a,
            period=1,
            numerator=D("99999999999999"),
            denominator=D("0.0001"),
            entered_by=officer_a,
        )

    assert refused.value.message_dict["denominator"] == ["ร้อยละที่คำนวณได้มีค่ามากเกินไป"]
