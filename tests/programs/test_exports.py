"""programs.exports: lists streamed as CSV and xlsx, read back as Excel would read them."""

import csv
import datetime
import io
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse
from openpyxl import load_workbook

from programs.exports import export_response

COLUMNS = [("ชื่อ", lambda row: row[0]), ("ค่า", lambda row: row[1])]


def _export(rows, file_format, columns=COLUMNS):
    return export_response(rows=iter(rows), columns=columns, file_format=file_format,
                           filename="test", sheet_title="ทดสอบ")  # fmt: skip


def _xlsx(response) -> list[tuple]:
    book = load_workbook(io.BytesIO(response.getvalue()), read_only=True)
    return list(book.worksheets[0].iter_rows(values_only=True))


def _csv(response) -> list[list[str]]:
    text = response.getvalue().decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def test_more_rows_than_the_old_20000_limit_are_exported_and_read_back():
    rows = [(f"ชมรมที่ {n}", n) for n in range(25_000)]

    xlsx = _export(rows, "xlsx")
    as_csv = _export(rows, "csv")

    assert isinstance(xlsx, FileResponse) and isinstance(as_csv, StreamingHttpResponse)
    length = int(xlsx["Content-Length"])
    read = _xlsx(xlsx)
    assert len(read) == 25_001 and read[0] == ("ชื่อ", "ค่า")
    assert read[-1] == ("ชมรมที่ 24999", 24_999)
    assert len(_csv(as_csv)) == 25_001
    assert length > 100_000
    assert xlsx["Content-Disposition"] == 'attachment; filename="test.xlsx"'


def test_cells_keep_their_text_and_numbers_in_both_formats():
    rows = [
        ("a & b <c> \"d\" 'e'", Decimal("70.75")),
        ("  เว้นวรรคหน้าหลัง ", 0),
        ("ควบคุม\x08\x1fตัด\ufffe", True),
        ("@SUM(A1)", datetime.date(2023, 6, 8)),
        ("", None),
        ("ทศนิยม", 1e-7),
    ]

    read = _xlsx(_export(rows, "xlsx"))[1:]
    as_csv = _csv(_export(rows, "csv"))[1:]

    assert read == [
        ("a & b <c> \"d\" 'e'", 70.75),
        ("  เว้นวรรคหน้าหลัง ", 0),
        ("ควบคุมตัด", "ใช่"),
        ("'@SUM(A1)", "8 มิ.ย. 2566"),
        (None, None),
        ("ทศนิยม", 1e-7),
    ]
    assert as_csv[0] == ["a & b <c> \"d\" 'e'", "70.75"]
    assert as_csv[3] == ["'@SUM(A1)", "8 มิ.ย. 2566"]
    assert as_csv[4] == ["", ""]


def test_the_sheet_is_named_and_an_empty_list_still_has_its_header():
    response = _export([], "xlsx")

    book = load_workbook(io.BytesIO(response.getvalue()))
    assert book.sheetnames == ["ทดสอบ"]
    assert [cell.value for cell in book.active[1]] == ["ชื่อ", "ค่า"]
    assert book.active.max_row == 1
