"""An officer records meeting n+1 from start to submission; a checker certifies meeting n.

The officer creates the next meeting, finds last meeting's open action item under
agenda 3, records attendance with a substitute, adds an agenda item with a resolution
(saved as they type) and an action item without a page reload, and submits the minutes.
The checker then checks meeting n's minutes and certifies them under agenda 2 of n+1.
"""

import datetime

import pytest
from playwright.sync_api import Page, expect

from accounts.models import Role
from meetings.models import AgendaItem, Attendance, Meeting
from meetings.services import action_item_add, agenda_item_add, meeting_submit
from tests.accounts.factories import UserFactory
from tests.meetings.factories import CommitteeFactory, CommitteeMemberFactory, make_meeting

pytestmark = pytest.mark.browser


@pytest.fixture
def last_meeting(province_a, officer_a):
    committee = CommitteeFactory(
        provinces=[province_a], name="คณะกรรมการ TO BE NUMBER ONE จังหวัดนครพนม"
    )
    CommitteeMemberFactory(committee=committee, role="chair", name="นายวันชัย จันทร์พร",
                           position="ผู้ว่าราชการจังหวัดนครพนม", order=1)  # fmt: skip
    CommitteeMemberFactory(committee=committee, role="secretary", name="นายแพทย์ใจดี รักษา",
                           position="นายแพทย์สาธารณสุขจังหวัดนครพนม", order=2)  # fmt: skip
    meeting = make_meeting(committee, date=datetime.date(2024, 3, 14))
    item = agenda_item_add(meeting=meeting, part=4, title="งบประมาณชมรม", resolution="เห็นชอบ")
    action_item_add(agenda_item=item, description="จัดทำแผนงบประมาณชมรมปี 2568",
                    responsible="สำนักงานสาธารณสุขจังหวัดนครพนม")  # fmt: skip
    return meeting_submit(meeting=meeting, submitted_by=officer_a)


@pytest.fixture
def checker(province_a):
    return UserFactory(username="checker_a", role=Role.OFFICER, province=province_a,
                       first_name="นางสาวตรวจ", last_name="ถูกต้อง")  # fmt: skip


