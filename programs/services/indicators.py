"""Writes of results frameworks: indicators with their grade bands, and results per period."""

from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.uploads import cleaned_upload
from programs.indicator_status import indicator_status
from programs.models import Indicator, IndicatorAttachment, IndicatorKind, IndicatorResult, Province
from programs.services.approvals import PeriodKey, entry_lock_check

HUNDRED = Decimal(100)
TWO_PLACES = Decimal("0.01")
MAX_VALUE = Decimal(10) ** 14  # IndicatorResult.value holds 14 digits before the point


class SaveOutcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


# Fields compared to tell an update from a re-submission of the same figures.
_RESULT_FIELDS = ("value", "numerator", "denominator", "evidence_note", "status")


def result_value(
    *,
    indicator: Indicator,
    value: Decimal | None,
    numerator: Decimal | None,
    denominator: Decimal | None,
) -> Decimal:
    """The figure a result reports, as its indicator's kind reads it.

    Percentage: numerator ÷ denominator × 100 (two places, half up) when both are
    given. Count of a denominator (13 of 47): the numerator. Otherwise the value typed.
    """
    if numerator is not None and numerator < 0:
        raise ValidationError({"numerator": _("ตัวตั้งต้องไม่ติดลบ")})
    if denominator is not None and denominator <= 0:
        raise ValidationError({"denominator": _("ตัวหารต้องมากกว่าศูนย์")})
    if indicator.kind == IndicatorKind.PERCENTAGE and (numerator, denominator) != (None, None):
        if numerator is None:
            raise ValidationError({"numerator": _("กรุณากรอกตัวตั้ง")})
        if denominator is None:
            raise ValidationError({"denominator": _("กรุณากรอกตัวหาร")})
        share = (numerator / denominator * HUNDRED).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
        if share >= MAX_VALUE:
            raise ValidationError({"denominator": _("ร้อยละที่คำนวณได้มีค่ามากเกินไป")})
        return share
    if indicator.kind == IndicatorKind.COUNT_OF and numerator is not None:
        if denominator is not None and numerator > denominator:
            raise ValidationError({"numerator": _("ตัวตั้งต้องไม่เกินตัวหาร")})
        return numerator
    if value is None:
        field = "numerator" if indicator.kind == IndicatorKind.COUNT_OF else "value"
        raise ValidationError({field: _("กรุณากรอกผลการดำเนินงาน")})
    return value


@transaction.atomic
def indicator_result_save_counted(
    *,
    indicator: Indicator,
    province: Province,
    period: int,
    value: Decimal | None = None,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    evidence_note: str = "",
    entered_by,
) -> tuple[IndicatorResult, SaveOutcome]:
    """``indicator_result_save`` that also says whether the row was created, updated or
    left as it was (imports report these counts)."""
    if indicator.kind == IndicatorKind.COUNT_OF and numerator is None:
        numerator = value  # "13" typed as the value of "13 of 47" is its numerator
    value = result_value(
        indicator=indicator, value=value, numerator=numerator, denominator=denominator
    )
    result = (
        IndicatorResult.objects.select_for_update()
        .filter(indicator=indicator, province=province, period=period)
        .first()
    )
    created = result is None
    if created:
        result = IndicatorResult(indicator=indicator, province=province, period=period)
    before = {name: getattr(result, name) for name in _RESULT_FIELDS}
    result.value = value
    result.numerator = numerator
    result.denominator = denominator
    result.evidence_note = (evidence_note or "").strip()
    result.status = indicator_status(indicator, value, period)
    if not created and _same(before, result):
        # Submitting the same figures again is not a change: no history, no new author.
        return result, SaveOutcome.UNCHANGED
    # An approved, submitted or closed period refuses the change, wherever it comes from.
    entry_lock_check(
        PeriodKey(
            indicator.objective.program,
            province,
            indicator.objective.fiscal_year,
            indicator.frequency,
            period,
        )  # fmt: skip
    )
    result.entered_by = entered_by
    result.full_clean()
    # Recorded as the author of the change even outside a request (imports, commands).
    result._history_user = entered_by
    result.save()
    return result, SaveOutcome.CREATED if created else SaveOutcome.UPDATED


