"""Reading the spreadsheets officers upload: Excel (.xlsx) or CSV, with Thai headers.

A sheet comes back as its header row and its data rows, each numbered as the user
sees it in Excel (the header is row 1), so that every message can point at a row.

Formulas are never evaluated: an .xlsx is opened with ``data_only=False`` so that a
formula cell is seen as a formula (``Formula``) and the importer refuses it, instead
of silently taking the value Excel cached for it. (django-import-export and tablib
open workbooks with ``data_only=True``, which hides formulas; that is one reason the
club importer reads files here.) A text cell that a spreadsheet would run — starting
with "=", a function call after "@" ("@SUM("), or a DDE call after "+", "-" or "@"
("+cmd|' /C calc'!A0") — is refused the same way; the apostrophe our exports put in
front of "+", "-", "@" and "=" is removed, so that what we exported imports back.

A workbook a broken or hostile program wrote (cells openpyxl cannot read, XML that
does not parse, Excel error values such as #REF!) is refused as a whole with a Thai
message, as are UTF-16 text files other than Excel's tab-separated "Unicode Text".

An .xlsx is a zip, and the upload limit counts its compressed bytes: 5 MB of repeated
text expands a thousandfold, and openpyxl (even read-only) holds the whole shared-strings
part in memory. So before openpyxl opens it, the zip's directory is checked: how many
parts, how big each says it is once expanded, and how much it expands (``_check_zip``).
A part cannot lie its way past the check: zipfile stops every part at the size its
directory declares (a longer one then fails its CRC and is refused as broken). Rows stop
at the limit too, blank ones included, and no row is read wider than ``MAX_COLUMNS``.
"""

import csv
import datetime
import io
import math
import re
import threading
import zipfile
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

import openpyxl.reader.excel
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.cell.read_only import EMPTY_CELL
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
# Title lines above the header are common in provincial spreadsheets.
HEADER_SEARCH_ROWS = 10
MAX_COLUMNS = 100
# What an .xlsx may expand to (see the module docstring). A full club sheet (20,000 rows,
# 16 columns) is 19 MB of XML with its text inline (openpyxl writes it so, 18:1), less
# when Excel moves the text to the shared strings (Thai: three bytes a letter; about
# 6 MB for that sheet). openpyxl holds the shared strings in memory and spends about
# 15 µs on each: 20 MB of a million tiny ones took 141 MB and 15 s of CPU, so they are
# held to 10 MB. Sheets are streamed row by row, hence the larger total.
MAX_XLSX_BYTES = 50 * 1024 * 1024
MAX_XLSX_PART_BYTES = 10 * 1024 * 1024  # any part but a worksheet: shared strings, styles
MAX_XLSX_PARTS = 200  # a workbook of a few sheets has about 15
# Excel's XML expands ten to thirty times; 1000 is a bomb. Small parts may expand more
# (a sheet of one repeated row), and are harmless under the sizes above.
MAX_XLSX_RATIO = 100
RATIO_CHECKED_BYTES = 1024 * 1024

_ZIP = b"PK\x03\x04"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# What a spreadsheet would run if the text were typed into a cell (see the docstring).
_RUNNABLE = re.compile(r"^(=|@[A-Za-z_.]+\s*\(|[+\-@].*\|)", re.DOTALL)
# What openpyxl raises on cells or XML it cannot read, while the rows are iterated.
_BROKEN_WORKBOOK = (ValueError, TypeError, IndexError, KeyError, OverflowError, ParseError,
                    zipfile.BadZipFile, EOFError, OSError)  # fmt: skip
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls (Excel 97–2003), also .doc
_EXPORT_QUOTED = ("=", "+", "-", "@")


