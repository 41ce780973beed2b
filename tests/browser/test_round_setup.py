"""An officer seats an evaluator on a round's committee in Chromium: choosing them proposes
the position from their account. The round page, with its committee and itinerary, fits a
390 px phone. Screenshots go to var/screenshots/."""

import pytest
from playwright.sync_api import Page, expect

from accounts.models import Role
from tests.accounts.factories import UserFactory
from tests.evaluations.factories import RoundFactory, published_rubric, visit_for
from tests.programs.factories import ClubFactory

pytestmark = pytest.mark.browser

PHONE_390 = {"width": 390, "height": 844}


def test_officer_adds_a_committee_member_on_desktop_and_phone(
    page: Page, live_server, log_in, traffic, screenshots, officer_a, province_a, evaluator
):
    rubric = published_rubric()
    round_ = RoundFactory(
        province=province_a, program=rubric.program,
        name="ตรวจประเมินชมรม TO BE NUMBER ONE จังหวัดนครพนม ประจำปี 2568",
    )  # fmt: skip
    district = province_a.districts.first()
    for name, host in [
        ("ชมรม TO BE NUMBER ONE โรงเรียนปิยะมหาราชาลัย", "โรงเรียนปิยะมหาราชาลัย"),
        ("ชมรม TO BE NUMBER ONE ชุมชนบ้านหนองญาติ", "ศาลาประชาคมบ้านหนองญาติ"),
    ]:
        club = ClubFactory(district=district, name=name, host_organisation=host)
        visit_for(round_=round_, rubric=rubric, club=club, evaluators=[evaluator])
    newcomer = UserFactory(
        username="somchai", first_name="สมชาย", last_name="ใจดี", role=Role.EVALUATOR,
        position="ผู้อำนวยการโรงพยาบาลส่งเสริมสุขภาพตำบล",
    )  # fmt: skip
    log_in(officer_a.username)

    page.goto(f"{live_server.url}/evaluations/rounds/{round_.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(round_.name)
    page.get_by_text("เพิ่มกรรมการ", exact=True).first.click()
    page.locator("#id_user").select_option(str(newcomer.pk))
    expect(page.get_by_label("ตำแหน่งในคณะกรรมการ")).to_have_value(newcomer.position)
    page.get_by_label("ตำแหน่งในคณะกรรมการ").fill("กรรมการและเลขานุการ")
    page.get_by_role("button", name="เพิ่มกรรมการ").click()

    committee = page.locator("section[aria-labelledby=committee]")
    expect(committee).to_contain_text("สมชาย ใจดี")
    expect(committee).to_contain_text("กรรมการและเลขานุการ")
    expect(page.locator("section[aria-labelledby=itinerary]")).to_contain_text(
        "ศาลาประชาคมบ้านหนองญาติ"
    )
    page.screenshot(path=str(screenshots / "round-setup-desktop.png"), full_page=True)

    page.set_viewport_size(PHONE_390)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_390["width"], f"page is {width}px wide at 390px"
    page.screenshot(path=str(screenshots / "round-setup-phone.png"), full_page=True)
    traffic.assert_clean()
