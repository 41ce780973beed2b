"""Nothing a user does is hidden or lost (issue 20, findings 1, 3 and 8's focus).

An action item with an impossible due date keeps its panel open, names the field in a
linked summary and puts the focus on it. Minutes typed just before leaving the page
are saved all the same. Every control shows its focus at 3:1 or more.
"""

import datetime
import time

import pytest
from playwright.sync_api import Page, expect

from meetings.models import ActionItem, AgendaItem
from meetings.services import agenda_item_add
from tests.browser.conftest import WAIT_LIMIT_MS
from tests.meetings.factories import CommitteeFactory, make_meeting

pytestmark = pytest.mark.browser


@pytest.fixture
def draft_meeting(province_a, officer_a):
    committee = CommitteeFactory(provinces=[province_a], name="คณะกรรมการ TO BE NUMBER ONE นครพนม")
    meeting = make_meeting(committee, date=datetime.date(2025, 3, 14))
    agenda_item_add(meeting=meeting, part=4, title="งบประมาณชมรม")
    return meeting


def item_of(meeting) -> AgendaItem:
    return AgendaItem.objects.get(meeting=meeting, title="งบประมาณชมรม")


def test_a_refused_action_item_stays_open_with_its_error_named_and_focused(
    page: Page, live_server, log_in, traffic, screenshots, draft_meeting
):
    log_in("officer_a")
    page.goto(f"{live_server.url}/meetings/{draft_meeting.pk}/")
    item = page.locator(f"#item-{item_of(draft_meeting).pk}")
    item.get_by_text("เพิ่มข้อสั่งการ").click()
    item.get_by_label("ข้อสั่งการ/สิ่งที่ต้องดำเนินการ").fill("จัดทำแผนงบประมาณชมรม")
    item.get_by_label("ผู้รับผิดชอบ").fill("สำนักงานสาธารณสุขจังหวัด")
    item.get_by_label("กำหนดเสร็จ").fill("31/2/2568")
    item.get_by_role("button", name="เพิ่ม", exact=True).click()

    summary = item.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(item.locator("details")).to_have_attribute("open", "")
    link = summary.get_by_role("link", name="กำหนดเสร็จ:")
    expect(link).to_be_visible()
    due = item.get_by_label("กำหนดเสร็จ")
    expect(due).to_be_focused()
    expect(due).to_have_attribute("aria-invalid", "true")
    expect(due).to_have_value("31/2/2568")
    assert not ActionItem.objects.filter(agenda_item__meeting=draft_meeting).exists()
    for width, height in [(390, 844), (1366, 768)]:
        page.set_viewport_size({"width": width, "height": height})
        due.scroll_into_view_if_needed()
        page.screenshot(path=screenshots / f"meeting-action-error-{width}.png", full_page=False)
    traffic.assert_clean()


def wait_for(condition, what: str):
    """Poll the database for a condition, up to the suite's one wait limit."""
    deadline = time.monotonic() + WAIT_LIMIT_MS / 1000
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.05)


def test_minutes_typed_just_before_leaving_are_saved(
    page: Page, live_server, log_in, draft_meeting
):
    log_in("officer_a")
    item = item_of(draft_meeting)
    page.goto(f"{live_server.url}/meetings/{draft_meeting.pk}/")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    text = "ที่ประชุมพิจารณางบประมาณชมรมแล้ว เห็นควรจัดสรรเพิ่ม"

    discussion = page.locator(f"#item-{item.pk}").get_by_label("สาระสำคัญ/การอภิปราย")
    discussion.fill(text)
    started = time.monotonic()
    # Leave at once, by the menu, as a person who has just typed the last word.
    page.get_by_role("link", name="หน้าแรก").first.click(no_wait_after=True)
    left_after = time.monotonic() - started
    # Left within the 1.5 s pause after which htmx saves: otherwise this proves nothing.
    assert left_after < 1.5, left_after
    expect(page).to_have_url(f"{live_server.url}/")

    wait_for(lambda: AgendaItem.objects.get(pk=item.pk).discussion == text, "the text to be saved")
    page.goto(f"{live_server.url}/meetings/{draft_meeting.pk}/")
    expect(discussion).to_have_value(text)
    # Sent on the way out, it was not lost: no warning was needed.
    assert dialogs == []


