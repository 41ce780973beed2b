"""Buddhist-era dates: the one place dates are shown and read.

Shown: "8 มิถุนายน 2566" (long), "8 มิ.ย. 66" (short). Read: what officers type —
"8/6/2566", "08/06/2566", "8 มิ.ย. 2566", "8 มิถุนายน 2566", Thai digits
("๘/๖/๒๕๖๖"), and ISO "2023-06-08" from date pickers and APIs. Dates are stored
in the Christian era; a year that looks Christian where a Buddhist one is
expected is refused with a Thai message rather than stored 543 years off.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from pythainlp.util import thai_strftime

from thai.numbers import arabic_digits, thai_digits

BE_OFFSET = 543
# The range of Buddhist-era years the portal accepts (CE 1957 – 2157).
MIN_BE_YEAR = 2500
MAX_BE_YEAR = 2700

THAI_MONTHS = [
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
]
THAI_MONTHS_SHORT = [
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
]
_MONTH_BY_NAME = {
    **{name: number for number, name in enumerate(THAI_MONTHS, start=1)},
    # Officers type abbreviations with or without the dots ("มิย", "มิ.ย").
    **{abbr.replace(".", ""): number for number, abbr in enumerate(THAI_MONTHS_SHORT, start=1)},
}

_NUMERIC = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_WORDS = re.compile(r"^(\d{1,2})\s*([^\d\s]+?)\s*(?:พ\.?\s*ศ\.?\s*)?(\d{2}|\d{4})$")

STYLES = {
    "long": "%-d %B %Y",
    "short": "%-d %b %y",
    "medium": "%-d %b %Y",
    "full": "%Aที่ %-d %B พ.ศ. %Y",
}


def be_year(year_ce: int) -> int:
    return year_ce + BE_OFFSET


def ce_year(year_be: int) -> int:
    return year_be - BE_OFFSET


def format_thai_date(value, style: str = "long", *, digits: str = "arabic") -> str:
    """A date (or datetime) in the Buddhist era with Thai month names.

    ``style`` is one of ``long`` ("8 มิถุนายน 2566"), ``medium`` ("8 มิ.ย. 2566"),
    ``short`` ("8 มิ.ย. 66") or ``full`` ("วันพฤหัสบดีที่ 8 มิถุนายน พ.ศ. 2566");
    ``digits="thai"`` writes ๐–๙ as official documents may ask.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time())
    text = thai_strftime(value, STYLES[style])
    return thai_digits(text) if digits == "thai" else text


def format_thai_datetime(value, *, digits: str = "arabic") -> str:
    """ "8 มิ.ย. 2566 10:30 น." """
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    text = f"{format_thai_date(value, 'medium')} {value:%H:%M} น."
    return thai_digits(text) if digits == "thai" else text


def parse_thai_date(text: str) -> datetime.date:
    """Read a date as officers type it; raise ValidationError with a Thai message."""
    cleaned = " ".join(arabic_digits(str(text or "")).split())
    if not cleaned:
        raise ValidationError(_("กรุณากรอกวันที่"), code="required")

    if match := _ISO.match(cleaned):
        year, month, day = (int(part) for part in match.groups())
        if year >= MIN_BE_YEAR:
            # Machine input is Christian era; 2566-06-08 is a BE year in the wrong format.
            raise ValidationError(
                _("รูปแบบ ปปปป-ดด-วว ใช้ปี ค.ศ. กรุณากรอกเป็น วว/ดด/ปปปป (พ.ศ.) เช่น 8/6/2566"),
                code="be_in_iso",
            )
        return _build_date(year, month, day)

    if match := _NUMERIC.match(cleaned):
        day, month, year_text = match.groups()
        return _build_date(_year_from_be(year_text), int(month), int(day))

    if match := _WORDS.match(cleaned):
        day, month_name, year_text = match.groups()
        month = _MONTH_BY_NAME.get(month_name.replace(".", "").replace(" ", ""))
        if month is None:
            raise ValidationError(
                _("ไม่รู้จักชื่อเดือน “%(month)s” (เช่น มิถุนายน หรือ มิ.ย.)") % {"month": month_name},
                code="month",
            )
        return _build_date(_year_from_be(year_text), month, int(day))

    raise ValidationError(
        _("รูปแบบวันที่ไม่ถูกต้อง กรุณากรอกเป็น วว/ดด/ปปปป (พ.ศ.) เช่น 8/6/2566 หรือ 8 มิ.ย. 2566"),
        code="invalid",
    )


def _year_from_be(year_text: str) -> int:
    """The Christian year of a typed Buddhist year ("2566" or "66")."""
    year = int(year_text)
    if len(year_text) == 2:
        return ce_year(2500 + year)
    refuse_christian_era(year)
    return ce_year(year)  # out-of-range years are refused by _build_date


def refuse_christian_era(year: int) -> None:
    """A year typed where a Buddhist-era one is asked, answered with the year to type."""
    if 1900 <= year < MIN_BE_YEAR - 100:
        raise ValidationError(
            _("ปี %(year)s เป็นปี ค.ศ. กรุณากรอกปีเป็น พ.ศ. (เช่น %(be)s)")
            % {"year": year, "be": be_year(year)},
            code="christian_era",
        )


def _build_date(year: int, month: int, day: int) -> datetime.date:
    if not ce_year(MIN_BE_YEAR) <= year <= ce_year(MAX_BE_YEAR):
        raise ValidationError(
            _("ปี พ.ศ. %(year)s อยู่นอกช่วงที่รับได้ (%(min)s–%(max)s)")
            % {"year": be_year(year), "min": MIN_BE_YEAR, "max": MAX_BE_YEAR},
            code="year_range",
        )
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValidationError(
            _("ไม่มีวันที่ %(day)s/%(month)s/%(year)s ในปฏิทิน")
            % {"day": day, "month": month, "year": be_year(year)},
            code="no_such_date",
        ) from None
