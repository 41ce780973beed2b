"""The forms drawn when their panel is opened (issue 14): reassigning an action item on
the meeting page and recording progress on the open action items page, from the keyboard;
a refused reassignment names its error, keeps what was typed and holds the focus; axe
finds nothing with the panels open."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from meetings.models import ActionItem
from meetings.services import action_item_add, agenda_item_add
from tests.browser.test_page_audit import axe_violations, signed_in_context
from tests.meetings.factories import CommitteeFactory, make_meeting

pytestmark = pytest.mark.browser


@pytest.fixture
def action(province_a, officer_a):
    committee = CommitteeFactory(provinces=[province_a], name="คณะกรรมการ TO BE NUMBER ONE นครพนม")
    meeting = make_meeting(committee, date=datetime.date(2025, 3, 14))
    item = agenda_item_add(meeting=meeting, part=4, title="งบประมาณชมรม")
    return action_item_add(agenda_item=item, description="จัดทำแผนงบประมาณชมรม", responsible="สสจ.")


def open_panel(page: Page, summary_text: str, within) -> None:
    """Open a <details> panel as a keyboard user does: focus its summary, press Enter."""
    within.locator("summary", has_text=summary_text).focus()
    page.keyboard.press("Enter")


def test_an_action_item_is_reassigned_from_the_keyboard_after_a_refusal(
    page: Page, live_server, log_in, traffic, action
):
    log_in("officer_a")
    page.goto(f"{live_server.url}/meetings/{action.agenda_item.meeting_id}/")
    row = page.locator(f"#action-{action.pk}")
    expect(row.get_by_label("ผู้รับผิดชอบใหม่")).to_have_count(0)  # not drawn until opened

    open_panel(page, "เปลี่ยนผู้รับผิดชอบ", row)
    new = row.get_by_label("ผู้รับผิดชอบใหม่")
    expect(new).to_be_visible()
    page.keyboard.press("Tab")
    expect(new).to_be_focused()  # the next stop after the summary is the form's first field
    page.keyboard.type("สสจ.")
    page.keyboard.press("Tab")
    page.keyboard.type("ย้ายงาน")
    page.keyboard.press("Enter")

    row = page.locator(f"#action-{action.pk}")
    expect(row.locator("[data-error-summary]")).to_contain_text("ต้องไม่ใช่ผู้รับผิดชอบเดิม")
    new = row.get_by_label("ผู้รับผิดชอบใหม่")
    expect(new).to_be_focused()
    expect(new).to_have_attribute("aria-invalid", "true")
    expect(row.get_by_label("เหตุผล")).to_have_value("ย้ายงาน")

    new.fill("สำนักงานพัฒนาชุมชนจังหวัด")
    page.keyboard.press("Enter")
    expect(page.locator(f"#action-{action.pk}")).to_contain_text("ผู้รับผิดชอบ: สำนักงานพัฒนาชุมชนจังหวัด")
    action.refresh_from_db()
    assert action.responsible == "สำนักงานพัฒนาชุมชนจังหวัด"
    traffic.assert_clean()


def test_progress_is_recorded_from_the_open_action_items_page_by_keyboard(
    page: Page, live_server, log_in, traffic, action
):
    log_in("officer_a")
    page.goto(f"{live_server.url}/meetings/actions/")
    card = page.locator(f"#action-{action.pk}")
    expect(card.get_by_label("ความคืบหน้า")).to_have_count(0)

    open_panel(page, "บันทึกความคืบหน้า", card)
    status = card.get_by_label("สถานะ")
    expect(status).to_be_visible()
    page.keyboard.press("Tab")
    expect(status).to_be_focused()
    status.select_option("in_progress")
    card.get_by_label("ความคืบหน้า").fill("ส่งแผนให้คณะกรรมการแล้ว")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page).to_have_url(f"{live_server.url}/meetings/actions/")
    expect(page.locator(f"#action-{action.pk}")).to_contain_text("ส่งแผนให้คณะกรรมการแล้ว")
    assert ActionItem.objects.get(pk=action.pk).status == "in_progress"
    traffic.assert_clean()


def test_axe_finds_no_violation_with_the_panels_open(browser, live_server, officer_a, action):
    # axe-core is added as an inline script, which the pages' policy refuses.
    context = signed_in_context(browser, live_server, officer_a, 1366, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/meetings/{action.agenda_item.meeting_id}/")
    row = page.locator(f"#action-{action.pk}")
    open_panel(page, "เปลี่ยนผู้รับผิดชอบ", row)
    row.get_by_label("ผู้รับผิดชอบใหม่").fill("สสจ.")
    row.get_by_role("button", name="เปลี่ยน", exact=True).click()
    expect(page.locator(f"#action-{action.pk} [data-error-summary]")).to_be_visible()
    violations = [f"meeting page: {v}" for v in axe_violations(page)]

    page.goto(f"{live_server.url}/meetings/actions/")
    card = page.locator(f"#action-{action.pk}")
    open_panel(page, "บันทึกความคืบหน้า", card)
    expect(card.get_by_label("สถานะ")).to_be_visible()
    violations += [f"open action items: {v}" for v in axe_violations(page)]
    context.close()
    assert not violations, "\n".join(violations)
