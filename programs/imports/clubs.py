"""Import of TO BE NUMBER ONE clubs (and their membership of a fiscal year) from a
spreadsheet with Thai headers — ``manage.py import_clubs`` and the upload page.

The rules:

* every row is checked first; each problem is reported with the row number as the
  user sees it in Excel (the header is row 1), the column and a Thai message;
* an import with any problem changes nothing;
* a club is found again by its district and name (``Club``'s natural key), so
  importing the same file twice creates nothing the second time: counts say how
  many clubs (and memberships) were created, updated and left unchanged;
* an officer imports into their own province only: a row of another province's
  district is a problem of that row; an administrator (and the management command)
  names the province of every row, in a "รหัสจังหวัด" column or once for the file;
* the upload page checks first (``dry_run=True``: every row read, what would be
  created or updated planned, nothing written) and writes only when the officer
  confirms what the check showed.

Why not django-import-export, although it is installed and made for this: its xlsx
reader opens workbooks with ``data_only=True`` (a formula arrives as whatever value
Excel cached, so it cannot be refused); one row here feeds two models (the club and
its membership of a year) and is scoped row by row; and it looks every row up and
saves it one query at a time, where this importer reads the districts, subdistricts,
clubs and memberships concerned in a few queries and writes in bulk, with the change
history (django-simple-history's bulk helpers), so that 10,000 rows take seconds.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.imports import (
    CellProblem,
    Column,
    ImportCounts,
    Problem,
    cell_code,
    cell_date,
    cell_fiscal_year,
    cell_phone,
    cell_text,
    cell_whole_number,
    cell_yes_no,
    header_key,
)
from core.scoping import Action
from core.spreadsheets import (
    Formula,
    Sheet,
    SpreadsheetError,
    read_spreadsheet,
)
from programs.models import (
    Club,
    ClubMembership,
    ClubType,
    District,
    Province,
    SchoolLevel,
    Subdistrict,
)
from thai.numbers import arabic_digits

BATCH_SIZE = 1000


COLUMNS = [
    Column("province", gettext_lazy("รหัสจังหวัด"), ("จังหวัด",),
           gettext_lazy("ผู้ดูแลระบบ: รหัส 2 หลักหรือชื่อจังหวัด; เจ้าหน้าที่จังหวัดไม่ต้องกรอก")),
    Column("name", gettext_lazy("ชื่อชมรม"), (),
           gettext_lazy("จำเป็น เช่น ชมรม TO BE NUMBER ONE ชุมชนบ้านนาสมดี")),
    Column("club_type", gettext_lazy("ประเภท"), ("ประเภทชมรม",),
           gettext_lazy("จำเป็น: สถานศึกษา, สถานประกอบการ, ชุมชน, สถานพินิจฯ, เรือนจำ/ทัณฑสถาน "
                        "หรือ สำนักงานคุมประพฤติ")),
    Column("school_level", gettext_lazy("ระดับสถานศึกษา"), (),
           gettext_lazy("เฉพาะสถานศึกษา: ประถมศึกษา, มัธยมศึกษา, อาชีวศึกษา หรือ อุดมศึกษา")),
    Column("district", gettext_lazy("รหัสอำเภอ"), ("อำเภอ",),
           gettext_lazy("จำเป็น: รหัส 4 หลัก หรือชื่ออำเภอ (ใช้คอลัมน์ “อำเภอ” แทนได้)")),
    Column("subdistrict", gettext_lazy("รหัสตำบล"), ("ตำบล",),
           gettext_lazy("รหัส 6 หลัก หรือชื่อตำบล (ใช้คอลัมน์ “ตำบล” แทนได้)")),
    Column("host_organisation", gettext_lazy("หน่วยงานที่ตั้ง"),
           ("หน่วยงาน/องค์กรที่ตั้ง", "หน่วยงาน"), gettext_lazy("เช่น โรงเรียน หรือ อบต.")),
    Column("founded_on", gettext_lazy("วันที่ก่อตั้ง (วว/ดด/ปปปป พ.ศ.)"), ("วันที่ก่อตั้ง",),
           gettext_lazy("วัน/เดือน/ปี พ.ศ. เช่น 8/6/2566 หรือ 8 มิ.ย. 2566")),
    Column("contact_name", gettext_lazy("ผู้ประสานงาน"), ()),
    Column("contact_phone", gettext_lazy("โทรศัพท์"), ("เบอร์โทรศัพท์", "โทร")),
    Column("has_friend_corner", gettext_lazy("มีศูนย์เพื่อนใจ (มี/ไม่มี)"),
           ("ศูนย์เพื่อนใจ", "มีศูนย์เพื่อนใจ TO BE NUMBER ONE"), gettext_lazy("มี หรือ ไม่มี")),
    Column("has_committee", gettext_lazy("มีคณะกรรมการ (มี/ไม่มี)"), ("กรรมการ", "คณะกรรมการ"),
           gettext_lazy("มี หรือ ไม่มี (ก.1)")),
    Column("has_fund", gettext_lazy("มีกองทุน (มี/ไม่มี)"), ("กองทุน",),
           gettext_lazy("มี หรือ ไม่มี (ก.2)")),
    Column("has_activities", gettext_lazy("มีกิจกรรม (มี/ไม่มี)"), ("กิจกรรม",),
           gettext_lazy("มี หรือ ไม่มี (ก.3)")),
    Column("is_active", gettext_lazy("ดำเนินการอยู่ (ใช่/ไม่ใช่)"), ("ดำเนินการอยู่",),
           gettext_lazy("ใช่ หรือ ไม่ใช่ (ว่างไว้ = ใช่)")),
    Column("fiscal_year", gettext_lazy("ปีงบประมาณ (พ.ศ.)"), ("ปีงบประมาณ",),
           gettext_lazy("ปีงบประมาณ พ.ศ. ของจำนวนสมาชิก เช่น 2568")),
    Column("members", gettext_lazy("จำนวนสมาชิก (คน)"), ("จำนวนสมาชิก",),
           gettext_lazy("จำนวนคนที่เป็นสมาชิกชมรมในปีงบประมาณนั้น เป็นตัวเลข เช่น 283")),
    Column("target_population", gettext_lazy("จำนวนกลุ่มเป้าหมาย (คน)"),
           ("กลุ่มเป้าหมาย", "ประชากรกลุ่มเป้าหมาย", "จำนวนประชากรกลุ่มเป้าหมาย"),
           gettext_lazy("จำนวนคน (ไม่ใช่ชื่อกลุ่ม): ประชากรอายุ 6–24 ปีที่ชมรมดูแล เป็นตัวเลข "
                        "เช่น 400 ใช้คำนวณร้อยละความครอบคลุม")),
]  # fmt: skip
# Columns our club export writes that are figures, not data to import.
EXPORT_ONLY = {"3ก.ครบ", "ร้อยละความครอบคลุม", "ระดับมาตรฐานล่าสุด", "ปีที่ได้ระดับ",
               "รักษามาตรฐานปีที่"}  # fmt: skip
MEMBERSHIP_KEYS = ("fiscal_year", "members", "target_population")
BOOLEAN_KEYS = ("has_friend_corner", "has_committee", "has_fund", "has_activities", "is_active")
TEXT_LIMITS = {"name": 255, "host_organisation": 255, "contact_name": 255, "contact_phone": 50}
# Fields a row may set on a club, compared to decide "updated" or "unchanged".
CLUB_KEYS = ("club_type", "school_level", "subdistrict", "host_organisation", "founded_on",
             "contact_name", "contact_phone", *BOOLEAN_KEYS)  # fmt: skip


@dataclass
class ClubImportResult(ImportCounts):
    rows: int = 0
    memberships_created: int = 0
    memberships_updated: int = 0
    memberships_unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    # What happens to each row read without a problem, in the file's order.
    planned: list["PlannedRow"] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"


@dataclass
class PlannedRow:
    """One row of the file and what the import does (or did) with its club."""

    row: int
    name: str
    district: str
    action: str  # CREATE, UPDATE or UNCHANGED
    changed: list[str] = field(default_factory=list)  # the fields an update changes


def _label_map(choices, aliases: dict[str, tuple[str, ...]]) -> dict[str, str]:
    mapping = {}
    for language in {"th", translation.get_language() or "th"}:
        with translation.override(language):
            for value, label in choices:
                mapping[header_key(label)] = value
    for value, label_aliases in aliases.items():
        mapping[header_key(value)] = value
        for alias in label_aliases:
            mapping[header_key(alias)] = value
    return mapping


CLUB_TYPE_ALIASES = {
    ClubType.SCHOOL: ("สถานศึกษา", "โรงเรียน"),
    ClubType.WORKPLACE: ("สถานประกอบการ", "สถานประกอบกิจการ"),
    ClubType.COMMUNITY: ("ชุมชน", "หมู่บ้าน"),
    ClubType.JUVENILE_CENTRE: ("สถานพินิจ", "สถานพินิจฯ", "ศูนย์ฝึก", "ศูนย์ฝึกฯ",
                               "สถานพินิจและคุ้มครองเด็กและเยาวชน",
                               "ศูนย์ฝึกและอบรมเด็กและเยาวชน"),
    ClubType.PRISON: ("เรือนจำ", "ทัณฑสถาน", "เรือนจำ/ทัณฑสถาน"),
    ClubType.PROBATION: ("สำนักงานคุมประพฤติ", "คุมประพฤติ"),
}  # fmt: skip
SCHOOL_LEVEL_ALIASES = {
    SchoolLevel.PRIMARY: ("ประถม", "ประถมศึกษา"),
    SchoolLevel.SECONDARY: ("มัธยม", "มัธยมศึกษา"),
    SchoolLevel.VOCATIONAL: ("อาชีวะ", "อาชีวศึกษา"),
    SchoolLevel.UNIVERSITY: ("อุดมศึกษา", "มหาวิทยาลัย", "อุดม"),
}
_PLACE_PREFIXES = ("จังหวัด", "จ.", "อำเภอ", "อ.", "เขต", "กิ่งอำเภอ", "ตำบล", "ต.", "แขวง")


def _place_key(text: str) -> str:
    text = "".join(str(text).split())
    for prefix in _PLACE_PREFIXES:
        if text.startswith(prefix) and len(text) > len(prefix):
            return text[len(prefix) :]
    return text


# --- the import --------------------------------------------------------------------


@dataclass
class _Row:
    number: int
    province: Province
    district: District
    fields: dict  # club fields present in the file
    membership: tuple[int, int, int] | None


class _Lookup:
    """Provinces, districts and subdistricts of the import's scope, read once."""

    def __init__(self, provinces: list[Province]):
        self.provinces = {p.code: p for p in provinces}
        self.province_by_name = {_place_key(p.name_th): p for p in provinces}
        districts = District.objects.filter(province__in=provinces)
        self.districts = {d.code: d for d in districts}
        self.district_by_name = {(d.province_id, _place_key(d.name_th)): d for d in districts}
        self._subdistricts: dict[str, dict] = {}

    def subdistricts_of(self, district: District) -> dict:
        if not self._subdistricts:
            rows = Subdistrict.objects.filter(district__province__in=list(self.provinces))
            for subdistrict in rows:
                by_district = self._subdistricts.setdefault(subdistrict.district_id, {})
                by_district[subdistrict.code] = subdistrict
                by_district[_place_key(subdistrict.name_th)] = subdistrict
            self._subdistricts.setdefault("", {})  # read once even when none match
        return self._subdistricts.get(district.code, {})


