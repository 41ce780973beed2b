"""An administrator adds a criterion to a draft rubric in Chromium, at desktop width and
on a 390 px phone; the page fits the phone. Screenshots go to var/screenshots/."""

import pytest
from playwright.sync_api import Page, expect

from tests.evaluations.factories import draft_rubric

pytestmark = pytest.mark.browser

PHONE_390 = {"width": 390, "height": 844}


def test_administrator_adds_a_criterion_to_a_draft_on_desktop_and_phone(
    page: Page, live_server, log_in, traffic, screenshots, admin_user
):
    rubric = draft_rubric(name="เกณฑ์การประเมินชมรม TO BE NUMBER ONE ในสถานศึกษา")
    component = rubric.components.get(order=2)
    log_in(admin_user.username)

    page.goto(f"{live_server.url}/evaluations/rubrics/{rubric.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(rubric.name)
    card = page.locator(f"#component-{component.pk}")
    card.get_by_text("เพิ่มประเด็นการประเมิน").click()
    card.get_by_label("ประเด็นการประเมิน").fill("มีแผนงานป้องกันยาเสพติดในสถานศึกษา")
    card.get_by_label("คะแนนเต็ม").fill("0.5")
    card.get_by_label("หลักฐานที่ควรมี").fill("แผนปฏิบัติการประจำปี")
    card.get_by_role("button", name="เพิ่มประเด็นในองค์ประกอบที่ 2").click()

    expect(page.get_by_role("alert").or_(page.locator(".alert"))).to_contain_text("เพิ่มประเด็น")
    expect(page.locator(f"#component-{component.pk}")).to_contain_text("2.4")
    expect(page.locator("main")).to_contain_text("คะแนนเต็มรวม 4.50")
    page.screenshot(path=str(screenshots / "rubric-draft-desktop.png"), full_page=True)

    page.set_viewport_size(PHONE_390)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_390["width"], f"page is {width}px wide at 390px"
    page.screenshot(path=str(screenshots / "rubric-draft-phone.png"), full_page=True)
    traffic.assert_clean()
