"""Import of a rubric from a structured file — the ``rubric_import`` page and
``manage.py import_rubric`` both come here.

Two kinds of file:

* YAML::

    components:
      - title: การรณรงค์
        criteria:
          - {text: มีการรณรงค์อย่างต่อเนื่อง, max_points: 0.5, guidance: ..., evidence: ...}
    bands: {ดีเด่น: 2, ระดับทอง: 3}      # optional: tier label or number → minimum score

* Excel (.xlsx) or CSV, read by ``core.spreadsheets`` (which refuses
  formulas, oversized and unreadable files): a sheet with the columns องค์ประกอบ |
  ประเด็นการประเมิน | คะแนนเต็ม | คำอธิบายการให้คะแนน | หลักฐานที่ควรมี, where a row whose
  component cell is blank continues the component above; and, in an .xlsx, an optional
  sheet ระดับ | คะแนนขั้นต่ำ.

Every problem is reported at once, each with its row (or place in the YAML), and a file
with any problem writes nothing. A good file becomes a DRAFT: version 1, or the next
version when the program, year, level and club type have one already; an administrator
reviews it and publishes it.
"""

from dataclasses import dataclass, field
from decimal import Decimal

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.imports import CellProblem, refuse_formula, rehearse
from core.spreadsheets import Formula, SpreadsheetError, read_spreadsheet
from evaluations.models import Rubric
from evaluations.services.rubrics import (
    criterion_create,
    rubric_component_create,
    rubric_create,
    tier_band_problems,
    tier_bands_set,
)
from programs.models import Tier
from thai.numbers import parse_decimal

MAX_YAML_BYTES = 1024 * 1024
MAX_CRITERIA = 500  # a rubric has a few dozen; more is a wrong file (or a YAML alias bomb)
MAX_POINTS = Decimal("9999.99")  # what the database keeps (6 digits, 2 decimals)
TITLE_LENGTH = 255
YAML_SUFFIXES = (".yaml", ".yml")

# The columns of the criteria sheet, in the template's order: key → header, aliases.
CRITERIA_COLUMNS = {
    "component": (gettext_lazy("องค์ประกอบ"), ("องค์ประกอบการประเมิน",)),
    "text": (gettext_lazy("ประเด็นการประเมิน"), ("ประเด็น", "ตัวชี้วัด")),
    "max_points": (gettext_lazy("คะแนนเต็ม"), ("คะแนน",)),
    "guidance": (gettext_lazy("คำอธิบายการให้คะแนน"), ("คำอธิบาย", "แนวทางการให้คะแนน")),
    "evidence": (gettext_lazy("หลักฐานที่ควรมี"), ("หลักฐาน", "เอกสารหลักฐาน")),
}
REQUIRED_COLUMNS = ("component", "text", "max_points")
BAND_COLUMNS = {
    "tier": (gettext_lazy("ระดับ"), ()),
    "min_score": (gettext_lazy("คะแนนขั้นต่ำ"), ()),
}


@dataclass
class CriterionRow:
    text: str
    max_points: Decimal
    guidance: str = ""
    evidence: str = ""


@dataclass
class ComponentRow:
    title: str
    where: str  # where it starts, for messages ("แถวที่ 2", "องค์ประกอบที่ 1")
    criteria: list[CriterionRow] = field(default_factory=list)
    rows: int = 0  # criterion rows read, the wrong ones too


@dataclass
class RubricImportResult:
    rubric: Rubric | None = None
    problems: list[str] = field(default_factory=list)
    components: list[ComponentRow] = field(default_factory=list)
    bands: dict[int, Decimal] = field(default_factory=dict)
    criteria_complete: bool = False  # every criterion was read: the total is the real one
    dry_run: bool = False
    version: int | None = None  # of the draft made (or, in a dry run, that would be made)

    @property
    def ok(self) -> bool:
        return self.version is not None and not self.problems

    @property
    def criteria_count(self) -> int:
        return sum(len(component.criteria) for component in self.components)


