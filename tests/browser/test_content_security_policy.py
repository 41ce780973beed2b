"""Pages work under the Content-Security-Policy (script-src and style-src 'self').

The pages that used to carry inline scripts, styles or handlers are opened in
Chromium: nothing is blocked (the `page` fixture fails on any CSP report on the
console), and what those inline bits did still happens, now from static/src/portal.js
and the stylesheets.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE
from tests.meetings.factories import CommitteeFactory, CommitteeMemberFactory, make_meeting
from tests.programs.factories import (
    IndicatorFactory,
    ObjectiveFactory,
    ProgramFactory,
    ProgramVillageFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def world(province_a, officer_a):
    program = ProgramFactory(slug="to-be-number-one", name_th="TO BE NUMBER ONE")
    IndicatorFactory(objective=ObjectiveFactory(program=program, fiscal_year=2568))
    project = ProjectFactory(program=program, province=province_a, progress=37)
    ProgramVillageFactory(village__subdistrict=province_a.districts.first().subdistricts.first())
    committee = CommitteeFactory(provinces=[province_a])
    CommitteeMemberFactory(committee=committee, role="chair")
    meeting = make_meeting(committee, created_by=officer_a)
    return {"program": program, "project": project, "meeting": meeting}


def test_pages_that_had_inline_code_work_under_the_policy(
    page, live_server, log_in, traffic, world
):
    log_in("officer_a")
    program = world["program"]

    page.goto(live_server.url + reverse("programs:framework_detail", args=[program.slug, 2568]))
    assert page.locator(".framework-table").first.evaluate(
        "el => getComputedStyle(el).tableLayout"
    ) == "fixed"  # fmt: skip

    # Choosing another period navigates (was onchange="window.location = …").
    page.goto(live_server.url + reverse("programs:results_entry", args=[program.slug, 2568, "q1"]))
    with page.expect_navigation():
        page.locator("#period-select").select_option(index=1)
    assert "/q2/" in page.url

    # Progress bars take their width from a class, not a style attribute.
    page.goto(live_server.url + reverse("programs:project_detail", args=[world["project"].pk]))
    bar = page.locator(".progress-bar").first
    ratio = bar.evaluate(
        "el => el.getBoundingClientRect().width / el.parentElement.getBoundingClientRect().width"
    )  # noqa: E501
    assert abs(ratio - 0.37) < 0.01

    page.goto(live_server.url + reverse("programs:village_list"))
    expect(page.locator(".progress-bar").first).to_be_attached()

    # The report form shows only the options of the chosen kind (was an inline script).
    page.goto(live_server.url + reverse("reports:job_create"))
    meeting_choice = page.locator('[data-report-kinds="minutes"]').first
    page.locator("#id_kind").select_option("club_directory")
    expect(meeting_choice).to_be_hidden()
    page.locator("#id_kind").select_option("minutes")
    expect(meeting_choice).to_be_visible()

    page.goto(live_server.url + reverse("meetings:meeting_minutes", args=[world["meeting"].pk]))
    expect(page.locator("[data-print]")).to_be_visible()

    # The language switch submits itself (was onchange="this.form.submit()").
    with page.expect_navigation():
        page.locator("#language").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.goto(live_server.url + reverse("portal:privacy"))
    page.goto(live_server.url + reverse("api-docs"))
    expect(page.locator(".swagger-ui").first).to_be_visible()
    traffic.assert_clean()


def test_admin_pages_work_under_the_policy(
    page, live_server, log_in, traffic, admin_user, officer_a, screenshots
):
    from tests.programs.factories import ClubFactory

    ClubFactory(district=officer_a.province.districts.first(), name="ชมรม TO BE NUMBER ONE นาสมดี")
    log_in("admin")
    page.goto(live_server.url + reverse("audit:log"))
    expect(page.get_by_role("heading", name="บันทึกการเปลี่ยนแปลงข้อมูล")).to_be_visible()
    expect(page.get_by_role("cell", name="ชมรม TO BE NUMBER ONE นาสมดี")).to_be_visible()
    page.screenshot(path=screenshots / "audit-log-desktop.png", full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=screenshots / "audit-log-phone.png", full_page=True)
    page.goto(live_server.url + reverse("portal:privacy"))
    page.screenshot(path=screenshots / "privacy-phone.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + reverse("admin:programs_club_add"))
    expect(page.locator("#club_form")).to_be_visible()
    traffic.assert_clean()
