"""A governor opens the dashboard before a provincial meeting, in Chromium.

The executive of Nakhon Phanom logs in and lands on the province dashboard, changes
the fiscal year, picks a district on the map (drawn from the imported boundaries) and
follows a club of that district to its page; the same at phone width.
"""

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from programs.models import District
from tests.browser.conftest import PHONE
from tests.programs.factories import (
    ClubFactory,
    ClubMembershipFactory,
    IndicatorFactory,
    IndicatorResultFactory,
    ObjectiveFactory,
    ProgramFactory,
)

pytestmark = pytest.mark.browser
BOUNDARIES = "/work/shared/data/boundaries"
NAKHON_PHANOM_DISTRICTS = {"4802": "ปลาปาก", "4803": "ท่าอุเทน", "4804": "บ้านแพง"}


@pytest.fixture
def nakhon_phanom(province_a, officer_a):
    for code, name in NAKHON_PHANOM_DISTRICTS.items():
        District.objects.create(code=code, province=province_a, name_th=name, name_en=name)
    for code in ("4801", "4801", "4802", "4803"):
        club = ClubFactory(district_id=code, province=province_a)
        ClubMembershipFactory(club=club, fiscal_year=2568, members=150, target_population=300)
    ClubFactory(district_id="4801", province=province_a, name="ชมรม TO BE NUMBER ONE บ้านนาสมดี")
    objective = ObjectiveFactory(
        program=ProgramFactory(slug="to-be-number-one", name_th="TO BE NUMBER ONE"),
        fiscal_year=2568,
        number=1,
    )
    indicator = IndicatorFactory(objective=objective, code="TBN-1.1", name="ร้อยละสมาชิก")
    for period, value in enumerate([20, 45, 70, 96], start=1):
        IndicatorResultFactory(indicator=indicator, province=province_a, period=period,
                               value=value, status="on_track", entered_by=officer_a)  # fmt: skip
    call_command("import_boundaries", BOUNDARIES)
    return province_a


def _journey(page: Page, live_server, log_in, width_name: str, screenshots) -> None:
    log_in("governor_a")
    expect(page.get_by_role("heading", level=1)).to_have_text("ภาพรวมจังหวัดนครพนม")

    page.get_by_label("ปีงบประมาณ (พ.ศ.)").select_option("2568")
    page.get_by_label("ถึงไตรมาส").select_option("4")
    with page.expect_navigation():
        page.get_by_role("button", name="แสดง").click()
    expect(page.get_by_text("ข้อมูลถึงไตรมาส 4/2568")).to_be_visible()
    expect(page.locator(".indicator-tile")).to_contain_text("TBN-1.1")
    district = page.locator('.map-svg a[href*="/districts/4801/"]')
    expect(district).to_have_attribute("aria-label", "เมืองนครพนม: 3")
    page.get_by_label("ระบายสีตาม").select_option("coverage")
    expect(district).to_have_attribute("aria-label", "เมืองนครพนม: 50%")
    page.screenshot(path=str(screenshots / f"dashboard-province-{width_name}.png"), full_page=True)
    # Nothing wider than the screen: wide tables scroll inside their own box.
    width = page.evaluate("window.innerWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    with page.expect_navigation():
        district.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("อำเภอเมืองนครพนม จังหวัดนครพนม")
    page.screenshot(path=str(screenshots / f"dashboard-district-{width_name}.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("link", name="ชมรม TO BE NUMBER ONE บ้านนาสมดี").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("บ้านนาสมดี")


def test_governor_changes_the_year_and_drills_from_the_map_to_a_club(
    page: Page, live_server, log_in, screenshots, nakhon_phanom, executive_a, traffic
):
    _journey(page, live_server, log_in, "desktop", screenshots)
    traffic.assert_clean()


def test_the_same_journey_at_phone_width(
    page: Page, live_server, log_in, screenshots, nakhon_phanom, executive_a, traffic
):
    page.set_viewport_size({**PHONE, "width": 390})
    _journey(page, live_server, log_in, "phone", screenshots)
    traffic.assert_clean()