class SpreadsheetError(Exception):
    """The whole file is refused; ``message`` says why, in Thai."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Formula:
    """A cell holding a formula, kept as its text and never computed."""

    text: str

    def __str__(self) -> str:
        return self.text


@dataclass
class Sheet:
    headers: list[str]  # as written in the file, stripped
    header_row: int
    rows: list[tuple[int, list]] = field(default_factory=list)  # (row number, cell values)


def read_spreadsheet(
    data: bytes,
    *,
    header_marker: str,
    max_rows: int | None = None,
    max_bytes: int | None = None,
) -> Sheet:
    """The sheet in ``data`` whose header row holds a column named ``header_marker``.

    Raises SpreadsheetError with a Thai message for an empty, oversized, unreadable
    or unrecognised file, a missing header row, or more than ``max_rows`` data rows.
    """
    max_rows = max_rows or MAX_ROWS
    max_bytes = max_bytes or MAX_UPLOAD_BYTES
    if not data:
        raise SpreadsheetError(_("ไฟล์ว่างเปล่า"))
    if len(data) > max_bytes:
        raise SpreadsheetError(
            _("ไฟล์มีขนาด %(size).1f MB เกินกว่าที่รับได้ (%(max)s MB) กรุณาแบ่งเป็นหลายไฟล์")
            % {"size": len(data) / (1024 * 1024), "max": max_bytes // (1024 * 1024)}
        )
    if data.startswith(_ZIP):
        _check_zip(data)
        try:
            return _sheet(_xlsx_rows(data, header_marker), header_marker, max_rows)
        except _BROKEN_WORKBOOK:
            raise SpreadsheetError(
                _(
                    "ไฟล์ Excel นี้เสียหายหรือมีข้อมูลที่ระบบอ่านไม่ได้ กรุณาเปิดใน Excel "
                    "แล้วบันทึกใหม่เป็น “Excel Workbook (.xlsx)”"
                )
            ) from None
    if data.startswith(_UTF16_BOMS):
        rows = _csv_rows(data, encodings=("utf-16",))
    elif data.startswith(_OLE):
        raise SpreadsheetError(
            _(
                "ไฟล์นี้เป็น Excel รุ่นเก่า (.xls) กรุณาเปิดใน Excel แล้วบันทึกเป็น "
                "“Excel Workbook (.xlsx)” หรือ “CSV UTF-8” ก่อนนำเข้า"
            )
        )
    elif b"\x00" in data[:4096] or data.startswith(b"%PDF"):
        raise SpreadsheetError(_not_a_spreadsheet())
    else:
        rows = _csv_rows(data)
    return _sheet(rows, header_marker, max_rows)


def _not_a_spreadsheet() -> str:
    return _("ไฟล์นี้ไม่ใช่ตารางข้อมูลที่ระบบอ่านได้ กรุณาใช้ไฟล์ Excel (.xlsx) หรือ CSV")


def _check_zip(data: bytes) -> None:
    """Refuse an .xlsx that would expand too far, from its zip directory alone."""
    try:
        parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise SpreadsheetError(_not_a_spreadsheet()) from None
    if len(parts) > MAX_XLSX_PARTS:
        raise SpreadsheetError(
            _("ไฟล์ Excel นี้มีส่วนประกอบภายใน %(n)s ส่วน เกินกว่าที่รับได้ (%(max)s ส่วน) "
              "กรุณาเปิดใน Excel แล้วบันทึกใหม่ หรือแบ่งเป็นหลายไฟล์")
            % {"n": f"{len(parts):,}", "max": MAX_XLSX_PARTS}
        )  # fmt: skip
    total = 0
    for part in parts:
        total += part.file_size
        sheet = part.filename.startswith("xl/worksheets/")
        limit = MAX_XLSX_BYTES if sheet else MAX_XLSX_PART_BYTES
        if part.file_size > limit or total > MAX_XLSX_BYTES:
            if part.file_size <= limit:
                size, limit = total, MAX_XLSX_BYTES
            else:
                size = part.file_size
            raise SpreadsheetError(
                _("ไฟล์ Excel นี้เมื่อคลายออกมีขนาด %(size)s MB เกินกว่าที่รับได้ (%(max)s MB) "
                  "กรุณาแบ่งเป็นหลายไฟล์")
                % {"size": _mb(size), "max": _mb(limit)}
            )  # fmt: skip
        if part.file_size > RATIO_CHECKED_BYTES and (
            part.file_size > MAX_XLSX_RATIO * max(part.compress_size, 1)
        ):
            raise SpreadsheetError(
                _("ไฟล์ Excel นี้ถูกบีบอัดผิดปกติ (ส่วน %(part)s ขยายได้ %(ratio)s เท่า) "
                  "ระบบจึงไม่เปิดอ่าน กรุณาเปิดใน Excel แล้วบันทึกใหม่เป็น “Excel Workbook (.xlsx)”")
                % {"part": part.filename[:60],
                   "ratio": f"{part.file_size // max(part.compress_size, 1):,}"}
            )  # fmt: skip


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):,.1f}"


class _UnsizedWorksheet(ReadOnlyWorksheet):
    """A read-only sheet that does not look for its size when the workbook opens.

    openpyxl looks for each sheet's <dimension> then, and a sheet without one (Excel
    always writes it; a hand-made bomb need not) is parsed to its end: 50 MB of rows, for
    every sheet, before the first row is read. The size is never used here: it is reset
    (``reset_dimensions``) before the rows are read."""

    def _get_size(self):
        pass


_OPENING = threading.Lock()  # openpyxl names its sheet class in a module global


def _open_workbook(data: bytes):
    with _OPENING:
        openpyxl.reader.excel.ReadOnlyWorksheet = _UnsizedWorksheet
        try:
            return load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        finally:
            openpyxl.reader.excel.ReadOnlyWorksheet = ReadOnlyWorksheet


def _padding_only(row) -> bool:
    """Whether ``row`` holds only the EMPTY_CELL openpyxl pads rows with (by identity, in C)."""
    return all(map(_EMPTY_CELL_ID.__eq__, map(id, row)))


_EMPTY_CELL_ID = id(EMPTY_CELL)


def _xlsx_rows(data: bytes, header_marker: str):
    try:
        book = _open_workbook(data)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise SpreadsheetError(_not_a_spreadsheet()) from None
    try:
        sheets = book.worksheets
        if not sheets:
            raise SpreadsheetError(_("ไฟล์ Excel นี้ไม่มีแผ่นงาน"))
        chosen = sheets[0]
        for sheet in sheets:
            if _find_header(_first_rows(sheet), header_marker) is not None:
                chosen = sheet
                break
        # Some programs write a wrong sheet size; read what is really there.
        chosen.reset_dimensions()
        for row in chosen.iter_rows(min_row=1, max_col=MAX_COLUMNS):
            # openpyxl pads each row with EMPTY_CELL up to MAX_COLUMNS: skip them cheaply.
            if _padding_only(row):
                yield []
            else:
                width = len(row)
                while row[width - 1] is EMPTY_CELL:
                    width -= 1  # the padding after the last cell is not the row's
                yield [None if cell is EMPTY_CELL else _xlsx_value(cell) for cell in row[:width]]
    finally:
        book.close()


def _first_rows(sheet) -> list[list]:
    sheet.reset_dimensions()
    return [
        [_xlsx_value(cell) for cell in row[:MAX_COLUMNS]]
        for row in sheet.iter_rows(min_row=1, max_row=HEADER_SEARCH_ROWS, max_col=MAX_COLUMNS)
    ]


def _xlsx_value(cell):
    value = cell.value
    if isinstance(value, ArrayFormula | DataTableFormula):
        return Formula(getattr(value, "text", None) or "=")
    data_type = getattr(cell, "data_type", None)
    if data_type == "e":
        raise SpreadsheetError(
            _("ช่อง %(cell)s มีค่าผิดพลาดของ Excel (%(value)s) กรุณาแก้ไขในไฟล์ก่อนนำเข้า")
            % {"cell": cell.coordinate, "value": str(value)[:20]}
        )
    if data_type == "f" or (isinstance(value, str) and _RUNNABLE.match(value)):
        return Formula(str(value))
    if isinstance(value, str):
        return _unquote(value)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # "inf", "nan": the importers refuse it as text where a number goes
    return value


def _unquote(text: str) -> str:
    if len(text) > 1 and text[0] == "'" and text[1] in _EXPORT_QUOTED:
        return text[1:]
    return text


def _csv_rows(data: bytes, encodings=("utf-8-sig", "cp874")):
    text = None
    for encoding in encodings:
        # Excel on Thai Windows saves "CSV" in the Thai code page (cp874/TIS-620).
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        raise SpreadsheetError(_("อ่านไฟล์ CSV ไม่ได้ กรุณาบันทึกเป็น “CSV UTF-8”"))
    first_line = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first_line.count)
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            yield [_csv_value(value) for value in row[:MAX_COLUMNS]]
    except csv.Error:
        raise SpreadsheetError(_("อ่านไฟล์ CSV ไม่ได้ รูปแบบไฟล์ไม่ถูกต้อง")) from None


def _csv_value(value: str):
    # Checked before the export's apostrophe is removed: "'=A1" is the text "=A1".
    return Formula(value) if _RUNNABLE.match(value) else _unquote(value)


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header_key(value) -> str:
    return "" if _blank(value) else " ".join(str(value).split())


def _find_header(rows: list[list], header_marker: str) -> int | None:
    marker = header_marker.replace(" ", "")
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if any(_header_key(value).replace(" ", "").startswith(marker) for value in row):
            return index
    return None


def _sheet(rows, header_marker: str, max_rows: int) -> Sheet:
    head: list[list] = []
    sheet = None
    data_rows = blank_rows = 0
    for number, row in enumerate(rows, start=1):
        if sheet is None:
            head.append(row)
            found = _find_header(head, header_marker)
            if found is None:
                if number >= HEADER_SEARCH_ROWS:
                    break
                continue
            sheet = Sheet(headers=[_header_key(value) for value in head[found]],
                          header_row=found + 1)  # fmt: skip
            continue
        if all(_blank(value) for value in row):
            # Blank rows count too, or a sheet of a million of them (a styled column, or
            # one cell on row 1,048,576) would be read to its end.
            blank_rows += 1
            if blank_rows > max_rows:
                raise SpreadsheetError(
                    _("แผ่นงานมีแถวว่างเกิน %(max)s แถว กรุณาลบแถวว่างใต้ตาราง หรือแบ่งเป็นหลายไฟล์")
                    % {"max": f"{max_rows:,}"}
                )
            continue
        data_rows += 1
        if data_rows > max_rows:
            raise SpreadsheetError(
                _("ไฟล์มีข้อมูลเกิน %(max)s แถว กรุณาแบ่งเป็นหลายไฟล์") % {"max": f"{max_rows:,}"}
            )
        sheet.rows.append((number, row))
    if sheet is None:
        raise SpreadsheetError(
            _("ไม่พบแถวหัวคอลัมน์ที่มีคอลัมน์ “%(column)s” กรุณาใช้แบบฟอร์มนำเข้า") % {"column": header_marker}
        )
    return sheet


def excel_date(value) -> datetime.date | None:
    """A date cell of Excel as a date; a year typed in BE into a CE calendar is read as BE.

    Excel keeps dates in the Christian era whatever the display; a Thai officer who
    types 8/6/2566 into an Excel set to the Christian calendar gets the year 2566 CE.
    """
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not isinstance(value, datetime.date):
        return None
    if value.year >= 2400:
        try:
            return value.replace(year=value.year - 543)
        except ValueError:  # 29 February of a year that is not leap in CE
            return None
    return value
