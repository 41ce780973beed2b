"""Finding 7 of the walk-through (issue 20), in Chromium: /meetings/new/ sent empty shows
a linked summary naming each field; the report form chooses a district by name; an
English browser gets Thai until the user chooses English on their own page; that page
fits 390 and 1366 px and passes axe-core (WCAG 2.1 A/AA)."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from reports.models import ReportJob
from tests.browser.conftest import WAIT_LIMIT_MS, log_in_on
from tests.browser.test_page_audit import (
    AXE_JS,
    HEIGHTS,
    OVERFLOW_JS,
    WCAG_TAGS,
    signed_in_context,
)
from tests.meetings.factories import CommitteeFactory
from tests.programs.factories import DistrictFactory

pytestmark = pytest.mark.browser


def test_an_empty_new_meeting_shows_a_linked_summary_naming_each_field(
    page: Page, live_server, log_in, traffic, screenshots, officer_a, province_a
):
    CommitteeFactory(provinces=[province_a], name="คณะกรรมการ TO BE NUMBER ONE จังหวัดนครพนม")
    log_in("officer_a")
    page.goto(live_server.url + reverse("meetings:meeting_create"))
    page.locator("#id_date").fill("")
    with page.expect_navigation():
        page.locator("main form[method=post] button.btn-primary").first.click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    links = summary.get_by_role("link")
    expect(links.first).to_be_visible()
    assert "ฟิลด์นี้จำเป็น" not in page.locator("main").inner_text()
    for index in range(links.count()):
        link = links.nth(index)
        target = link.get_attribute("href")
        label = page.locator(f"label[for='{target[1:]}']").first.inner_text().strip(" *")
        text = link.inner_text()
        # "วันที่: กรุณากรอก “วันที่”": the summary names the field, so does its message.
        assert text.startswith(label + ":") and f"“{label}”" in text, text
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": HEIGHTS[width]})
        page.screenshot(path=screenshots / f"meeting-new-errors-{width}.png", full_page=True)
    links.first.click()
    expect(page.locator(links.first.get_attribute("href"))).to_be_focused()
    traffic.assert_clean()


def test_the_report_form_chooses_a_district_by_name(
    page: Page, live_server, log_in, traffic, officer_a, province_a, province_b
):
    DistrictFactory(province=province_a, code="4802", name_th="ปลาปาก")
    DistrictFactory(province=province_b, code="3302", name_th="ยางชุมน้อย")
    log_in("officer_a")
    page.goto(live_server.url + reverse("reports:job_create"))
    page.get_by_label("ชนิดรายงาน").select_option("club_directory")

    district = page.get_by_label("อำเภอ", exact=True)
    expect(district).to_be_visible()
    assert district.evaluate("el => el.tagName") == "SELECT"  # no code typed by hand
    labels = district.locator("option:not([disabled])").all_inner_texts()
    assert "ปลาปาก (4802)" in labels and not any("ยางชุมน้อย" in t for t in labels)
    district.select_option(label="ปลาปาก (4802)")
    with page.expect_navigation():
        page.get_by_role("button", name="จัดทำรายงาน").click()

    job = ReportJob.objects.get()
    assert job.kind == "club_directory" and job.parameters["district"] == "4802"
    traffic.assert_clean()


def _english_browser(browser, live_server):
    context = browser.new_context(
        viewport={"width": 1366, "height": 768}, locale="en-US", timezone_id="Asia/Bangkok"
    )
    context.set_default_timeout(WAIT_LIMIT_MS)
    assert context.new_page().evaluate("navigator.language") == "en-US"
    return context


def _lang(page: Page) -> str:
    return page.locator("html").get_attribute("lang")


def test_an_english_browser_gets_thai_until_the_user_chooses_english(
    browser, live_server, officer_a
):
    # Accept-Language: en-US. The login page and the home page are still Thai.
    context = _english_browser(browser, live_server)
    page = context.pages[0]
    log_in_on(page, live_server, "officer_a")  # the Thai labels are found: Thai
    assert _lang(page) == "th"
    page.goto(live_server.url + reverse("accounts:preferences"))
    assert _lang(page) == "th"
    expect(page.get_by_role("heading", name="ภาษาของพอร์ทัล")).to_be_visible()

    # The user chooses English on their own page: the portal answers in English.
    page.get_by_label("English").check()
    with page.expect_navigation():
        page.get_by_role("button", name="บันทึก").click()
    assert _lang(page) == "en"
    expect(page.get_by_role("heading", name="Portal language")).to_be_visible()
    officer_a.refresh_from_db()
    assert officer_a.language == "en"
    context.close()

    # Kept on the account, not in this browser: a fresh Thai browser signs in to English.
    context = browser.new_context(locale="th-TH", timezone_id="Asia/Bangkok")
    context.set_default_timeout(WAIT_LIMIT_MS)
    page = context.new_page()
    log_in_on(page, live_server, "officer_a")  # the login page is Thai: nobody signed in
    assert _lang(page) == "en"
    page.goto(live_server.url + reverse("accounts:preferences"))
    expect(page.get_by_role("heading", name="Portal language")).to_be_visible()
    context.close()


def test_preferences_page_fits_and_passes_axe_at_phone_and_desktop(
    browser, live_server, officer_a, screenshots
):
    assert AXE_JS.is_file(), f"{AXE_JS} is missing: run `npm ci`"
    problems = []
    for width in (390, 1366):
        context = signed_in_context(browser, live_server, officer_a, width, bypass_csp=True)
        page = context.new_page()
        page.goto(live_server.url + reverse("accounts:preferences"), wait_until="load")
        # The page as it is first read, and after a save with its message.
        for state in ("first", "saved"):
            if state == "saved":
                with page.expect_navigation():
                    page.get_by_role("button", name="บันทึก").click()
                expect(page.get_by_text("บันทึกภาษาของพอร์ทัลแล้ว")).to_be_visible()
            measured = page.evaluate(OVERFLOW_JS)
            if measured["scroll"] > measured["width"]:
                problems.append(f"{width}px {state}: {measured['scroll']}px, {measured['widest']}")
            page.add_script_tag(path=str(AXE_JS))
            found = page.evaluate(
                "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
                ".then(r => r.violations.map(v => v.id + ' ' +"
                " v.nodes.map(n => n.target.join(' ')).join(', ')))",
                WCAG_TAGS,
            )
            problems += [f"{width}px {state}: {violation}" for violation in found]
            page.screenshot(path=screenshots / f"preferences-{state}-{width}.png", full_page=True)
        assert urlsplit(page.url).path == reverse("accounts:preferences")
        context.close()
    assert not problems, problems