def rubric_import(
    *,
    data: bytes,
    filename: str,
    program,
    fiscal_year: int,
    entity_level: str,
    club_type: str = "",
    name: str,
    dry_run: bool = False,
) -> RubricImportResult:
    """Read ``data`` (YAML when ``filename`` ends in .yaml/.yml, else .xlsx or CSV) and,
    when every row is right, create the draft rubric it describes. ``dry_run``: the same
    through the same services, rolled back: the version it would be, or why not."""
    result = RubricImportResult(dry_run=dry_run)
    if filename.lower().endswith(YAML_SUFFIXES):
        _read_yaml(data, result)
    else:
        _read_spreadsheet(data, result)
    if not result.problems and not result.components:
        result.problems.append(_("ไม่พบประเด็นการประเมินในไฟล์"))
    if result.criteria_count > MAX_CRITERIA:
        result.problems.append(
            _("ไฟล์มีประเด็นการประเมิน %(n)s ประเด็น เกินกว่าที่รับได้ (%(max)s)")
            % {"n": result.criteria_count, "max": MAX_CRITERIA}
        )
        return result
    _check_bands(result)
    if result.problems:
        return result

    def write() -> Rubric:
        return _write(
            result,
            program=program,
            fiscal_year=fiscal_year,
            entity_level=entity_level,
            club_type=club_type,
            name=name,
        )

    try:
        rubric = rehearse(write) if dry_run else write()
    except ValidationError as error:
        result.problems.extend(error.messages)
        return result
    result.version = rubric.version
    if not dry_run:
        result.rubric = rubric
    return result


@transaction.atomic
def _write(result: RubricImportResult, **rubric_fields) -> Rubric:
    rubric = rubric_create(**rubric_fields, as_new_version=True)
    for component_row in result.components:
        component = rubric_component_create(rubric=rubric, title=component_row.title)
        for row in component_row.criteria:
            criterion_create(
                component=component,
                text=row.text,
                max_points=row.max_points,
                guidance=row.guidance,
                evidence=row.evidence,
            )
    if result.bands:
        tier_bands_set(rubric=rubric, minimums=result.bands)
    return rubric


def _check_bands(result: RubricImportResult) -> None:
    total = sum(row.max_points for component in result.components for row in component.criteria)
    for tier, min_score in sorted(result.bands.items()):
        if result.criteria_complete and min_score > total:
            result.problems.append(
                _("คะแนนขั้นต่ำของระดับ%(tier)s (%(min)s) เกินคะแนนเต็มของเกณฑ์ (%(total)s)")
                % {"tier": Tier(tier).label, "min": f"{min_score:g}", "total": f"{total:g}"}
            )
    result.problems.extend(tier_band_problems(result.bands))


# --- values ----------------------------------------------------------------------------


def _text(value, *, max_length: int | None = None) -> str:
    if value is None:
        return ""
    refuse_formula(value)
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise CellProblem(_("ต้องเป็นข้อความ"))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if max_length and len(text) > max_length:
        raise CellProblem(_("ยาวเกิน %(max)s ตัวอักษร") % {"max": max_length})
    return text


def _number(value) -> Decimal | None:
    """A number typed in a cell or the YAML, read by ``thai.numbers.parse_decimal``."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float | Decimal):
        value = str(value)
    if not isinstance(value, str):
        return None
    try:
        return parse_decimal(value)
    except ValidationError:
        return None


def _shown(value) -> str:
    return "" if value is None else str(value)[:40]


def _max_points(value) -> Decimal:
    if isinstance(value, Formula):
        _text(value)  # says it is a formula
    number = _number(value)
    if number is None or number <= 0:
        raise CellProblem(
            _("คะแนนเต็มต้องเป็นตัวเลขมากกว่า 0 (ได้ '%(value)s')") % {"value": _shown(value)}
        )
    if number.as_tuple().exponent < -2:
        raise CellProblem(_("คะแนนเต็มมีทศนิยมได้ไม่เกิน 2 ตำแหน่ง (ได้ '%(value)s')") % {"value": value})
    if number > MAX_POINTS:
        raise CellProblem(
            _("คะแนนเต็มต้องไม่เกิน %(max)s (ได้ '%(value)s')") % {"max": MAX_POINTS, "value": value}
        )
    return number


def _min_score(value) -> Decimal:
    if isinstance(value, Formula):
        _text(value)
    number = _number(value)
    if number is None or number < 0:
        raise CellProblem(
            _("คะแนนขั้นต่ำต้องเป็นตัวเลขตั้งแต่ 0 ขึ้นไป (ได้ '%(value)s')") % {"value": _shown(value)}
        )
    if number.as_tuple().exponent < -2 or number > MAX_POINTS:
        raise CellProblem(_("คะแนนขั้นต่ำไม่ถูกต้อง (ได้ '%(value)s')") % {"value": value})
    return number


def _key(text) -> str:
    return "".join(str(text).split()).lower()


def _tier_labels() -> dict[str, int]:
    labels = {}
    for language in {"th", translation.get_language() or "th"}:
        with translation.override(language):
            for tier in Tier:
                labels[_key(tier.label)] = tier.value
                labels[_key(tier.label).removeprefix("ระดับ")] = tier.value
    return labels


def _tier(value) -> int:
    if isinstance(value, Formula):
        _text(value)
    number = _number(value)
    if number is not None and number == number.to_integral_value() and int(number) in Tier.values:
        return int(number)
    tier = _tier_labels().get(_key(value).removeprefix("ระดับ")) if value is not None else None
    if tier is None:
        raise CellProblem(
            _("ไม่รู้จักระดับ '%(value)s' (ใช้ได้: %(choices)s หรือเลข 1–%(last)s)")
            % {
                "value": _shown(value),
                "choices": ", ".join(str(label) for label in Tier.labels),
                "last": len(Tier.values),
            }
        )
    return tier


# --- YAML ------------------------------------------------------------------------------


class _AliasRefused(yaml.YAMLError):
    def __init__(self, mark):
        super().__init__("alias")
        self.mark = mark


class _NoAliasLoader(yaml.SafeLoader):
    """SafeLoader that refuses every alias (``*name``, and so the ``<<`` merge key).

    A rubric has no use for them, and nested aliases (a "billion laughs") make a tiny
    file expand to a tree that is walked, or printed in a message, without end."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise _AliasRefused(self.peek_event().start_mark)
        return super().compose_node(parent, index)


