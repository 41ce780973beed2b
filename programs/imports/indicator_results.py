"""Import of indicator results from Excel (.xlsx) or CSV with Thai headers.

    รหัสตัวชี้วัด | ปีงบประมาณ | งวด | ผลการดำเนินงาน | ตัวตั้ง | ตัวหาร | หมายเหตุ | (โครงการ)

One province per file. Every row is checked and every error reported with its row
number; a file with any error changes nothing. A clean file is recorded through
``indicator_results_save`` (the same service as the results-entry screen), so a
second import of the same file changes nothing and reports every row as unchanged.
The optional โครงการ column (slug or name) tells apart indicators of two programs
that share a code in the same fiscal year.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from core.imports import ImportCounts, Problem, rehearse
from core.scoping import Action
from core.spreadsheets import Formula, SpreadsheetError, read_spreadsheet
from programs.models import Indicator, Province
from programs.selectors.indicators import (
    current_period,
    parse_period_text,
    period_of,
    runs_program,
)
from programs.services.indicators import (
    ResultEntry,
    ResultRowsInvalid,
    SaveOutcome,
    indicator_results_save,
    result_value,
)
from thai.fiscal_year import parse_fiscal_year
from thai.numbers import parse_decimal

COLUMNS = {
    "code": "รหัสตัวชี้วัด",
    "fiscal_year": "ปีงบประมาณ",
    "period": "งวด",
    "value": "ผลการดำเนินงาน",
    "numerator": "ตัวตั้ง",
    "denominator": "ตัวหาร",
    "evidence_note": "หมายเหตุ",
    "program": "โครงการ",
}
REQUIRED = ("code", "fiscal_year", "period")
# Headers as officers also write them.
ALIASES = {
    "ปีงบประมาณ(พ.ศ.)": "fiscal_year",
    "ปี": "fiscal_year",
    "ผลการดำเนินงาน(ค่า)": "value",
    "ผล": "value",
    "หลักฐาน/หมายเหตุ": "evidence_note",
    "หลักฐาน": "evidence_note",
}
FIELD_LABELS = {
    "value": COLUMNS["value"],
    "numerator": COLUMNS["numerator"],
    "denominator": COLUMNS["denominator"],
    "evidence_note": COLUMNS["evidence_note"],
    "period": COLUMNS["period"],
    "indicator": COLUMNS["code"],
}


@dataclass(frozen=True)
class PlannedResult:
    """What the import does with one row: ``action`` is a SaveOutcome."""

    row: int
    code: str
    name: str
    period: str
    value: Decimal | None
    action: str


@dataclass
class ImportReport(ImportCounts):
    errors: list[Problem] = field(default_factory=list)
    planned: list[PlannedResult] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def problems(self) -> list[Problem]:
        return self.errors


def indicator_results_import(
    *, data: bytes, province: Province, user, dry_run: bool = False
) -> ImportReport:
    """Read ``data`` and record its results for ``province`` as ``user``, all or nothing.
    ``dry_run``: the same, through the same service, rolled back: what would be created,
    updated or left, row by row, and every problem (a locked period's too); nothing kept."""
    report = ImportReport(dry_run=dry_run)
    if not Province.objects.for_user(user, Action.CHANGE).filter(pk=province.pk).exists():
        report.errors.append(Problem(0, "", _("คุณไม่มีสิทธิ์บันทึกผลของจังหวัดนี้")))
        return report
    try:
        sheet = read_spreadsheet(data, header_marker=COLUMNS["code"])
    except SpreadsheetError as error:
        report.errors.append(Problem(0, "", error.message))
        return report

    positions = _column_positions(sheet.headers)
    missing = [COLUMNS[name] for name in REQUIRED if name not in positions]
    if missing:
        report.errors.append(
            Problem(
                sheet.header_row,
                "",
                _("ไม่พบคอลัมน์ %(columns)s") % {"columns": ", ".join(f"“{m}”" for m in missing)},
            )
        )
        return report
    if not sheet.rows:
        report.errors.append(Problem(0, "", _("ไม่มีข้อมูลในไฟล์")))
        return report

    lookup = _IndicatorLookup(user=user, province=province)
    entries: list[ResultEntry] = []
    seen: dict[tuple[int, int], int] = {}
    for number, cells in sheet.rows:
        row = {name: _cell(cells, index) for name, index in positions.items()}
        errors: list[str] = []
        entry = _entry(row, number, lookup, errors)
        if entry is not None and not errors:
            key = (entry.indicator.pk, entry.period)
            if key in seen:
                errors.append(_("ตัวชี้วัดและงวดนี้ซ้ำกับแถวที่ %(row)s") % {"row": seen[key]})
            else:
                seen[key] = number
                entries.append(entry)
        report.errors += [Problem(number, "", message) for message in errors]
    if report.errors:
        return report

    outcomes: dict[int, SaveOutcome] = {}

    def save() -> Counter:
        return indicator_results_save(
            entries=entries, province=province, entered_by=user, outcomes=outcomes
        )

    try:
        counts = rehearse(save) if dry_run else save()
    except ResultRowsInvalid as invalid:
        for number, error in sorted(invalid.errors.items()):
            report.errors += [Problem(number, "", message) for message in _messages(error)]
        return report
    report.planned = [
        PlannedResult(
            row=entry.row, code=entry.indicator.code, name=entry.indicator.name,
            period=period_of(entry.indicator.frequency, entry.period).label,
            value=result_value(
                indicator=entry.indicator, value=entry.value, numerator=entry.numerator,
                denominator=entry.denominator,
            ),
            action=outcomes[entry.row],
        )
        for entry in entries
    ]  # fmt: skip
    report.created = counts[SaveOutcome.CREATED]
    report.updated = counts[SaveOutcome.UPDATED]
    report.unchanged = counts[SaveOutcome.UNCHANGED]
    return report


def template_rows(*, user, province: Province | None, fiscal_year: int) -> list[dict]:
    """One row per indicator the province reports on in ``fiscal_year``, for the period
    due now, with the figures left blank: the file officers fill in and import back."""
    indicators = (
        Indicator.objects.for_user(user, Action.VIEW)
        .filter(objective__fiscal_year=fiscal_year)
        .filter(Q(province=province) | Q(province__isnull=True) if province else Q(province=None))
        .select_related("objective__program")
        .order_by("objective__program__pk", "objective__number", "order", "code")
    )
    rows = []
    runs: dict[int, bool] = {}
    for indicator in indicators:
        program = indicator.objective.program
        if province is not None and indicator.province_id is None:
            if program.pk not in runs:
                runs[program.pk] = runs_program(program=program, province=province)
            if not runs[program.pk]:
                continue
        rows.append(
            {
                "code": indicator.code,
                "fiscal_year": fiscal_year,
                "period": current_period(indicator.frequency, fiscal_year).number,
                "program": program.slug,
                "name": indicator.name,
                "unit": indicator.unit,
                "kind": indicator.get_kind_display(),
            }
        )
    return rows


def _normalise(header: str) -> str:
    return "".join(str(header).split()).rstrip("*").strip()


def _column_positions(headers: list[str]) -> dict[str, int]:
    by_header = {_normalise(thai): name for name, thai in COLUMNS.items()}
    by_header.update(ALIASES)
    positions: dict[str, int] = {}
    for index, header in enumerate(headers):
        name = by_header.get(_normalise(header))
        if name and name not in positions:
            positions[name] = index
    return positions


def _cell(cells: list, index: int):
    value = cells[index] if index < len(cells) else None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


class _IndicatorLookup:
    """The indicators the province reports on, found by code and fiscal year."""

    def __init__(self, *, user, province: Province):
        indicators = (
            Indicator.objects.for_user(user, Action.VIEW)
            .filter(Q(province=province) | Q(province__isnull=True))
            .select_related("objective__program")
        )
        self.by_key: dict[tuple[str, int], list[Indicator]] = defaultdict(list)
        runs: dict[int, bool] = {}
        for indicator in indicators:
            program = indicator.objective.program
            if indicator.province_id is None:
                if program.pk not in runs:
                    runs[program.pk] = runs_program(program=program, province=province)
                if not runs[program.pk]:
                    continue
            self.by_key[(indicator.code.casefold(), indicator.objective.fiscal_year)].append(
                indicator
            )

    def find(
        self, code: str, fiscal_year: int, program: str | None
    ) -> tuple[Indicator | None, str]:
        candidates = self.by_key.get((code.casefold(), fiscal_year), [])
        if program:
            wanted = program.casefold()
            candidates = [
                i
                for i in candidates
                if wanted
                in {
                    i.objective.program.slug.casefold(),
                    i.objective.program.name_th.casefold(),
                    (i.objective.program.short_name or "").casefold(),
                }
            ]
        if not candidates:
            return None, _("ไม่พบตัวชี้วัดรหัส “%(code)s” ของปีงบประมาณ %(year)s ที่จังหวัดนี้รายงาน") % {
                "code": code,
                "year": fiscal_year,
            }
        if len(candidates) > 1:
            return None, _(
                "รหัสตัวชี้วัด “%(code)s” มีมากกว่าหนึ่งตัวในปีงบประมาณ %(year)s กรุณาระบุคอลัมน์ “โครงการ”"
            ) % {"code": code, "year": fiscal_year}
        return candidates[0], ""


def _entry(row: dict, number: int, lookup: _IndicatorLookup, errors: list[str]):
    for name, value in row.items():
        if isinstance(value, Formula):
            errors.append(
                _("คอลัมน์ “%(column)s” เป็นสูตร กรุณาวางเป็นค่า (Paste Values)")
                % {"column": COLUMNS[name]}
            )
    if errors:
        return None
    for name in REQUIRED:
        if row.get(name) is None:
            errors.append(_("กรุณากรอก “%(column)s”") % {"column": COLUMNS[name]})
    if errors:
        return None

    fiscal_year = _fiscal_year(row["fiscal_year"], errors)
    figures = {}
    for name in ("value", "numerator", "denominator"):
        figures[name] = _number(row.get(name), COLUMNS[name], errors)
    if fiscal_year is None or errors:
        return None

    code = str(row["code"]).strip()
    indicator, problem = lookup.find(code, fiscal_year, _text(row.get("program")))
    if indicator is None:
        errors.append(problem)
        return None
    period = parse_period_text(row["period"], indicator.frequency)
    if period is None:
        errors.append(
            _("งวด “%(period)s” ไม่ใช่งวดของตัวชี้วัดที่รายงาน%(frequency)s")
            % {"period": row["period"], "frequency": indicator.get_frequency_display()}
        )
        return None
    if all(value is None for value in figures.values()):
        errors.append(
            _("กรุณากรอก “%(value)s” หรือ “%(numerator)s” และ “%(denominator)s”")
            % {
                "value": COLUMNS["value"],
                "numerator": COLUMNS["numerator"],
                "denominator": COLUMNS["denominator"],
            }
        )
        return None
    try:
        # The rule of the indicator's kind, checked now so that every row's errors are
        # listed together (the service checks again when saving).
        result_value(indicator=indicator, **figures)
    except ValidationError as error:
        errors.extend(_messages(error))
        return None
    return ResultEntry(
        indicator=indicator,
        period=period,
        evidence_note=_text(row.get("evidence_note")) or "",
        row=number,
        **figures,
    )


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() or None


def _number(value, column: str, errors: list[str]) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool | datetime.date):
        errors.append(_("“%(column)s” ต้องเป็นตัวเลข") % {"column": column})
        return None
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        try:
            number = parse_decimal(str(value))
        except ValidationError as error:
            errors.append(
                _("“%(column)s”: %(message)s") % {"column": column, "message": error.messages[0]}
            )
            return None
    if abs(number) >= Decimal(10) ** 14:
        errors.append(_("“%(column)s” มีค่ามากเกินไป") % {"column": column})
        return None
    if number.as_tuple().exponent < -4:
        errors.append(_("“%(column)s” มีทศนิยมเกิน 4 ตำแหน่ง") % {"column": column})
        return None
    return number


def _fiscal_year(value, errors: list[str]) -> int | None:
    try:
        return parse_fiscal_year(value if isinstance(value, int | float) else _text(value) or "")
    except ValidationError as error:
        errors.append(_("“ปีงบประมาณ”: %(problem)s") % {"problem": error.messages[0]})
        return None


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [
            f"{FIELD_LABELS[name]}: {message}" if name in FIELD_LABELS else message
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return list(error.messages)