def club_import(
    *, data: bytes, user=None, province: Province | None = None, dry_run: bool = False
) -> ClubImportResult:
    """Import clubs from the .xlsx or .csv file in ``data``.

    ``user``: whose scope the rows must fall in (an officer: their province only);
    ``None`` is the management command, which may write every province. ``province``:
    the province of every row, when the file has no province column. ``dry_run``: read
    and plan every row (``result.planned``, the counts) and write nothing; the rows
    without a problem are planned even when others have one, so that the check says
    what the file will do once it is corrected.
    """
    result = ClubImportResult(dry_run=dry_run)
    provinces, fixed = _scope(user, province)
    try:
        sheet = read_spreadsheet(data, header_marker=str(COLUMNS[1].header))
    except SpreadsheetError as error:
        result.problems.append(Problem(None, "", error.message))
        return result

    columns = _match_columns(sheet, result)
    if fixed is None and "province" not in columns and not result.problems:
        result.problems.append(
            Problem(None, str(COLUMNS[0].header),
                    _("ไม่มีคอลัมน์ “รหัสจังหวัด” กรุณาเพิ่มคอลัมน์นี้ หรือเลือกจังหวัดของทุกแถว"))
        )  # fmt: skip
    if result.problems:
        return result

    if not sheet.rows:
        result.problems.append(Problem(None, "", _("ไฟล์ไม่มีข้อมูลชมรม (มีแต่หัวคอลัมน์)")))
        return result

    lookup = _Lookup(provinces)
    rows = []
    seen: dict[tuple[str, str], int] = {}
    for number, cells in sheet.rows:
        row = _read_row(number, cells, columns, lookup, fixed, result)
        if row is None:
            continue
        natural_key = (row.district.code, row.fields["name"])
        if natural_key in seen:
            result.problems.append(
                Problem(number, columns["name"][1],
                        _("ชื่อชมรมซ้ำกับแถวที่ %(row)s ในอำเภอเดียวกัน") % {"row": seen[natural_key]})
            )  # fmt: skip
            continue
        seen[natural_key] = number
        rows.append(row)
    result.rows = len(sheet.rows)
    if dry_run:
        _write(rows, columns, user, result, dry_run=True)
        return result
    if result.problems:
        return result
    try:
        _write(rows, columns, user, result)
    except IntegrityError:
        result.problems.append(
            Problem(None, "", _("มีผู้อื่นแก้ไขข้อมูลชมรมเดียวกันพร้อมกัน ไม่มีข้อมูลใดถูกบันทึก "
                                "กรุณานำเข้าอีกครั้ง"))
        )  # fmt: skip
        result.created = result.updated = result.unchanged = 0
        result.memberships_created = result.memberships_updated = 0
        result.memberships_unchanged = 0
    return result