def test_officer_records_the_next_meeting_and_a_checker_certifies_the_last(
    page: Page, live_server, log_in, traffic, screenshots, last_meeting, checker
):
    committee = last_meeting.committee
    log_in("officer_a")

    # Meeting n+1: the number is proposed, agenda 3 carries the open action item.
    page.goto(f"{live_server.url}/meetings/new/?committee={committee.pk}")
    page.get_by_label("วันที่ประชุม").fill("20/6/2567")
    page.get_by_label("สถานที่ประชุม").fill("ห้องประชุมศาลากลางจังหวัดนครพนม")
    with page.expect_navigation():
        page.get_by_role("button", name="บันทึก").click()
    expect(page.locator("h1 + p")).to_contain_text("ครั้งที่ 2/2567")
    part_3 = page.locator("#part-3")
    expect(part_3).to_contain_text("3.1 จัดทำแผนงบประมาณชมรมปี 2568")
    expect(part_3).to_contain_text("ติดตามข้อสั่งการจากครั้งที่ 1/2567")
    expect(page.locator("#part-2")).to_contain_text("รับรองรายงานการประชุมครั้งที่ 1/2567")
    new_meeting = Meeting.objects.get(committee=committee, number=2)

    # Attendance in one screen: the secretary sends a substitute.
    page.get_by_role("link", name="บันทึกผู้มาประชุม").click()
    rows = page.locator(".attendance-row")
    rows.nth(1).get_by_label("มาประชุมแทน", exact=True).check()
    rows.nth(1).get_by_label("ผู้มาประชุมแทน", exact=True).fill("นางสาวแทน ใจดี")
    rows.nth(1).get_by_label("ตำแหน่งผู้มาประชุมแทน").fill("รองนายแพทย์สาธารณสุขจังหวัด")
    with page.expect_navigation():
        page.get_by_role("button", name="บันทึกผู้มาประชุม").click()
    substitute = Attendance.objects.get(meeting=new_meeting, status="substitute")
    assert substitute.substitute_name == "นางสาวแทน ใจดี"

    # An agenda item, added without reloading the page, with a resolution saved as typed.
    page.evaluate("window.__same_page = true")
    page.get_by_placeholder("เพิ่มเรื่องในวาระที่ 4").fill("การจัดสรรงบประมาณสนับสนุนทีม TEEN DANCERCISE")
    page.locator("#part-4").get_by_role("button", name="เพิ่มเรื่อง").click()
    expect(page.locator("#part-4")).to_contain_text("4.1 การจัดสรรงบประมาณสนับสนุนทีม")
    item = AgendaItem.objects.get(meeting=new_meeting, part=4, sub=1)
    # Typing starts once htmx has settled the new part and bound the item's autosave form
    # (on a busy machine the add's swap can still be settling when the item shows).
    page.wait_for_function(
        """id => {
            const form = document.getElementById(id)?.closest("form");
            return form && form["htmx-internal-data"] !== undefined
                && !document.querySelector(".htmx-request, .htmx-settling, .htmx-swapping");
        }""",
        arg=f"resolution-{item.pk}",
    )
    page.locator(f"#resolution-{item.pk}").fill("ที่ประชุมเห็นชอบการจัดสรรงบประมาณ")
    expect(page.locator(f"#status-{item.pk}")).to_contain_text("บันทึกแล้ว")
    item.refresh_from_db()
    assert item.resolution == "ที่ประชุมเห็นชอบการจัดสรรงบประมาณ"

    # An action item under it, also without a reload.
    actions = page.locator(f"#actions-{item.pk}")
    actions.get_by_text("เพิ่มข้อสั่งการ").click()
    actions.get_by_label("ข้อสั่งการ/สิ่งที่ต้องดำเนินการ").fill("ส่งรายชื่อทีมและประมาณการค่าใช้จ่าย")
    actions.get_by_label("ผู้รับผิดชอบ").fill("สำนักงานสาธารณสุขจังหวัดนครพนม")
    actions.get_by_label("กำหนดเสร็จ").fill("15/1/2568")
    actions.get_by_role("button", name="เพิ่ม", exact=True).click()
    expect(page.locator(f"#actions-{item.pk}")).to_contain_text("ส่งรายชื่อทีมและประมาณการค่าใช้จ่าย")
    assert page.evaluate("window.__same_page") is True  # nothing above reloaded the page
    assert item.action_items.get().due_date == datetime.date(2025, 1, 15)
    page.screenshot(path=str(screenshots / "meetings-editor.png"), full_page=True)

    # Submit the minutes of n+1 to the checker.
    with page.expect_navigation():
        page.get_by_role("button", name="ส่งรายงานให้ผู้ตรวจ").click()
    expect(page.locator(".alert-success")).to_contain_text("ส่งรายงานการประชุมให้ผู้ตรวจแล้ว")
    new_meeting.refresh_from_db()
    assert new_meeting.minutes_status == "submitted"

    # The checker checks meeting n, then certifies it under agenda 2 of meeting n+1.
    page.context.clear_cookies()
    log_in("checker_a")
    page.goto(f"{live_server.url}/meetings/{last_meeting.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name="ตรวจรายงานแล้ว (ผู้ตรวจรายงานการประชุม)").click()
    page.goto(f"{live_server.url}/meetings/{new_meeting.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name="ที่ประชุมรับรองรายงานการประชุมครั้งที่ 1/2567").click()
    expect(page.locator(".alert-success")).to_contain_text("รับรองรายงานการประชุมครั้งที่ 1/2567 แล้ว")
    last_meeting.refresh_from_db()
    assert last_meeting.minutes_status == "certified"
    assert last_meeting.certified_in == new_meeting
    assert last_meeting.checker_name == "นางสาวตรวจ ถูกต้อง"
    traffic.assert_clean()
