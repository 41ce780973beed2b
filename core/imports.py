"""The import toolkit every importer shares: columns, problems, cell readers.

An importer reads a sheet (``core.spreadsheets``), finds its columns by header
(``header_key`` compares loosely), reads each cell with a reader below (which raises
``CellProblem`` with a Thai message), and reports ``Problem(row, column, message)``
with the row as the user sees it in Excel. An import with any problem changes nothing.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.spreadsheets import Formula, excel_date
from thai.dates import parse_thai_date
from thai.fiscal_year import parse_fiscal_year
from thai.numbers import arabic_digits, parse_decimal

MAX_DIGITS = 12  # digits read at most, so that int() of a typed number stays cheap
MAX_WHOLE_NUMBER = 2_000_000_000  # below PostgreSQL's integer; no count comes near it
YES = {"มี", "ใช่", "ครบ", "1", "true", "yes", "y", "✓", "✔", "/"}
NO = {"ไม่มี", "ไม่ใช่", "ไม่ครบ", "0", "false", "no", "n", "-", "–"}


@dataclass
class ImportCounts:
    """What an import did: rows created, updated and left as they were."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class ImportRefused(Exception):
    """An import that changed nothing, and every reason (texts or ``Problem``)."""

    problems: list

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # the name in the template
    aliases: tuple[str, ...] = ()
    help: str = ""


# The template's columns, in its order. Aliases are what officers (and our export) write.


@dataclass
class Problem:
    """What is wrong, where: the row as the user sees it in Excel (the header is row 1;
    None for the file as a whole), the column's header ("" for the row as a whole)."""

    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = self.message if not self.column else f"“{self.column}”: {self.message}"
        if not self.row:
            return where
        return _("แถวที่ %(row)s: %(message)s") % {"row": self.row, "message": where}


def header_key(text) -> str:
    """A header or label compared loosely: no spaces, no "*", nothing in brackets."""
    text = re.sub(r"\(.*?\)|\*", "", str(text))
    return "".join(text.split()).lower()


class CellProblem(Exception):
    def __init__(self, message: str):
        self.message = message


def refuse_formula(value) -> None:
    """A formula is never computed: the user pastes its values instead."""
    if isinstance(value, Formula):
        raise CellProblem(
            _("มีสูตร (%(formula)s) ระบบไม่คำนวณสูตร กรุณาคัดลอกแล้ววางแบบค่า (Paste Values)")
            % {"formula": value.text[:40]}
        )


def cell_text(value) -> str:
    if value is None:
        return ""
    refuse_formula(value)
    if isinstance(value, bool):
        # Yes/no columns read booleans before they get here; elsewhere TRUE is a mistake.
        raise CellProblem(_("ช่องนี้เป็นค่า TRUE/FALSE ต้องเป็นข้อความ"))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        raise CellProblem(_("ช่องนี้เป็นวันที่ ต้องเป็นข้อความ"))
    return " ".join(str(value).split())


def cell_code(value) -> str:
    return arabic_digits(cell_text(value)).replace(" ", "")


def cell_yes_no(value, *, blank: bool) -> bool:
    if isinstance(value, bool):
        return value
    text = cell_text(value).lower()
    if not text:
        return blank
    if text in YES:
        return True
    if text in NO:
        return False
    raise CellProblem(_("“%(value)s” ไม่ใช่ค่าที่รับได้ กรุณากรอก มี หรือ ไม่มี") % {"value": text})


def cell_whole_number(value, *, minimum: int) -> int:
    if isinstance(value, bool):
        raise CellProblem(_("กรุณากรอกเป็นตัวเลขจำนวนเต็ม"))
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        typed = arabic_digits(cell_text(value)).replace(" ", "")
        if "," in typed:
            try:
                parse_decimal(typed)  # a comma only between thousands, as everywhere
            except ValidationError as error:
                raise CellProblem(error.messages[0]) from None
        text = typed.replace(",", "")
        if not re.fullmatch(r"-?[0-9]+", text):
            raise CellProblem(_("“%(value)s” ไม่ใช่ตัวเลขจำนวนเต็ม") % {"value": cell_text(value)[:40]})
        if len(text) > MAX_DIGITS:
            raise CellProblem(_("ตัวเลขยาวเกินไป (ไม่เกิน %(max)s หลัก)") % {"max": MAX_DIGITS})
        number = int(text)
    if number < minimum:
        raise CellProblem(_("ต้องไม่น้อยกว่า %(minimum)s") % {"minimum": minimum})
    if number > MAX_WHOLE_NUMBER:
        raise CellProblem(_("ตัวเลขมากเกินไป (ไม่เกิน %(max)s)") % {"max": f"{MAX_WHOLE_NUMBER:,}"})
    return number


def cell_fiscal_year(value) -> int:
    try:
        return parse_fiscal_year(cell_whole_number(value, minimum=0))
    except ValidationError as error:
        raise CellProblem(error.messages[0]) from None


def cell_date(value) -> datetime.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.date | datetime.datetime):
        day = excel_date(value)
        if day is None:
            raise CellProblem(_("วันที่ไม่ถูกต้อง"))
        return day
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise CellProblem(
            _("วันที่เป็นตัวเลข %(value)s กรุณากรอกเป็น วว/ดด/ปปปป (พ.ศ.) เช่น 8/6/2566") % {"value": value}
        )
    try:
        return parse_thai_date(cell_text(value))
    except ValidationError as error:
        raise CellProblem(" ".join(error.messages)) from None


def cell_phone(value) -> str:
    # Excel drops the leading 0 of a phone number typed into a number cell.
    if (
        isinstance(value, int)
        and not isinstance(value, bool)
        or (isinstance(value, float) and value.is_integer())
    ):
        digits = str(int(value))
        return "0" + digits if len(digits) in (8, 9) else digits
    return cell_text(value)


# --- A dry run ------------------------------------------------------------------------------

T = TypeVar("T")


class _Rehearsed(Exception):  # noqa: N818 (not an error: how the value leaves the rollback)
    def __init__(self, value):
        self.value = value


def rehearse(write: Callable[[], T]) -> T:
    """What ``write`` returns when run through the very services that import, in a
    transaction that is always rolled back: the check before a confirmation plans with
    the same rules (locks, versions, uniqueness) as the import, and keeps nothing (rows,
    history, notifications, tasks waiting for the commit). An error ``write`` raises
    goes up as it is, after the rollback."""
    try:
        with transaction.atomic():
            raise _Rehearsed(write())
    except _Rehearsed as rehearsed:
        return rehearsed.value