def _scope(user, province: Province | None) -> tuple[list[Province], Province | None]:
    """The provinces rows may belong to, and the one every row belongs to (if fixed)."""
    if user is None:
        allowed = list(Province.objects.all())
    else:
        allowed = list(Province.objects.for_user(user, Action.CHANGE))
        if not allowed:
            raise PermissionDenied
        if not user.is_administrator:
            # An officer imports into their own province, whatever the file or form says.
            if province is not None and province.pk != user.province_id:
                raise PermissionDenied
            province = next(p for p in allowed if p.pk == user.province_id)
    if province is not None:
        if province.pk not in {p.pk for p in allowed}:
            raise PermissionDenied
        return [province], province
    return allowed, None


def _match_columns(sheet: Sheet, result: ClubImportResult) -> dict[str, tuple[int, str]]:
    """Column key → (index in the row, header as written in the file)."""
    by_key = {}
    for column in COLUMNS:
        for name in (column.header, *column.aliases):
            by_key.setdefault(header_key(name), column.key)
    columns: dict[str, tuple[int, str]] = {}
    alternates: dict[str, tuple[int, str]] = {}
    for index, header in enumerate(sheet.headers):
        if not header:
            continue
        key = by_key.get(header_key(header))
        if key is None:
            if header_key(header) not in EXPORT_ONLY:
                result.ignored_columns.append(header)
            continue
        if key in columns:
            # "รหัสอำเภอ" and "อำเภอ" both present (as in our export): the code wins,
            # the name is read when the code is blank.
            alternates[key] = (index, header)
            continue
        columns[key] = (index, header)
    for key, alternate in alternates.items():
        columns[key + "__alternate"] = alternate
    required = [c for c in COLUMNS if c.key in ("name", "club_type", "district")]
    for column in required:
        if column.key not in columns:
            result.problems.append(
                Problem(None, str(column.header),
                        _("ไม่มีคอลัมน์ “%(column)s” ซึ่งจำเป็นต้องมี") % {"column": column.header})
            )  # fmt: skip
    present = [key for key in MEMBERSHIP_KEYS if key in columns]
    if present and len(present) < len(MEMBERSHIP_KEYS):
        for column in COLUMNS:
            if column.key in MEMBERSHIP_KEYS and column.key not in columns:
                result.problems.append(
                    Problem(None, str(column.header),
                            _("มีคอลัมน์จำนวนสมาชิกแต่ไม่มีคอลัมน์ “%(column)s” "
                              "(ปีงบประมาณ จำนวนสมาชิก และจำนวนกลุ่มเป้าหมาย ต้องมาด้วยกัน)")
                            % {"column": column.header})
                )  # fmt: skip
    return columns