def _read_yaml(data: bytes, result: RubricImportResult) -> None:
    problems = result.problems
    if len(data) > MAX_YAML_BYTES:
        problems.append(_("ไฟล์ YAML มีขนาดเกิน 1 MB"))
        return
    try:
        document = yaml.load(data.decode("utf-8-sig"), Loader=_NoAliasLoader)  # noqa: S506
    except UnicodeDecodeError:
        problems.append(_("อ่านไฟล์ YAML ไม่ได้ กรุณาบันทึกเป็น UTF-8"))
        return
    except _AliasRefused as error:
        problems.append(
            _("ไฟล์ YAML ใช้การอ้างถึง (*ชื่อ) ที่บรรทัด %(line)s ซึ่งระบบไม่รับ "
              "กรุณาเขียนแต่ละประเด็นการประเมินเต็มทุกครั้ง")
            % {"line": error.mark.line + 1}
        )  # fmt: skip
        return
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        if mark is not None:
            problems.append(
                _("อ่านไฟล์ YAML ไม่ได้ รูปแบบไม่ถูกต้องที่บรรทัด %(line)s คอลัมน์ %(column)s")
                % {"line": mark.line + 1, "column": mark.column + 1}
            )
        else:
            problems.append(_("อ่านไฟล์ YAML ไม่ได้ รูปแบบไม่ถูกต้อง"))
        return
    components = document.get("components") if isinstance(document, dict) else None
    if not isinstance(components, list) or not components:
        problems.append(_("ไฟล์ YAML ต้องมีหัวข้อ components ที่เป็นรายการองค์ประกอบอย่างน้อยหนึ่งรายการ"))
        return
    if len(components) > MAX_CRITERIA:
        problems.append(_("ไฟล์มีองค์ประกอบมากเกินไป"))
        return
    for number, item in enumerate(components, start=1):
        where = _("องค์ประกอบที่ %(n)s") % {"n": number}
        component = _yaml_component(item, where, problems)
        if component is not None:
            result.components.append(component)
            if sum(len(c.criteria) for c in result.components) > MAX_CRITERIA:
                problems.append(_("ไฟล์มีประเด็นการประเมินเกิน %(max)s ประเด็น") % {"max": MAX_CRITERIA})
                return
    result.criteria_complete = not problems
    bands = document.get("bands")
    if bands is None:
        return
    if not isinstance(bands, dict):
        problems.append(_("หัวข้อ bands ต้องเป็นคู่ ระดับ: คะแนนขั้นต่ำ เช่น “ระดับทอง: 3”"))
        return
    for label, min_score in bands.items():
        where = _("bands ระดับ '%(tier)s'") % {"tier": _shown(label)}
        _add_band(result, label, min_score, where)


