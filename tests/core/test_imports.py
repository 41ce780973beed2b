"""The import toolkit: cell readers answer a value or a Thai CellProblem; a Problem says
where, as the user sees the sheet."""

import datetime

import pytest

from core.imports import (
    CellProblem,
    Problem,
    cell_date,
    cell_fiscal_year,
    cell_phone,
    cell_text,
    cell_whole_number,
    cell_yes_no,
    header_key,
)
from core.spreadsheets import Formula


@pytest.mark.parametrize(
    ("reader", "value", "expected"),
    [
        (cell_text, "  ชมรม   บ้านนา ", "ชมรม บ้านนา"),
        (cell_text, 48.0, "48"),
        (cell_whole_number, "๑,๒๐๐", 1200),
        (cell_fiscal_year, "๒๕๖๘", 2568),
        (cell_fiscal_year, 2568.0, 2568),
        (cell_yes_no, "มี", True),
        (cell_yes_no, "ไม่มี", False),
        (cell_phone, 42511234, "042511234"),
        (cell_date, "8/6/2566", datetime.date(2023, 6, 8)),
    ],
)
def test_a_cell_reader_answers_the_value(reader, value, expected):
    if reader in (cell_whole_number,):
        assert reader(value, minimum=0) == expected
    elif reader is cell_yes_no:
        assert reader(value, blank=False) == expected
    else:
        assert reader(value) == expected


@pytest.mark.parametrize(
    ("reader", "value", "words"),
    [
        (cell_text, Formula("=A1+1"), "สูตร"),
        (cell_text, True, "TRUE/FALSE"),
        (cell_fiscal_year, 2025, "ค.ศ."),
        (cell_date, 45000, "วว/ดด/ปปปป"),
        (lambda value: cell_whole_number(value, minimum=0), "1,00", "จุลภาค"),
    ],
)
def test_a_cell_reader_refuses_in_thai(reader, value, words):
    with pytest.raises(CellProblem) as caught:
        reader(value)
    assert words in caught.value.message


def test_a_problem_names_row_and_column_as_the_user_sees_them():
    assert str(Problem(7, "ปีงบประมาณ", "ไม่ถูกต้อง")) == "แถวที่ 7: “ปีงบประมาณ”: ไม่ถูกต้อง"
    assert str(Problem(None, "", "ไฟล์ว่าง")) == "ไฟล์ว่าง"


def test_headers_compare_loosely():
    assert header_key(" ชื่อชมรม * (ภาษาไทย)") == header_key("ชื่อชมรม")