def _cell(cells: list, columns: dict, key: str):
    """The value of ``key`` in a row, and the header to report it under."""
    index, header = columns[key]
    value = cells[index] if index < len(cells) else None
    alternate = columns.get(key + "__alternate")
    if alternate and (value is None or (isinstance(value, str) and not value.strip())):
        index, header = alternate
        value = cells[index] if index < len(cells) else None
    return value, header


def _read_row(number, cells, columns, lookup: _Lookup, fixed, result) -> _Row | None:
    problems_before = len(result.problems)

    def read(key: str, parse: Callable):
        if key not in columns:
            return None
        value, header = _cell(cells, columns, key)
        try:
            return parse(value)
        except CellProblem as problem:
            result.problems.append(Problem(number, header, problem.message))
            return None

    province = read("province", lambda v: _province(v, lookup, fixed)) or fixed
    district = read("district", lambda v: _district(v, lookup, province)) if province else None
    fields: dict = {}
    fields["name"] = read("name", lambda v: _required_text(v, "name"))
    fields["club_type"] = read("club_type", lambda v: _choice(v, _club_types(), _club_type_help))
    if "school_level" in columns:
        fields["school_level"] = read(
            "school_level", lambda v: _choice(v, _school_levels(), _school_level_help, blank="")
        )
    if "subdistrict" in columns:
        fields["subdistrict"] = read("subdistrict", lambda v: _subdistrict(v, lookup, district))
    for key in ("host_organisation", "contact_name"):
        if key in columns:
            fields[key] = read(key, lambda v, key=key: _limited_text(v, key))
    if "contact_phone" in columns:
        fields["contact_phone"] = read(
            "contact_phone", lambda v: _limited(cell_phone(v), "contact_phone")
        )
    if "founded_on" in columns:
        fields["founded_on"] = read("founded_on", cell_date)
    for key in BOOLEAN_KEYS:
        if key in columns:
            fields[key] = read(key, lambda v, key=key: cell_yes_no(v, blank=key == "is_active"))
    membership = _membership(number, cells, columns, result)
    if len(result.problems) > problems_before or district is None:
        return None

    # The model's own rules (school level only for schools, …), reported per column.
    # Geography was looked up above, and uniqueness is the natural key of the import:
    # excluding them keeps this free of queries, which matters at 10,000 rows.
    club = Club(province=province, district=district,
                **{k: v for k, v in fields.items() if v is not None})  # fmt: skip
    try:
        club.full_clean(exclude=["province", "district", "subdistrict"],
                        validate_unique=False, validate_constraints=False)  # fmt: skip
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            header = columns[name][1] if name in columns else ""
            for message in messages:
                result.problems.append(Problem(number, header, message))
        return None
    return _Row(number, province, district, fields, membership)