def _yaml_component(item, where: str, problems: list[str]) -> ComponentRow | None:
    if not isinstance(item, dict):
        problems.append(_("%(where)s: ต้องมี title และ criteria") % {"where": where})
        return None
    try:
        title = _text(item.get("title"), max_length=TITLE_LENGTH)
    except CellProblem as problem:
        problems.append(f"{where} (title): {problem.message}")
        title = None
    else:
        if not title:
            problems.append(_("%(where)s: ยังไม่ได้ระบุชื่อองค์ประกอบ (title)") % {"where": where})
    criteria = item.get("criteria")
    if not isinstance(criteria, list) or not criteria:
        problems.append(
            _("%(where)s: ต้องมี criteria ที่เป็นรายการประเด็นการประเมินอย่างน้อยหนึ่งประเด็น")
            % {"where": where}
        )
        return None
    component = ComponentRow(title=title or "", where=where)
    for number, entry in enumerate(criteria[: MAX_CRITERIA + 1], start=1):
        place = _("%(where)s ประเด็นที่ %(n)s") % {"where": where, "n": number}
        if not isinstance(entry, dict):
            problems.append(_("%(where)s: ต้องมี text และ max_points") % {"where": place})
            continue
        row = _criterion(
            {key: entry.get(key) for key in ("text", "max_points", "guidance", "evidence")},
            lambda message, place=place: problems.append(f"{place}: {message}"),
        )
        if row is not None:
            component.criteria.append(row)
    return component if title else None


def _criterion(cells: dict, report) -> CriterionRow | None:
    """One criterion from its cells; each problem goes to ``report`` (all of them)."""
    values = {}
    for key, parse in (
        ("text", _text),
        ("max_points", _max_points),
        ("guidance", _text),
        ("evidence", _text),
    ):
        try:
            values[key] = parse(cells.get(key))
        except CellProblem as problem:
            report(problem.message)
    if "text" in values and not values["text"]:
        report(_("ยังไม่ได้กรอกประเด็นการประเมิน"))
        return None
    if len(values) < 4:
        return None
    return CriterionRow(**values)


def _add_band(result: RubricImportResult, label, min_score, where: str) -> None:
    try:
        tier = _tier(label)
        score = _min_score(min_score)
    except CellProblem as problem:
        result.problems.append(f"{where}: {problem.message}")
        return
    if tier in result.bands:
        result.problems.append(
            _("%(where)s: ระดับ%(tier)s ซ้ำ") % {"where": where, "tier": Tier(tier).label}
        )
        return
    result.bands[tier] = score


# --- Excel and CSV ---------------------------------------------------------------------


def _columns(headers: list[str], wanted: dict) -> dict[str, int]:
    found = {}
    for key, (header, aliases) in wanted.items():
        names = {_key(header), *(_key(alias) for alias in aliases)}
        for index, name in enumerate(headers):
            if _key(name) in names and key not in found:
                found[key] = index
    return found


def _cell(cells: list, columns: dict[str, int], key: str):
    index = columns.get(key)
    return cells[index] if index is not None and index < len(cells) else None


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read_spreadsheet(data: bytes, result: RubricImportResult) -> None:
    try:
        sheet = read_spreadsheet(data, header_marker=str(CRITERIA_COLUMNS["text"][0]))
    except SpreadsheetError as error:
        result.problems.append(error.message)
        return
    columns = _columns(sheet.headers, CRITERIA_COLUMNS)
    missing = [str(CRITERIA_COLUMNS[key][0]) for key in REQUIRED_COLUMNS if key not in columns]
    if missing:
        result.problems.append(
            _("ไม่พบคอลัมน์ %(columns)s กรุณาใช้แบบฟอร์มนำเข้า") % {"columns": ", ".join(missing)}
        )
        return
    current: ComponentRow | None = None
    for number, cells in sheet.rows:
        where = _("แถวที่ %(row)s") % {"row": number}
        report = lambda message, where=where: result.problems.append(f"{where}: {message}")  # noqa: E731
        try:
            title = _text(_cell(cells, columns, "component"), max_length=TITLE_LENGTH)
        except CellProblem as problem:
            report(problem.message)
            title = None
        if title and (current is None or title != current.title):
            current = ComponentRow(title=title, where=where)
            result.components.append(current)
        row_cells = {key: _cell(cells, columns, key) for key in CRITERIA_COLUMNS}
        if all(_blank(row_cells[key]) for key in ("text", "max_points", "guidance", "evidence")):
            continue  # the row only names a component; its criteria follow
        if current is None and title == "":
            report(_("ยังไม่ได้ระบุองค์ประกอบ (แถวแรกของแต่ละองค์ประกอบต้องมีชื่อองค์ประกอบ)"))
        row = _criterion(row_cells, report)
        if current is not None:
            current.rows += 1
            if row is not None:
                current.criteria.append(row)
    for component in result.components:
        if not component.rows:
            result.problems.append(
                _("%(where)s: องค์ประกอบ “%(title)s” ไม่มีประเด็นการประเมิน")
                % {"where": component.where, "title": component.title}
            )
    result.criteria_complete = not result.problems
    if data.startswith(b"PK"):
        _read_band_sheet(data, result)


