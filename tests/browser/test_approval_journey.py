"""Sign-off of a quarter, in Chromium at phone width (390 px): the officer submits it,
the head of office returns one figure with a reason, the officer fixes it and submits
again, the head approves the period, and the governor's dashboard shows it approved.
Each step that a person reads is also shot at 1366 px, and fits both widths."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE
from tests.programs.factories import quarter_to_sign_off

pytestmark = pytest.mark.browser


@pytest.fixture
def quarter(province_a, officer_a):
    return quarter_to_sign_off(province=province_a, entered_by=officer_a, values=(120, 38))


def test_officer_submits_head_returns_one_figure_then_approves_governor_sees_it(
    page: Page, live_server, log_in, screenshots, quarter, officer_a, approver_a, executive_a,
    traffic,
):  # fmt: skip
    page.set_viewport_size({**PHONE, "width": 390})
    entry = live_server.url + reverse(
        "programs:results_entry", args=["to-be-number-one", 2568, "q2"]
    )
    approval = live_server.url + reverse(
        "programs:period_approval", args=["to-be-number-one", 2568, "q2", "48"]
    )

    def as_user(username):
        page.context.clear_cookies()
        log_in(username)

    def shoot(name: str) -> None:
        """The page as it is now at 1366 px and at 390 px, neither wider than the window."""
        for width in (1366, 390):
            page.set_viewport_size({**PHONE, "width": width})
            page.screenshot(path=str(screenshots / f"{name}-{width}.png"), full_page=True)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)

    # The officer sends the quarter.
    as_user("officer_a")
    page.goto(entry)
    with page.expect_navigation():
        page.get_by_role("button", name="ส่งผลงวดนี้ให้รับรอง").click()
    expect(page.locator("#approval-state")).to_contain_text("ส่งรับรองแล้ว")

    # The head of office returns one figure with a reason.
    as_user("head_a")
    page.goto(approval)
    page.get_by_label("เหตุผลที่ส่งกลับ TB-2").fill("ยอดชมรมใหม่ไม่ตรงกับทะเบียน")
    with page.expect_navigation():
        page.get_by_role("button", name="ส่งกลับให้แก้ไข").click()
    expect(page.locator("#approval-state")).to_contain_text("ส่งกลับให้แก้ไข")

    # The officer sees the reason beside the figure, fixes it and sends again.
    as_user("officer_a")
    page.goto(entry)
    row = page.locator(f"#row-{quarter['clubs'].pk}")
    expect(row.locator(".returned-reason")).to_contain_text("ยอดชมรมใหม่ไม่ตรงกับทะเบียน")
    shoot("approval-returned")
    row.locator("input[name$='-value']").fill("40")
    with page.expect_navigation():
        page.get_by_role("button", name="บันทึกผลทั้ง 2 ตัวชี้วัด").click()
    with page.expect_navigation():
        page.get_by_role("button", name="ส่งผลงวดนี้ให้รับรอง").click()

    # The head sees the figure fixed against what they returned, and approves the period.
    as_user("head_a")
    page.goto(approval)
    expect(page.locator("#approval-history")).to_contain_text("ยอดชมรมใหม่ไม่ตรงกับทะเบียน")
    expect(page.locator("#approval-state")).to_contain_text("เหตุผลที่ส่งกลับครั้งก่อน")
    shoot("approval-resubmitted")
    with page.expect_navigation():
        page.get_by_role("button", name="รับรองผลทั้งงวด (2 ตัวชี้วัด)").click()
    expect(page.locator("#approval-state")).to_contain_text("รับรองแล้ว")
    shoot("approval-approved")

    # The governor's dashboard shows both figures approved.
    as_user("governor_a")
    page.goto(live_server.url + reverse("reports:dashboard_province", args=["48"]) + "?fy=2568&q=4")
    expect(page.locator('[data-approval="approved"]')).to_have_count(2)
    expect(page.locator('[data-approval="provisional"]')).to_have_count(0)
    shoot("approval-dashboard")
    # Approved figures only: both are still there.
    page.get_by_label("เฉพาะผลที่รับรองแล้ว").check()
    with page.expect_navigation():
        page.get_by_role("button", name="แสดง").click()
    expect(page.get_by_label("เฉพาะผลที่รับรองแล้ว")).to_be_checked()
    expect(page.locator('[data-approval="approved"]')).to_have_count(2)
    traffic.assert_clean()