def test_leaving_a_typed_text_that_cannot_be_sent_warns(
    page: Page, live_server, log_in, draft_meeting
):
    log_in("officer_a")
    page.goto(f"{live_server.url}/meetings/{draft_meeting.pk}/")
    item = page.locator(f"#item-{item_of(draft_meeting).pk}")
    item.get_by_text("เพิ่มข้อสั่งการ").click()
    # A form that is not saved as one types: leaving it unsent loses the text.
    item.get_by_label("ข้อสั่งการ/สิ่งที่ต้องดำเนินการ").fill("จัดทำแผนงบประมาณชมรม")
    warnings = []
    page.on("dialog", lambda dialog: (warnings.append(dialog.type), dialog.dismiss()))
    page.get_by_role("link", name="หน้าแรก").first.click(no_wait_after=True)
    deadline = time.monotonic() + WAIT_LIMIT_MS / 1000
    while not warnings and time.monotonic() < deadline:
        page.evaluate("1")  # lets Playwright deliver the dialog event
    assert warnings == ["beforeunload"]
    # Staying was chosen: the page and the text are still there.
    expect(page).to_have_url(f"{live_server.url}/meetings/{draft_meeting.pk}/")
    expect(item.get_by_label("ข้อสั่งการ/สิ่งที่ต้องดำเนินการ")).to_have_value("จัดทำแผนงบประมาณชมรม")


# The focus indicator's colour against what is behind it (WCAG 2.4.7 and 1.4.11).
FOCUS_CONTRAST_JS = """() => {
  const el = document.activeElement;
  const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = v => (v /= 255) <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
                            return (x + 0.05) / (y + 0.05); };
  let bg = [255, 255, 255];
  for (let node = el.parentElement; node; node = node.parentElement) {
    const c = rgb(getComputedStyle(node).backgroundColor);
    if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) { bg = c.slice(0, 3); break; }
  }
  const style = getComputedStyle(el);
  const width = parseFloat(style.outlineWidth) || 0;
  const shown = style.outlineStyle !== 'none' && width >= 2;
  const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' ' +
               (el.textContent || el.name || '').trim().slice(0, 30);
  return {name, shown, width, ratio: shown ? ratio(rgb(style.outlineColor).slice(0, 3), bg) : 0};
}"""


def test_every_control_shows_its_focus_at_three_to_one(
    page: Page, live_server, log_in, draft_meeting
):
    log_in("officer_a")
    page.goto(f"{live_server.url}/meetings/{draft_meeting.pk}/")
    faint = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_CONTRAST_JS)
        if not focus["shown"] or focus["ratio"] < 3:
            faint.append(focus)
    assert not faint, f"controls whose focus is faint or unseen: {faint}"


def test_a_failed_form_shows_a_linked_summary_naming_each_field(
    page: Page, live_server, log_in, traffic, screenshots, officer_a
):
    log_in("officer_a")
    page.goto(f"{live_server.url}/clubs/new/")
    with page.expect_navigation():
        page.locator("main form[method=post] button.btn-primary").first.click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    links = summary.get_by_role("link")
    expect(links.first).to_be_visible()
    for index in range(links.count()):
        link = links.nth(index)
        field = page.locator(link.get_attribute("href"))
        label = page.locator(f"label[for='{field.get_attribute('id')}']").inner_text()
        # The summary and the message under the field both name the field.
        assert link.inner_text().startswith(label.strip(" *") + ":"), link.inner_text()
        expect(
            page.locator(".invalid-feedback").filter(has_text=label.strip(" *") + ":")
        ).not_to_have_count(0)
    for width, height in [(390, 844), (1366, 768)]:
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=screenshots / f"club-form-errors-{width}.png")
    links.first.click()
    expect(page.locator(links.first.get_attribute("href"))).to_be_focused()
    traffic.assert_clean()