def indicator_result_save(
    *,
    indicator: Indicator,
    province: Province,
    period: int,
    value: Decimal | None = None,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    evidence_note: str = "",
    entered_by,
) -> IndicatorResult:
    """Record what ``province`` reached on ``indicator`` in ``period`` (one row per
    indicator, province and period: a second save updates it, and the change history
    keeps before → after). The status is derived by ``indicator_status``."""
    result, _outcome = indicator_result_save_counted(
        indicator=indicator,
        province=province,
        period=period,
        value=value,
        numerator=numerator,
        denominator=denominator,
        evidence_note=evidence_note,
        entered_by=entered_by,
    )
    return result


@dataclass
class ResultEntry:
    """One figure to record; ``row`` says where it came from (a table or spreadsheet row)."""

    indicator: Indicator
    period: int
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    evidence_note: str = ""
    row: int = 0


class ResultRowsInvalid(Exception):
    """Some rows were refused, so none was kept; ``errors`` maps a row to its error."""

    def __init__(self, errors: dict[int, ValidationError]):
        super().__init__(f"{len(errors)} rows refused")
        self.errors = errors


@transaction.atomic
def indicator_results_save(
    *, entries: list[ResultEntry], province: Province, entered_by,
    outcomes: dict[int, SaveOutcome] | None = None,
) -> Counter:  # fmt: skip
    """Record a period's results for a province all together, or none of them.

    Every row is checked, so that all the errors can be shown at once; if any row is
    refused the rows already written are rolled back and ResultRowsInvalid is raised.
    Returns the number of rows per SaveOutcome; ``outcomes``, when given, gets each
    entry's by its row (what an import's check shows row by row).
    """
    counts: Counter = Counter({outcome: 0 for outcome in SaveOutcome})
    errors: dict[int, ValidationError] = {}
    for entry in entries:
        try:
            _result, outcome = indicator_result_save_counted(
                indicator=entry.indicator,
                province=province,
                period=entry.period,
                value=entry.value,
                numerator=entry.numerator,
                denominator=entry.denominator,
                evidence_note=entry.evidence_note,
                entered_by=entered_by,
            )
        except ValidationError as error:
            errors[entry.row] = error
        else:
            counts[outcome] += 1
            if outcomes is not None:
                outcomes[entry.row] = outcome
    if errors:
        raise ResultRowsInvalid(errors)
    return counts


def _same(before: dict, result: IndicatorResult) -> bool:
    # Decimals compare by value: 13 typed equals the 13.0000 stored.
    return all(getattr(result, name) == old for name, old in before.items())


@transaction.atomic
def indicator_save(*, indicator: Indicator, co_agencies=None, grade_bands=None) -> Indicator:
    """Create or change an indicator, its co-agencies and its grade bands (a validated
    inline formset) in one step."""
    indicator.full_clean()
    indicator.save()
    if co_agencies is not None:
        indicator.co_agencies.set(co_agencies)
    if grade_bands is not None:
        grade_bands.instance = indicator
        grade_bands.save()
    return indicator


@transaction.atomic
def indicator_attachment_add(*, result: IndicatorResult, file, uploaded_by) -> IndicatorAttachment:
    """Evidence checked from its bytes, with a safe name, images without metadata
    (core.uploads); a refused file raises ValidationError in Thai."""
    indicator = result.indicator
    entry_lock_check(
        PeriodKey(
            indicator.objective.program,
            result.province,
            indicator.objective.fiscal_year,
            indicator.frequency,
            result.period,
        )  # fmt: skip
    )
    kind, cleaned = cleaned_upload(file)
    attachment = IndicatorAttachment(
        result=result,
        file=cleaned,
        original_name=cleaned.name,
        content_type=kind.content_type,
        uploaded_by=uploaded_by,
    )
    attachment.full_clean()
    attachment.save()
    return attachment