def _read_band_sheet(data: bytes, result: RubricImportResult) -> None:
    """The optional sheet of tier bands. Without one (the only way ``read_spreadsheet``
    can fail on a file it has just read) the rubric simply has no bands yet."""
    try:
        sheet = read_spreadsheet(data, header_marker=str(BAND_COLUMNS["min_score"][0]))
    except SpreadsheetError:
        return
    columns = _columns(sheet.headers, BAND_COLUMNS)
    if "tier" not in columns:
        result.problems.append(_("แผ่นงานช่วงคะแนนต้องมีคอลัมน์ “ระดับ” และ “คะแนนขั้นต่ำ”"))
        return
    for number, cells in sheet.rows:
        min_score = _cell(cells, columns, "min_score")
        if _blank(min_score):
            continue  # a tier listed without a minimum has no band
        where = _("แผ่นงานช่วงคะแนน แถวที่ %(row)s") % {"row": number}
        _add_band(result, _cell(cells, columns, "tier"), min_score, where)


# --- Template --------------------------------------------------------------------------


def rubric_import_template():
    """The workbook administrators fill in: criteria, tier bands, and how to fill them."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    header_fill = PatternFill("solid", fgColor="1F4E79")

    def headers(sheet, names: list[str], widths: list[int]) -> None:
        sheet.append(names)
        for index, width in enumerate(widths, start=1):
            cell = sheet.cell(row=1, column=index)
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            sheet.column_dimensions[cell.column_letter].width = width
        sheet.freeze_panes = "A2"

    book = Workbook()
    criteria = book.active
    criteria.title = _("เกณฑ์การประเมิน")
    headers(
        criteria,
        [str(header) for header, _aliases in CRITERIA_COLUMNS.values()],
        [30, 50, 12, 50, 40],
    )
    for row in range(2, 502):
        criteria.cell(row=row, column=3).number_format = "0.00"

    bands = book.create_sheet(_("ช่วงคะแนน"))
    headers(bands, [str(header) for header, _aliases in BAND_COLUMNS.values()], [30, 16])
    for tier in Tier:
        bands.append([str(tier.label), None])

    notes = book.create_sheet(_("คำอธิบาย"))
    notes.append([_("วิธีกรอก")])
    notes["A1"].font = Font(bold=True)
    for line in (
        _("แผ่นงาน “เกณฑ์การประเมิน”: หนึ่งประเด็นต่อหนึ่งแถว แถวที่ 1 เป็นหัวคอลัมน์"),
        _("ใส่ชื่อองค์ประกอบในแถวแรกขององค์ประกอบ แถวถัดไปที่เว้นว่างช่ององค์ประกอบไว้จะอยู่ในองค์ประกอบเดียวกัน"),
        _("คะแนนเต็มเป็นตัวเลขมากกว่า 0 ทศนิยมไม่เกิน 2 ตำแหน่ง เช่น 0.3 หรือ 0.5"),
        _("แผ่นงาน “ช่วงคะแนน” (ไม่บังคับ): กรอกคะแนนขั้นต่ำของแต่ละระดับ ระดับที่เว้นว่างไว้จะไม่มีช่วงคะแนน"),
        _("ระดับที่สูงกว่าต้องมีคะแนนขั้นต่ำมากกว่า และไม่เกินคะแนนเต็มรวม"),
        _("ถ้ามีแถวใดผิด ระบบจะไม่บันทึกข้อมูลใดเลย และแจ้งทุกแถวที่ต้องแก้ไข"),
        _("ห้ามใช้สูตร ให้วางเป็นค่า (Paste Values)"),
        _("เกณฑ์ที่นำเข้าเป็นฉบับร่าง ตรวจทานแล้วกด “ประกาศใช้” ในหน้าเกณฑ์"),
    ):
        notes.append([line])
    notes.column_dimensions["A"].width = 110
    return book