def _membership(number, cells, columns, result) -> tuple[int, int, int] | None:
    if "fiscal_year" not in columns:
        return None
    values = {key: _cell(cells, columns, key) for key in MEMBERSHIP_KEYS}
    if all(_text_or_blank(value) == "" for value, _header in values.values()):
        return None
    parsed = {}
    parsers = {
        "fiscal_year": cell_fiscal_year,
        "members": lambda v: cell_whole_number(v, minimum=0),
        "target_population": lambda v: cell_whole_number(v, minimum=1),
    }
    for key, (value, header) in values.items():
        if _text_or_blank(value) == "":
            result.problems.append(
                Problem(number, header,
                        _("กรุณากรอก (ปีงบประมาณ จำนวนสมาชิก และจำนวนกลุ่มเป้าหมาย ต้องกรอกด้วยกัน)"))
            )  # fmt: skip
            continue
        try:
            parsed[key] = parsers[key](value)
        except CellProblem as problem:
            result.problems.append(Problem(number, header, problem.message))
    if len(parsed) < len(MEMBERSHIP_KEYS):
        return None
    return parsed["fiscal_year"], parsed["members"], parsed["target_population"]


def _text_or_blank(value) -> str:
    if isinstance(value, Formula):
        return value.text
    return "" if value is None else str(value).strip()


