"""An officer keeps their province's data current, in Chromium.

They add a club, enter a quarter's indicator results on the one-screen table, import
clubs from an Excel file with a mistake (nothing is saved, the row is named), fix the
file and import it again.
"""

from pathlib import Path

import pytest
from openpyxl import Workbook
from playwright.sync_api import Page, expect

from programs.models import Club, IndicatorResult
from tests.programs.factories import IndicatorFactory, ObjectiveFactory, ProgramFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def indicator(province_a):
    program = ProgramFactory(slug="to-be-number-one", name_th="TO BE NUMBER ONE")
    objective = ObjectiveFactory(program=program, fiscal_year=2568, number=1)
    return IndicatorFactory(
        objective=objective, code="TB-1", name="จำนวนกิจกรรมรณรงค์", unit="ครั้ง", target=100
    )


def _club_file(path: Path, district_of_second_row: str) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["ชื่อชมรม", "ประเภท", "รหัสอำเภอ", "ศูนย์เพื่อนใจ"])
    sheet.append(["ชมรม TO BE NUMBER ONE ชุมชนบ้านนาราชควาย", "ชุมชน", "4801", "มี"])
    sheet.append(["ชมรม TO BE NUMBER ONE บ้านหนองญาติ", "ชุมชน", district_of_second_row, "ไม่มี"])
    book.save(path)
    return path


def test_officer_adds_a_club_enters_results_and_imports_clubs(
    page: Page, live_server, log_in, screenshots, province_a, officer_a, indicator, tmp_path
):
    log_in("officer_a")

    # A club, typed in by hand.
    page.goto(f"{live_server.url}/clubs/new/")
    page.locator("#id_name").fill("ชมรม TO BE NUMBER ONE ชุมชนบ้านนาสมดี")
    page.locator("#id_club_type").select_option("community")
    page.locator("#id_district").select_option("4801")
    page.locator("#id_founded_on").fill("8/6/2566")
    with page.expect_navigation():
        page.locator("form[method=post] button[type=submit]").last.click()
    expect(page.get_by_role("alert")).to_contain_text("เพิ่มชมรม")
    club = Club.objects.get(name="ชมรม TO BE NUMBER ONE ชุมชนบ้านนาสมดี")
    assert (club.province_id, club.founded_on.year) == ("48", 2023)

    # Quarter 2 of FY 2568: one table, one submit.
    page.goto(f"{live_server.url}/programs/to-be-number-one/results/2568/q2/")
    page.locator("#id_rows-0-value").fill("๔๕")
    page.locator("#id_rows-0-evidence_note").fill("รายงานกิจกรรมไตรมาส 2")
    with page.expect_navigation():
        page.get_by_role("button", name="บันทึกผลทั้ง 1 ตัวชี้วัด").click()
    result = IndicatorResult.objects.get(indicator=indicator, province=province_a, period=2)
    assert result.value == 45
    assert result.entered_by == officer_a
    page.screenshot(path=str(screenshots / "programs-results-entry.png"), full_page=True)

    # An Excel file with a district outside the province: the check names the row, and
    # nothing is imported; the file stays chosen on the server.
    page.goto(f"{live_server.url}/clubs/import/")
    page.locator("input[type=file]").set_input_files(_club_file(tmp_path / "bad.xlsx", "3301"))
    with page.expect_navigation():
        page.get_by_role("button", name="ตรวจสอบไฟล์ (ยังไม่บันทึก)").click()
    expect(page.get_by_role("alert")).to_contain_text("ยังไม่มีข้อมูลใดถูกบันทึก")
    expect(page.get_by_role("alert")).to_contain_text("แถวที่ไม่มีปัญหา: จะสร้างใหม่ 1")
    expect(page.locator("[data-import-problems]")).to_contain_text("รหัสอำเภอ")
    expect(page.locator("[data-kept-file]")).to_contain_text("bad.xlsx")
    page.screenshot(path=str(screenshots / "programs-import-error.png"), full_page=True)
    assert Club.objects.count() == 1

    # The same file, fixed: first the preview (what will be created), nothing saved yet.
    page.locator("input[type=file]").set_input_files(_club_file(tmp_path / "good.xlsx", "4801"))
    with page.expect_navigation():
        page.get_by_role("button", name="ตรวจสอบไฟล์ (ยังไม่บันทึก)").click()
    preview = page.locator("[data-import-preview]")
    expect(preview).to_contain_text("ชมรม: จะสร้างใหม่ 2 · จะปรับปรุง 0 · ไม่เปลี่ยนแปลง 0")
    expect(page.locator("[data-import-plan] tbody tr")).to_have_count(2)
    expect(page.locator("[data-import-plan]")).to_contain_text("บ้านหนองญาติ")
    assert Club.objects.filter(province=province_a).count() == 1
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(screenshots / "programs-import-preview-390.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1366, "height": 768})
    page.screenshot(path=str(screenshots / "programs-import-preview-1366.png"), full_page=True)

    # Confirmed: both clubs arrive; the list finds them.
    with page.expect_navigation():
        page.get_by_role("button", name="ยืนยันนำเข้า 2 แถว").click()
    expect(page.locator("main")).to_contain_text("เรียบร้อย")
    assert Club.objects.filter(province=province_a).count() == 3

    page.goto(f"{live_server.url}/clubs/?q=หนองญาติ")
    expect(page.locator("main")).to_contain_text("ชมรม TO BE NUMBER ONE บ้านหนองญาติ")
    page.set_viewport_size({"width": 360, "height": 740})
    page.screenshot(path=str(screenshots / "programs-club-list-phone.png"), full_page=True)
