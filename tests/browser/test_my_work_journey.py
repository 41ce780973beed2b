"""งานของฉัน at phone width (390 px): an officer signs in, sees an overdue action item at
the top of the home page, marks it done there, and the counts drop; the bell lists what
was raised for them."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from meetings.services import action_item_add, agenda_item_add
from notifications.models import Kind
from notifications.services import event_raise
from tests.browser.conftest import PHONE
from tests.meetings.factories import CommitteeFactory, make_meeting

pytestmark = pytest.mark.browser


@pytest.fixture
def work(province_a, officer_a):
    today = timezone.localdate()
    committee = CommitteeFactory(provinces=[province_a], name="คณะกรรมการ TO BE NUMBER ONE นครพนม")
    meeting = make_meeting(committee, date=today - datetime.timedelta(days=20))
    agenda = agenda_item_add(meeting=meeting, part=4, title="การจัดสรรงบประมาณสนับสนุนชมรม")
    late = action_item_add(
        agenda_item=agenda, description="ส่งแผนการจัดกิจกรรมชมรมให้สำนักงานสาธารณสุขจังหวัด",
        responsible="สำนักงานสาธารณสุขจังหวัดนครพนม", due_date=today - datetime.timedelta(days=3),
    )  # fmt: skip
    action_item_add(
        agenda_item=agenda, description="รายงานผลการประกวด TEEN DANCERCISE",
        responsible="สำนักงานวัฒนธรรมจังหวัด", due_date=today + datetime.timedelta(days=2),
    )  # fmt: skip
    event_raise(
        kind=Kind.ACTION_OVERDUE, key="journey", province_id=province_a.pk,
        recipients=[officer_a], title="ข้อสั่งการเลยกำหนด 3 วัน: ส่งแผนการจัดกิจกรรมชมรม",
        url=f"/meetings/{meeting.pk}/#action-{late.pk}",
    )  # fmt: skip
    return late


def test_officer_marks_an_overdue_item_done_from_home_and_the_count_drops(
    page: Page, live_server, log_in, screenshots, work, traffic
):
    page.set_viewport_size({**PHONE, "width": 390})
    log_in("officer_a")  # lands on the home page

    actions = page.locator("[data-work-section=actions]")
    expect(actions.locator("[data-work-count=actions]")).to_have_text("2")
    first = actions.locator("[data-work-line]").first
    expect(first).to_contain_text("เลยกำหนด 3 วัน")
    expect(first).to_contain_text("ส่งแผนการจัดกิจกรรมชมรม")
    page.get_by_role("button", name="เมนู").click()
    expect(page.locator("[data-nav-work-count]").first).to_contain_text("3")  # 2 items, 1 minutes
    expect(page.locator("[data-bell-count]")).to_have_text("1")
    page.screenshot(path=screenshots / "my-work-officer-390.png", full_page=True)
    page.get_by_role("button", name="เมนู").click()

    with page.expect_navigation():
        first.get_by_role("button", name="ดำเนินการแล้ว").click()

    expect(actions.locator("[data-work-count=actions]")).to_have_text("1")
    expect(actions).not_to_contain_text("ส่งแผนการจัดกิจกรรมชมรม")
    expect(page.locator(".alert")).to_contain_text("บันทึกความคืบหน้าแล้ว")
    page.get_by_role("button", name="เมนู").click()
    expect(page.locator("[data-nav-work-count]").first).to_contain_text("2")
    page.screenshot(path=screenshots / "my-work-officer-done-390.png", full_page=True)

    with page.expect_navigation():
        page.locator("[data-bell]").click()
    expect(page.locator("[data-notification]")).to_have_count(1)
    page.screenshot(path=screenshots / "notifications-390.png", full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="เปิด").click()
    assert "/meetings/" in page.url
    expect(page.locator("[data-bell-count]")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    traffic.assert_clean()