def _required_text(value, key: str) -> str:
    text = _limited_text(value, key)
    if not text:
        raise CellProblem(_("กรุณากรอกชื่อชมรม"))
    return text


def _limited_text(value, key: str) -> str:
    return _limited(cell_text(value), key)


def _limited(text: str, key: str) -> str:
    limit = TEXT_LIMITS[key]
    if len(text) > limit:
        raise CellProblem(
            _("ยาว %(length)s ตัวอักษร เกินกว่าที่รับได้ (%(limit)s ตัวอักษร)")
            % {"length": len(text), "limit": limit}
        )
    return text


@functools.cache
def _labels_of(language: str) -> tuple[dict[str, str], dict[str, str]]:
    return (
        _label_map(ClubType.choices, CLUB_TYPE_ALIASES),
        _label_map(SchoolLevel.choices, SCHOOL_LEVEL_ALIASES),
    )


def _club_types() -> dict[str, str]:
    return _labels_of(translation.get_language() or "th")[0]


def _school_levels() -> dict[str, str]:
    return _labels_of(translation.get_language() or "th")[1]


def _club_type_help() -> str:
    return ", ".join(str(label) for label in ClubType.labels)


def _school_level_help() -> str:
    return ", ".join(str(label) for label in SchoolLevel.labels)


def _choice(value, mapping: dict[str, str], accepted: Callable[[], str],
            blank: str | None = None) -> str:  # fmt: skip
    text = cell_text(value)
    if not text:
        if blank is not None:
            return blank
        raise CellProblem(_("กรุณากรอก (%(accepted)s)") % {"accepted": accepted()})
    choice = mapping.get(header_key(text))
    if choice is None:
        raise CellProblem(
            _("ไม่รู้จัก “%(value)s” กรุณากรอกอย่างใดอย่างหนึ่ง: %(accepted)s")
            % {"value": text, "accepted": accepted()}
        )
    return choice


def _province(value, lookup: _Lookup, fixed: Province | None) -> Province | None:
    text = cell_text(value)
    if not text:
        if fixed is None:
            raise CellProblem(_("กรุณากรอกรหัสจังหวัด"))
        return fixed
    code = arabic_digits(text)
    province = lookup.provinces.get(code.zfill(2) if code.isdigit() else "") or (
        lookup.province_by_name.get(_place_key(text))
    )
    if fixed is not None and (province is None or province.pk != fixed.pk):
        raise CellProblem(
            _("แถวนี้ไม่ใช่ของจังหวัด%(province)s ซึ่งเป็นจังหวัดที่นำเข้า") % {"province": fixed.name_th}
        )
    if province is None:
        raise CellProblem(_("ไม่รู้จักจังหวัด “%(value)s” (ใช้รหัส 2 หลัก เช่น 48)") % {"value": text})
    return province


