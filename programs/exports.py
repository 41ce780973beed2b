"""Lists exported as Excel or CSV with Thai headers and Buddhist-era dates, streamed.

Callers pass rows that already went through ``for_user`` scoping (a queryset's
``.iterator(chunk_size=...)``, so that the rows come from the database a chunk at a
time); this module only shapes them. Nothing here holds more than a chunk of rows, so
an export of 50,000 clubs takes the memory of an export of 50:

- **CSV** is a ``StreamingHttpResponse``: rows are written as CSV a batch at a time and
  each batch is sent as soon as it is made. The first bytes leave before the last row is
  read; nothing is kept.
- **xlsx** is a zip whose directory comes after its parts, so it is made whole before
  it is sent: XlsxWriter in its ``constant_memory`` mode writes the sheet a row at a time
  (each row flushed to a temporary file, its text as inline strings) and zips it at the
  end into a ``SpooledTemporaryFile`` (in memory up to ``SPOOL_BYTES``, on disk beyond),
  which ``FileResponse`` sends a block at a time. Made before the answer starts, the
  file has a Content-Length (the browser shows progress) and a failure while it is made
  is an error page, not a truncated download. XlsxWriter, not openpyxl's write-only
  workbook: openpyxl builds a ``Cell`` and a nested XML writer for every value, about
  eight times the time a row (bench/README.md).
"""

import csv
import datetime
import io
import math
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal

import xlsxwriter
from django.http import FileResponse, HttpResponseBase, StreamingHttpResponse
from django.utils.translation import gettext as _

from thai.dates import format_thai_date

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Excel's own limit: a sheet has at most 1,048,576 rows (the header is one of them).
XLSX_MAX_ROWS = 1_048_576 - 1
# A small export stays in memory; a larger one is spooled to disk as it is zipped.
SPOOL_BYTES = 2 * 1024 * 1024
CSV_BATCH_ROWS = 500
SEND_BLOCK_BYTES = 64 * 1024

Column = tuple[str, Callable[[object], object]]


class ExportTooLarge(ValueError):
    """More rows than a sheet holds; ``message`` says so in Thai."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def export_response(
    *, rows: Iterable, columns: list[Column], file_format: str, filename: str, sheet_title: str
) -> HttpResponseBase:
    """An attachment of ``rows`` in ``file_format`` ("xlsx" or "csv"); in a workbook, the
    sheet is named ``sheet_title`` (in Thai, for what it holds), never "Sheet".

    An xlsx of more rows than a sheet holds raises ExportTooLarge (callers that may reach
    it count first and offer CSV)."""
    if file_format not in FORMATS:
        raise ValueError(_("ไม่รู้จักรูปแบบไฟล์ %(format)s") % {"format": file_format})
    headers = [str(header) for header, _accessor in columns]
    accessors = [accessor for _header, accessor in columns]
    cells = ([_cell(accessor(row)) for accessor in accessors] for row in rows)
    if file_format == "csv":
        response = StreamingHttpResponse(_csv_chunks(headers, cells))
    else:
        response = FileResponse(_xlsx_file(headers, cells, sheet_title))
        response.block_size = SEND_BLOCK_BYTES
    response["Content-Type"] = FORMATS[file_format]
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    return response


def sheet_title_text(title) -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", " ", str(title)).strip()[:31] or _("ข้อมูล")


def _csv_chunks(headers: list[str], cells: Iterator[list]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    # A byte-order mark first, so that Excel opens Thai text as UTF-8.
    buffer.write("\ufeff")
    writer.writerow(headers)
    batch = 0
    for row in cells:
        writer.writerow(row)
        batch += 1
        if batch == CSV_BATCH_ROWS:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
            batch = 0
    yield buffer.getvalue().encode()


def _xlsx_file(headers: list[str], cells: Iterator[list], title) -> tempfile.SpooledTemporaryFile:
    spooled = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (the response closes it)
    # Text is written as text: a cell is never read as a number, a formula or a link.
    book = xlsxwriter.Workbook(
        spooled,
        {
            "constant_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    sheet = book.add_worksheet(sheet_title_text(title))
    # The typed writers, not write_row(): write_row() sends every cell through write()'s
    # type dispatch, and every text through the checks for formulas, links and numbers
    # that the options above turn off anyway. A cell of ``_cell`` is text or a number.
    write_string, write_number = sheet.write_string, sheet.write_number
    try:
        for column, header in enumerate(headers):
            write_string(0, column, header)
        for number, row in enumerate(cells, start=1):
            if number > XLSX_MAX_ROWS:
                raise ExportTooLarge(
                    _("รายการมีเกิน %(max)s แถว เกินกว่าที่แผ่นงาน Excel หนึ่งแผ่นรับได้ "
                      "กรุณากรองให้แคบลง หรือส่งออกเป็น CSV")
                    % {"max": f"{XLSX_MAX_ROWS:,}"}
                )  # fmt: skip
            for column, value in enumerate(row):
                if value.__class__ is str:
                    if value:  # an empty text is no cell at all, as write() leaves it
                        write_string(number, column, value)
                else:
                    write_number(number, column, value)
        book.close()
    except BaseException:
        spooled.close()
        raise
    spooled.seek(0)
    return spooled


def _cell(value):
    if value.__class__ is str:
        return _text(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("ใช่") if value else _("ไม่ใช่")
    if isinstance(value, datetime.date):
        return format_thai_date(value, "medium")
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, int | float):
        # A number Excel cannot hold (infinity, not a number) is written as its text.
        return value if math.isfinite(value) else str(value)
    return _text(str(value))


def _text(text: str) -> str:
    # Control characters (pasted from other programs) cannot be stored in a workbook's XML.
    if _NOT_IN_XML.search(text):
        text = _NOT_IN_XML.sub("", text)
    # A cell starting like a formula would run in the reader's spreadsheet.
    return "'" + text if text[:1] in FORMULA_STARTS else text
