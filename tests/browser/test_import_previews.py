"""Imports with a preview, in Chromium (issue 20, finding 5): the indicator results file is
checked first (what each row will do, nothing saved), a failed check keeps the chosen
file for the retry, and only the confirmation writes. Shot at 390 and 1366 px."""

from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from programs.models import IndicatorResult
from tests.browser.test_page_audit import HEIGHTS
from tests.programs.factories import IndicatorFactory, ObjectiveFactory, ProgramFactory

pytestmark = pytest.mark.browser

HEADER = "รหัสตัวชี้วัด,ปีงบประมาณ,งวด,ผลการดำเนินงาน,ตัวตั้ง,ตัวหาร,หมายเหตุ"


def _csv(path, *lines: str):
    path.write_text("\ufeff" + "\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def indicators(province_a):
    objective = ObjectiveFactory(
        program=ProgramFactory(slug="to-be-number-one"), fiscal_year=2568, number=1
    )
    return [
        IndicatorFactory(objective=objective, code="TB-1", name="กิจกรรมรณรงค์", target=100),
        IndicatorFactory(objective=objective, code="TB-3", name="ชมรมใหม่", target=40),
    ]


def test_results_import_previews_keeps_the_file_and_writes_on_confirmation(
    page: Page, live_server, log_in, traffic, screenshots, tmp_path, officer_a, indicators
):
    log_in("officer_a")
    page.goto(live_server.url + reverse("programs:results_import"))

    # A wrong period: the problem by row, nothing saved, the file kept on the server.
    page.locator("input[type=file]").set_input_files(
        _csv(tmp_path / "ผลไตรมาส1.csv", "TB-1,2568,1,120,,,", "TB-3,2568,7,12,,,")
    )
    with page.expect_navigation():
        page.get_by_role("button", name="ตรวจสอบไฟล์ (ยังไม่บันทึก)").click()
    expect(page.get_by_role("alert")).to_contain_text("ยังไม่มีข้อมูลใดถูกบันทึก")
    expect(page.locator("[data-import-problems] tbody tr")).to_have_count(1)
    expect(page.locator("[data-import-problems]")).to_contain_text("3")
    expect(page.locator("[data-kept-file]")).to_contain_text("ผลไตรมาส1.csv")
    assert not IndicatorResult.objects.exists()

    # The fixed file: the preview says what each row will do; still nothing saved.
    page.locator("input[type=file]").set_input_files(
        _csv(tmp_path / "ผลไตรมาส1.csv", "TB-1,2568,1,120,,,", "TB-3,2568,1,12,,,")
    )
    with page.expect_navigation():
        page.get_by_role("button", name="ตรวจสอบไฟล์ (ยังไม่บันทึก)").click()
    preview = page.locator("[data-import-preview]")
    expect(preview).to_contain_text("ผลตัวชี้วัด: จะสร้างใหม่ 2 · จะปรับปรุง 0 · ไม่เปลี่ยนแปลง 0")
    expect(page.locator("[data-import-plan] tbody tr")).to_have_count(2)
    expect(page.locator("[data-import-plan]")).to_contain_text("ชมรมใหม่")
    assert not IndicatorResult.objects.exists()
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": HEIGHTS[width]})
        page.screenshot(path=screenshots / f"results-import-preview-{width}.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width

    with page.expect_navigation():
        page.get_by_role("button", name="ยืนยันนำเข้า 2 แถว").click()
    expect(page.get_by_role("status")).to_contain_text("สร้างใหม่ 2")
    values = dict(IndicatorResult.objects.values_list("indicator__code", "value"))
    assert values == {"TB-1": Decimal(120), "TB-3": Decimal(12)}
    traffic.assert_clean()
