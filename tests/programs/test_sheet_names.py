"""Every workbook the portal hands out names its sheets in Thai for what they hold:
never tablib's "Tablib Dataset" nor openpyxl's "Sheet"."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "query", "sheets"),
    [
        ("programs:club_export", {"format": "xlsx"}, ["ชมรม"]),
        ("programs:project_export", {"format": "xlsx"}, ["โครงการ"]),
        ("programs:results_import_template", {"fiscal_year": "2568"}, ["ผลตัวชี้วัด 2568"]),
        ("programs:club_import_template", {}, ["ชมรม", "คำอธิบาย"]),
        ("evaluations:rubric_import_template", {}, ["เกณฑ์การประเมิน", "ช่วงคะแนน", "คำอธิบาย"]),
    ],
)
def test_workbook_sheets_are_named_in_thai(client, officer_a, admin_user, url, query, sheets):
    # Rubrics are built by administrators; the rest is an officer's.
    client.force_login(admin_user if url.startswith("evaluations:") else officer_a)

    response = client.get(reverse(url), query)

    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.getvalue())).sheetnames == sheets


def test_a_sheet_title_is_cut_to_what_excel_accepts():
    from programs.exports import sheet_title_text

    assert sheet_title_text("ผลตัวชี้วัด [2568]: ก/ข") == "ผลตัวชี้วัด  2568   ก ข"
    assert len(sheet_title_text("ก" * 40)) == 31
