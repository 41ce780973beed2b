"""Lists exported as Excel or CSV with Thai headers and Buddhist-era dates, streamed.

Callers pass rows that already went through ``for_user`` scoping (a queryset's
``.iterator(chunk_size=...)``, so that the rows come from the database a chunk at a
time); this module only shapes them. Nothing here holds more than a chunk of rows, so
an export of 50,000 clubs takes the memory of an export of 50:

- **CSV** is a ``StreamingHttpResponse``: rows are written as CSV a batch at a time and
  each batch is sent as soon as it is made. The first bytes leave before the last row is
  read; nothing is kept.
- **xlsx** is a zip whose directory comes after its parts, and openpyxl's write-only
  workbook writes the sheet row by row into a temporary file on disk, then zips it when
  the workbook is saved. So the workbook is saved into a ``SpooledTemporaryFile`` (in
  memory up to ``SPOOL_BYTES``, on disk beyond) and sent by ``FileResponse`` a block at
  a time. Streaming the zip itself while rows are written cannot be done with openpyxl
  (it zips only at the end), and would gain little: the file is made in seconds, and
  made before the answer starts it has a Content-Length (the browser shows progress)
  and a failure while it is made is an error page, not a truncated download.

The workbook is openpyxl's write-only one (its parts, styles, zip and save); only the
sheet's rows are written here (``_SheetXml``), as the inline strings and numbers
openpyxl's own writer writes, without a ``Cell`` object and a nested XML writer context
per value (2.2 ms a row of 26 columns against 0.25 ms, measured side by side on this
2-core machine under load; bench/README.md). Only the values ``_cell`` makes reach a
row: text, int and float.
"""

import contextlib
import csv
import datetime
import io
import math
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal

from django.http import FileResponse, HttpResponseBase, StreamingHttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.packaging.relationship import RelationshipList
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

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
    book = Workbook(write_only=True)
    sheet = _FastRowsSheet(parent=book, title=sheet_title_text(title))
    book._add_sheet(sheet)
    spooled = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (the response closes it)
    try:
        sheet.append(headers)
        for number, row in enumerate(cells, start=1):
            if number > XLSX_MAX_ROWS:
                raise ExportTooLarge(
                    _("รายการมีเกิน %(max)s แถว เกินกว่าที่แผ่นงาน Excel หนึ่งแผ่นรับได้ "
                      "กรุณากรองให้แคบลง หรือส่งออกเป็น CSV")
                    % {"max": f"{XLSX_MAX_ROWS:,}"}
                )  # fmt: skip
            sheet.append(row)
        book.save(spooled)
    except BaseException:
        spooled.close()
        sheet.discard()
        raise
    spooled.seek(0)
    return spooled


class _SheetXml:
    """The XML of one sheet, written to a temporary file a row at a time; what openpyxl's
    workbook writer asks of a write-only sheet's writer (``out``, ``_rels``, ``close``,
    ``cleanup``) when it zips the sheet into the workbook."""

    def __init__(self):
        descriptor, self.out = tempfile.mkstemp(suffix=".xml", prefix="export-")
        self._file = os.fdopen(descriptor, "wb", buffering=SEND_BLOCK_BYTES)
        self._file.write(_SHEET_HEAD)
        # The sheet's size comes before its rows; readers (openpyxl's read-only mode among
        # them) pad each row to it. Room is kept here and the size written at the end.
        self._dimension_at = self._file.tell()
        self._file.write(b" " * len(_dimension(16_384, 1_048_576)))
        self._file.write(b"<sheetData>")
        self._rels = RelationshipList()
        self.rows = 0
        self.columns = 0

    def write_row(self, values) -> None:
        self.rows += 1
        self.columns = max(self.columns, len(values))
        number = str(self.rows)
        parts = [f'<row r="{number}">']
        for letter, value in zip(_LETTERS, values, strict=False):
            if value.__class__ is str:
                if not value:
                    continue
                if "&" in value or "<" in value or ">" in value:
                    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                space = _PRESERVE if value[0].isspace() or value[-1].isspace() else ""
                parts.append(f'<c r="{letter}{number}" t="inlineStr"><is><t{space}>{value}'
                             "</t></is></c>")  # fmt: skip
            elif value is not None:
                number_text = repr(value) if value.__class__ is float else str(value)
                parts.append(f'<c r="{letter}{number}"><v>{number_text}</v></c>')
        parts.append("</row>")
        self._file.write("".join(parts).encode())

    def close(self) -> None:
        if not self._file.closed:
            self._file.write(_SHEET_TAIL)
            self._file.seek(self._dimension_at)
            self._file.write(_dimension(self.columns, self.rows))
            self._file.close()

    def cleanup(self) -> None:
        self.close()
        with contextlib.suppress(OSError):
            os.remove(self.out)


_SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)
_SHEET_TAIL = b"</sheetData></worksheet>"
_PRESERVE = ' xml:space="preserve"'


def _dimension(columns: int, rows: int) -> bytes:
    end = f":{get_column_letter(columns)}{rows}" if columns and rows else ""
    return f'<dimension ref="A1{end}"/>'.encode()


_LETTERS = [get_column_letter(column) for column in range(1, 16_385)]


class _FastRowsSheet(WriteOnlyWorksheet):
    """openpyxl's write-only sheet, its rows written by ``_SheetXml`` (lists of text and
    numbers, as ``_cell`` makes them; see the module docstring)."""

    _done = False

    @property
    def closed(self):
        return self._done

    def append(self, row) -> None:
        if self._writer is None:
            self._writer = _SheetXml()
        self._writer.write_row(row)

    def close(self) -> None:
        if self._writer is None:
            self._writer = _SheetXml()
        self._writer.close()
        self._done = True

    def discard(self) -> None:
        """Remove the rows written so far, when the workbook is not saved."""
        if self._writer is not None:
            self._writer.cleanup()


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
