"""Lists exported as Excel or CSV with Thai headers and Buddhist-era dates.

Callers pass rows that already went through ``for_user`` scoping; this module only
shapes them.
"""

import datetime
import re
from collections.abc import Callable, Iterable
from decimal import Decimal

import tablib
from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from thai.dates import format_thai_date

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Column = tuple[str, Callable[[object], object]]


def export_response(
    *, rows: Iterable, columns: list[Column], file_format: str, filename: str, sheet_title: str
) -> HttpResponse:
    """An attachment of ``rows`` in ``file_format`` ("xlsx" or "csv"); in a workbook, the
    sheet is named ``sheet_title`` (in Thai, for what it holds), never "Tablib Dataset"."""
    if file_format not in FORMATS:
        raise ValueError(_("ไม่รู้จักรูปแบบไฟล์ %(format)s") % {"format": file_format})
    dataset = tablib.Dataset(
        headers=[str(header) for header, _accessor in columns], title=sheet_title_text(sheet_title)
    )
    for row in rows:
        dataset.append([_cell(accessor(row)) for _header, accessor in columns])
    # CSV starts with a byte-order mark so that Excel opens Thai text as UTF-8.
    content = "\ufeff" + dataset.export("csv") if file_format == "csv" else dataset.export("xlsx")
    response = HttpResponse(content, content_type=FORMATS[file_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    return response


def sheet_title_text(title) -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", " ", str(title)).strip()[:31] or _("ข้อมูล")


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("ใช่") if value else _("ไม่ใช่")
    if isinstance(value, datetime.date):
        return format_thai_date(value, "medium")
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, int | float):
        return value
    # Control characters (pasted from other programs) cannot be stored in a workbook:
    # openpyxl would refuse the whole export.
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    # A cell starting like a formula would run in the reader's spreadsheet.
    return "'" + text if text[:1] in FORMULA_STARTS else text
