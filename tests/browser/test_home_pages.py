"""Each role logs in through the form and lands on its own Thai home page.

Every home page is checked at desktop width and at a 360 px phone: styled by
Bootstrap, Thai text drawn in Sarabun, no sideways scrolling, the menu folded behind
a toggler. Screenshots go to var/screenshots/ for a person to look at.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE
from tests.programs.factories import ProgramFactory

pytestmark = pytest.mark.browser

WRONG_LOGIN = "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"

# (user fixture, texts the home page shows, texts that must appear nowhere in it)
HOME_PAGES = [
    pytest.param("admin_user", ["ผู้ดูแลระบบ"], [], id="admin"),
    pytest.param("officer_a", ["นครพนม"], ["ศรีสะเกษ"], id="officer"),
    pytest.param("evaluator", ["การตรวจเยี่ยมที่ได้รับมอบหมาย"], [], id="evaluator"),
    pytest.param("executive_a", ["ภาพรวมจังหวัดนครพนม"], ["ศรีสะเกษ"], id="executive"),
    pytest.param("national_executive", ["ภาพรวมระดับประเทศ"], [], id="national-executive"),
]


@pytest.fixture
def programs(province_a, province_b):
    """The seed programs, and one run only in Sisaket that Nakhon Phanom must not see."""
    ProgramFactory(
        slug="to-be-number-one",
        name_th="โครงการรณรงค์ป้องกันและแก้ไขปัญหายาเสพติด TO BE NUMBER ONE",
        short_name="TO BE NUMBER ONE",
        owner_agency="กรมสุขภาพจิต กระทรวงสาธารณสุข",
        start_year=2545,
    )
    ProgramFactory(
        slug="roi-jai-rak",
        name_th="โครงการร้อยใจรักษ์",
        short_name="ร้อยใจรักษ์",
        owner_agency="สำนักงาน ป.ป.ส. ร่วมกับมูลนิธิแม่ฟ้าหลวง ในพระบรมราชูปถัมภ์",
        start_year=2564,
    ).provinces.add(province_a)
    ProgramFactory(
        slug="teen-dancercise-sisaket",
        name_th="การประกวด TEEN DANCERCISE จังหวัดศรีสะเกษ",
        short_name="TEEN DANCERCISE ศรีสะเกษ",
        owner_agency="สำนักงานสาธารณสุขจังหวัดศรีสะเกษ",
        start_year=2567,
    ).provinces.add(province_b)


def platform_fonts(page: Page, selector: str) -> dict[str, int]:
    """The fonts Chromium actually drew the text of `selector` with: {family: glyphs}."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument")["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    finally:
        cdp.detach()
    return {font["familyName"]: font["glyphCount"] for font in fonts}


def assert_styled(page: Page) -> None:
    """Bootstrap's stylesheet is applied and Sarabun is loaded and used for Thai."""
    bootstrap_blue = page.evaluate(
        "getComputedStyle(document.documentElement).getPropertyValue('--bs-blue').trim()"
    )
    assert bootstrap_blue == "#0d6efd", "bootstrap.min.css is not applied"
    loaded_weights = page.evaluate(
        """async () => {
            await document.fonts.ready;
            return [...document.fonts]
                .filter((f) => f.family.replaceAll('"', '') === 'Sarabun' && f.status === 'loaded')
                .map((f) => f.weight);
        }"""
    )
    assert "400" in loaded_weights, f"Sarabun 400 not loaded (loaded: {loaded_weights})"
    assert page.evaluate("document.fonts.check('16px Sarabun', 'ภาพรวมจังหวัด')")
    for selector in ("h1", "main p"):
        # Chromium names the face it drew with: "Sarabun", "Sarabun SemiBold", …
        fonts = platform_fonts(page, selector)
        assert fonts, f"no text drawn in {selector}"
        assert all(name.startswith("Sarabun") for name in fonts), f"{selector} drawn in {fonts}"


def assert_fits_phone(page: Page) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PHONE["width"], f"page is {scroll_width}px wide at {PHONE['width']}px"


def test_wrong_password_shows_thai_error(
    page: Page, live_server, log_in, traffic, screenshots, officer_a
):
    log_in(officer_a.username, "not-the-password")

    expect(page.get_by_role("alert")).to_contain_text(WRONG_LOGIN)
    assert page.url.startswith(live_server.url + "/accounts/login/")
    assert_styled(page)
    page.screenshot(path=screenshots / "login-error-desktop.png", full_page=True)
    page.set_viewport_size(PHONE)
    assert_fits_phone(page)
    page.screenshot(path=screenshots / "login-error-phone.png", full_page=True)
    traffic.assert_clean()


@pytest.mark.parametrize(("user_fixture", "shown", "hidden"), HOME_PAGES)
def test_role_lands_on_its_thai_home_page(
    request,
    page: Page,
    live_server,
    log_in,
    traffic,
    screenshots,
    programs,
    user_fixture,
    shown,
    hidden,
):
    user = request.getfixturevalue(user_fixture)
    name = request.node.callspec.id

    log_in(user.username)

    assert page.url == live_server.url + "/"
    for text in shown:
        expect(page.locator("main")).to_contain_text(text)
    html = page.content()
    for text in hidden:
        assert text not in html, f"{text!r} leaked into the home page of {user_fixture}"
    assert_styled(page)

    toggler = page.locator(".navbar-toggler")
    menu = page.locator("#nav")
    expect(toggler).to_be_hidden()
    expect(menu).to_be_visible()
    page.screenshot(path=screenshots / f"home-{name}-desktop.png", full_page=True)

    page.set_viewport_size(PHONE)
    assert_fits_phone(page)
    expect(toggler).to_be_visible()
    expect(menu).to_be_hidden()
    page.screenshot(path=screenshots / f"home-{name}-phone.png", full_page=True)

    # Bootstrap's JavaScript opens the folded menu.
    toggler.click()
    expect(menu).to_have_class(re.compile(r"\bshow\b"))  # set once the animation ends
    expect(menu.get_by_role("link", name="หน้าแรก")).to_be_visible()
    assert_fits_phone(page)
    page.screenshot(path=screenshots / f"home-{name}-phone-menu.png")
    traffic.assert_clean()