def _district(value, lookup: _Lookup, province: Province) -> District:
    text = cell_text(value)
    if not text:
        raise CellProblem(_("กรุณากรอกรหัสหรือชื่ออำเภอ"))
    code = cell_code(value)
    if code.isdigit():
        district = lookup.districts.get(code)
        if district is None or district.province_id != province.pk:
            raise CellProblem(
                _("อำเภอรหัส %(code)s ไม่อยู่ในจังหวัด%(province)s")
                % {"code": code, "province": province.name_th}
            )
        return district
    district = lookup.district_by_name.get((province.pk, _place_key(text)))
    if district is None:
        raise CellProblem(
            _("ไม่พบอำเภอ “%(name)s” ในจังหวัด%(province)s")
            % {"name": text, "province": province.name_th}
        )
    return district


def _subdistrict(value, lookup: _Lookup, district: District | None) -> Subdistrict | None:
    text = cell_text(value)
    if not text or district is None:
        return None
    code = cell_code(value)
    subdistricts = lookup.subdistricts_of(district)
    subdistrict = subdistricts.get(code if code.isdigit() else _place_key(text))
    if subdistrict is None:
        raise CellProblem(
            _("ไม่พบตำบล “%(value)s” ในอำเภอ%(district)s")
            % {"value": text, "district": district.name_th}
        )
    return subdistrict


@transaction.atomic
def _write(rows: list[_Row], columns: dict, user, result: ClubImportResult,
           dry_run: bool = False) -> None:  # fmt: skip
    """Create, update or leave each club (and membership); bulk, with change history.
    ``dry_run``: decide the same, write nothing."""
    history_user = user if user is not None and user.is_authenticated else None
    districts = {row.district.code for row in rows}
    clubs = Club.objects.filter(district_id__in=districts)
    existing = {
        (club.district_id, club.name): club
        for club in (clubs if dry_run else clubs.select_for_update())
    }
    to_create, to_update, changed_fields = [], [], set()
    club_of_row: dict[int, Club] = {}
    for row in rows:
        fields = dict(row.fields)
        name = fields.pop("name")
        club = existing.get((row.district.code, name))
        planned = PlannedRow(row.number, name, row.district.name_th, CREATE)
        if club is None:
            club = Club(province=row.province, district=row.district, name=name,
                        **{k: v for k, v in fields.items() if v is not None})  # fmt: skip
            to_create.append(club)
        else:
            differing = {k for k in CLUB_KEYS if k in fields and _differs(club, k, fields[k])}
            for key in differing:
                setattr(club, key, fields[key])
            if differing:
                to_update.append(club)
                changed_fields |= differing
                planned.action = UPDATE
                planned.changed = [str(Club._meta.get_field(key).verbose_name)
                                   for key in CLUB_KEYS if key in differing]  # fmt: skip
            else:
                result.unchanged += 1
                planned.action = UNCHANGED
        club_of_row[row.number] = club
        result.planned.append(planned)
    result.created = len(to_create)
    result.updated = len(to_update)
    if dry_run:
        _write_memberships(rows, club_of_row, history_user, result, dry_run=True)
        return
    if to_create:
        bulk_create_with_history(to_create, Club, batch_size=BATCH_SIZE, default_user=history_user)
    if to_update:
        bulk_update_with_history(
            to_update, Club, fields=sorted(changed_fields), batch_size=BATCH_SIZE,
            default_user=history_user,
        )  # fmt: skip
    _write_memberships(rows, club_of_row, history_user, result)


def _differs(club: Club, key: str, value) -> bool:
    if key == "subdistrict":
        return club.subdistrict_id != (value.pk if value else None)
    current = getattr(club, key)
    return current != value


def _write_memberships(rows, club_of_row, history_user, result, dry_run: bool = False) -> None:
    # A club not created yet (a dry run) has no pk, and no membership either: keyed by row.
    wanted = {
        (club_of_row[row.number].pk or f"row-{row.number}", row.membership[0]): row.membership
        for row in rows
        if row.membership is not None
    }
    if not wanted:
        return
    club_ids = {club_id for club_id, _year in wanted if isinstance(club_id, int)}
    existing = {
        (m.club_id, m.fiscal_year): m
        for m in ClubMembership.objects.filter(
            club_id__in=club_ids, fiscal_year__in={year for _club, year in wanted}
        )
    }
    to_create, to_update = [], []
    for (club_id, year), (_year, members, target) in wanted.items():
        membership = existing.get((club_id, year))
        if membership is None:
            to_create.append(ClubMembership(club_id=club_id, fiscal_year=year, members=members,
                                            target_population=target))  # fmt: skip
        elif (membership.members, membership.target_population) != (members, target):
            membership.members, membership.target_population = members, target
            to_update.append(membership)
        else:
            result.memberships_unchanged += 1
    result.memberships_created = len(to_create)
    result.memberships_updated = len(to_update)
    if dry_run:
        return
    if to_create:
        bulk_create_with_history(
            to_create, ClubMembership, batch_size=BATCH_SIZE, default_user=history_user
        )
    if to_update:
        bulk_update_with_history(
            to_update, ClubMembership, fields=["members", "target_population"],
            batch_size=BATCH_SIZE, default_user=history_user,
        )  # fmt: skip


def template_columns() -> list[Column]:
    """The columns of the downloadable template, in order."""
    return COLUMNS


def club_import_template():
    """The workbook officers fill in: the headers, and a sheet saying what each takes."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = _("ชมรม")
    sheet.append([str(column.header) for column in COLUMNS])
    header_fill = PatternFill("solid", fgColor="1F4E79")
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = 40 if column.key == "name" else 18
        if column.key in ("province", "district", "subdistrict", "contact_phone", "founded_on"):
            # Text cells keep leading zeros and a date exactly as typed (8/6/2566).
            for row in range(2, 1002):
                sheet.cell(row=row, column=index).number_format = "@"
    sheet.freeze_panes = "A2"

    def choose_from(key: str, values: list[str]) -> None:
        index = next(i for i, c in enumerate(COLUMNS, start=1) if c.key == key)
        letter = sheet.cell(row=1, column=index).column_letter
        validation = DataValidation(
            type="list", formula1='"' + ",".join(values) + '"', allow_blank=True
        )
        validation.add(f"{letter}2:{letter}20000")
        sheet.add_data_validation(validation)

    choose_from("club_type", [str(label) for label in ClubType.labels])
    choose_from("school_level", [str(label) for label in SchoolLevel.labels])
    for key in ("has_friend_corner", "has_committee", "has_fund", "has_activities"):
        choose_from(key, [_("มี"), _("ไม่มี")])
    choose_from("is_active", [_("ใช่"), _("ไม่ใช่")])

    notes = book.create_sheet(_("คำอธิบาย"))
    notes.append([_("คอลัมน์"), _("วิธีกรอก")])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        notes.append([str(column.header), str(column.help)])
    notes.append([])
    for line in (
        _("แถวแรกของแผ่นงาน “ชมรม” เป็นหัวคอลัมน์ ข้อมูลเริ่มแถวที่ 2"),
        _("ชมรมที่มีอยู่แล้ว (อำเภอและชื่อเดียวกัน) จะถูกปรับปรุง ไม่สร้างซ้ำ"),
        _("ถ้ามีแถวใดผิด ระบบจะไม่บันทึกข้อมูลใดเลย และแจ้งแถวที่ต้องแก้ไข"),
        _("ห้ามใช้สูตร ให้วางเป็นค่า (Paste Values)"),
    ):
        notes.append([line])
    notes.column_dimensions["A"].width = 22
    notes.column_dimensions["B"].width = 90
    return book
