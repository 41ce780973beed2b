"""Pages of the meetings app: scoping (other province → 404, read-only → 403), the
attendance screen, the htmx editor and the minutes in the Form 11 layout."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from accounts.models import Role
from meetings.models import Attendance, Committee, Meeting
from meetings.selectors import minutes_document
from meetings.services import (
    action_item_add,
    agenda_item_add,
    agenda_item_update,
    attendance_record,
    meeting_check,
    meeting_submit,
)
from tests.accounts.factories import UserFactory
from tests.meetings.factories import CommitteeFactory, CommitteeMemberFactory, make_meeting

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def committee(province_a):
    return CommitteeFactory(provinces=[province_a])


@pytest.fixture
def meeting(committee):
    return make_meeting(committee)


@pytest.fixture
def open_action(meeting):
    item = agenda_item_add(meeting=meeting, part=4, title="ก")
    return action_item_add(agenda_item=item, description="จัดทำแผน", responsible="สสจ.")


def _pages(meeting):
    item = agenda_item_add(meeting=meeting, part=4, title="ก")
    return {
        "meetings:committee_detail": [meeting.committee_id],
        "meetings:committee_update": [meeting.committee_id],
        "meetings:meeting_detail": [meeting.pk],
        "meetings:meeting_update": [meeting.pk],
        "meetings:meeting_attendance": [meeting.pk],
        "meetings:meeting_minutes": [meeting.pk],
        "meetings:agenda_amend": [item.pk],
    }


def test_an_officer_of_another_province_gets_404_on_every_page(client, meeting, officer_b):
    client.force_login(officer_b)

    for name, args in _pages(meeting).items():
        assert client.get(reverse(name, args=args)).status_code == 404, name


def test_an_executive_reads_but_may_not_change(client, meeting, executive_a):
    client.force_login(executive_a)
    pages = _pages(meeting)

    for name in [
        "meetings:committee_detail",
        "meetings:meeting_detail",
        "meetings:meeting_minutes",
    ]:
        assert client.get(reverse(name, args=pages[name])).status_code == 200, name
    for name in ["meetings:committee_update", "meetings:meeting_update",
                 "meetings:meeting_attendance", "meetings:agenda_amend"]:  # fmt: skip
        assert client.get(reverse(name, args=pages[name])).status_code == 403, name
    assert client.post(reverse("meetings:meeting_submit", args=[meeting.pk])).status_code == 403
    assert client.get(reverse("meetings:meeting_create")).status_code == 403


def test_a_multi_province_committee_is_seen_by_each_of_its_provinces(
    client, province_a, province_b, officer_a, officer_b
):
    committee = CommitteeFactory(provinces=[province_a, province_b])
    meeting = make_meeting(committee)

    for officer in (officer_a, officer_b):
        client.force_login(officer)
        assert client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).status_code == 200
    assert Committee.objects.for_user(officer_a).count() == 1  # one row, not one per province


def test_the_meeting_list_shows_only_the_users_province(client, meeting, province_b, officer_a):
    make_meeting(CommitteeFactory(provinces=[province_b], name="คณะกรรมการจังหวัดบี"))
    client.force_login(officer_a)

    body = client.get(reverse("meetings:meeting_list")).content.decode()

    assert meeting.committee.name in body
    assert "คณะกรรมการจังหวัดบี" not in body


def test_an_officer_creates_a_committee_in_their_province(client, officer_a):
    client.force_login(officer_a)

    response = client.post(
        reverse("meetings:committee_create"),
        {
            "name": "คณะกรรมการใหม่", "numbering": "fiscal", "is_active": "on",
            "members-TOTAL_FORMS": "2", "members-INITIAL_FORMS": "0",
            "members-0-name": "นายประธาน ดี", "members-0-position": "ผู้ว่าราชการจังหวัด",
            "members-0-role": "chair", "members-1-position": "", "members-1-role": "member",
        },
    )  # fmt: skip

    committee = Committee.objects.get(name="คณะกรรมการใหม่")
    assert response.status_code == 302
    assert list(committee.provinces.values_list("code", flat=True)) == ["48"]
    assert list(committee.members.values_list("role", flat=True)) == ["chair"]


def test_an_officer_creates_the_next_meeting_with_the_proposed_number(client, meeting, officer_a):
    client.force_login(officer_a)

    response = client.post(
        reverse("meetings:meeting_create"),
        {"committee": meeting.committee_id, "date": "20/12/2567", "venue": "ห้องประชุม"},
    )

    created = Meeting.objects.exclude(pk=meeting.pk).get()
    assert response.status_code == 302
    assert created.number_label == "2/2567"


def test_attendance_is_filled_from_the_member_list_in_one_screen(client, committee, officer_a):
    chair = CommitteeMemberFactory(committee=committee, role="chair")
    member = CommitteeMemberFactory(committee=committee)
    meeting = make_meeting(committee)
    client.force_login(officer_a)
    url = reverse("meetings:meeting_attendance", args=[meeting.pk])

    page = client.get(url).content.decode()
    assert chair.position in page and member.position in page

    response = client.post(url, {
        "members-TOTAL_FORMS": "2", "members-INITIAL_FORMS": "2",
        "members-0-member": chair.pk, "members-0-status": "present",
        "members-1-member": member.pk, "members-1-status": "substitute",
        "members-1-substitute_name": "นางแทน ดี", "members-1-substitute_position": "รองฯ",
        "attendees-TOTAL_FORMS": "1", "attendees-INITIAL_FORMS": "0",
        "attendees-0-name": "นายผู้สังเกตการณ์", "attendees-0-position": "ผู้แทนชมรม",
    })  # fmt: skip

    assert response.status_code == 302
    statuses = dict(Attendance.objects.filter(meeting=meeting).values_list("name", "status"))
    assert statuses[member.name] == "substitute"
    assert statuses["นายผู้สังเกตการณ์"] == "attendee"


def test_the_editor_adds_an_item_and_answers_htmx_with_the_part(client, meeting, officer_a):
    client.force_login(officer_a)

    response = client.post(
        reverse("meetings:agenda_add", args=[meeting.pk]), {"part": 4, "title": "เรื่องใหม่"}, **HTMX
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="part-4"' in body and "4.1 เรื่องใหม่" in body
    assert "<html" not in body  # a partial, not a page


def test_the_editor_autosave_refuses_a_stale_version_and_keeps_the_text(client, meeting, officer_a):
    item = agenda_item_add(meeting=meeting, part=4, title="งบประมาณ")
    agenda_item_update(item=item, expected_version=item.version, title="งบประมาณ",
                       discussion="ข้อความของคนแรก")  # fmt: skip
    client.force_login(officer_a)

    response = client.post(
        reverse("meetings:agenda_save", args=[item.pk]),
        {"title": "งบประมาณ", "discussion": "ข้อความของคนที่สอง", "version": item.version},
        **HTMX,
    )

    body = response.content.decode()
    assert "มีผู้อื่นบันทึกรายการนี้" in body
    assert "ข้อความของคนแรก" in body  # the newer text shown beside theirs
    item.refresh_from_db()
    assert item.discussion == "ข้อความของคนแรก"


def test_the_editor_autosave_returns_the_new_version(client, meeting, officer_a):
    item = agenda_item_add(meeting=meeting, part=4, title="งบประมาณ")
    client.force_login(officer_a)

    response = client.post(
        reverse("meetings:agenda_save", args=[item.pk]),
        {"title": "งบประมาณ", "resolution": "เห็นชอบ", "version": item.version},
        **HTMX,
    )

    assert f'value="{item.version + 1}" hx-swap-oob="true"' in response.content.decode()


def _meeting_page_queries(client, meeting) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()  # the menu's counts counted each time, not read from the cache
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).status_code == 200
    return len(captured.captured_queries)


def test_the_meeting_page_makes_as_many_queries_for_25_items_as_for_one(client, meeting, officer_a):
    client.force_login(officer_a)
    first = agenda_item_add(meeting=meeting, part=4, title="เรื่องที่ 1")
    action_item_add(agenda_item=first, description="ข้อสั่งการ 1", responsible="สสจ.")
    _meeting_page_queries(client, meeting)  # the session and caches warmed
    one = _meeting_page_queries(client, meeting)

    for n in range(2, 26):
        item = agenda_item_add(meeting=meeting, part=3 + n % 3, title=f"เรื่องที่ {n}")
        action_item_add(agenda_item=item, description=f"ข้อสั่งการ {n}", responsible="สสจ.")

    assert _meeting_page_queries(client, meeting) == one


def test_the_add_action_item_form_is_drawn_only_when_opened(client, meeting, officer_a):
    item = agenda_item_add(meeting=meeting, part=4, title="งบประมาณ")
    client.force_login(officer_a)
    form_url = reverse("meetings:action_form", args=[item.pk])

    page = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    fragment = client.get(form_url, **HTMX)
    standalone = client.get(form_url)

    assert 'name="responsible"' not in page
    assert f'hx-get="{form_url}" hx-trigger="toggle once"' in page
    assert f'<a href="{form_url}">' in page  # without JavaScript, a page of its own
    body = fragment.content.decode()
    assert fragment.status_code == 200 and "<html" not in body
    assert f'id="id_responsible-{item.pk}"' in body and f'hx-target="#actions-{item.pk}"' in body
    assert standalone.status_code == 200 and "<html" in standalone.content.decode()
    assert "hx-post" not in standalone.content.decode().split("<main", 1)[-1]


def test_a_refused_action_item_without_javascript_comes_back_with_what_was_typed(
    client, meeting, officer_a
):
    item = agenda_item_add(meeting=meeting, part=4, title="งบประมาณ")
    client.force_login(officer_a)

    response = client.post(
        reverse("meetings:action_add", args=[item.pk]),
        {"description": "จัดทำแผนงบประมาณชมรม", "responsible": "สสจ.", "due_date": "31/2/2568"},
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert "จัดทำแผนงบประมาณชมรม" in body and 'value="31/2/2568"' in body
    assert 'aria-invalid="true"' in body
    assert not item.action_items.exists()


def test_the_action_item_form_is_refused_to_a_reader_and_on_checked_minutes(
    client, meeting, officer_a, executive_a
):
    item = agenda_item_add(meeting=meeting, part=4, title="งบประมาณ")
    form_url = reverse("meetings:action_form", args=[item.pk])
    client.force_login(executive_a)
    assert client.get(form_url, **HTMX).status_code == 403

    Meeting.objects.filter(pk=meeting.pk).update(minutes_status="checked")
    client.force_login(officer_a)
    assert client.get(form_url, **HTMX).status_code == 403


def test_open_action_items_page_lists_overdue_first(client, meeting, officer_a):
    item = agenda_item_add(meeting=meeting, part=4, title="ก")
    action_item_add(agenda_item=item, description="ยังไม่ถึงกำหนด", responsible="ก",
                    due_date=datetime.date.today() + datetime.timedelta(days=30))  # fmt: skip
    action_item_add(agenda_item=item, description="เกินกำหนดแล้ว", responsible="ข",
                    due_date=datetime.date.today() - datetime.timedelta(days=3))  # fmt: skip
    client.force_login(officer_a)

    body = client.get(reverse("meetings:action_item_list")).content.decode()

    assert body.index("เกินกำหนดแล้ว") < body.index("ยังไม่ถึงกำหนด")


def test_the_minutes_follow_form_11(client, committee, officer_a):
    chair = CommitteeMemberFactory(committee=committee, role="chair")
    meeting = make_meeting(
        committee,
        start_time=datetime.time(9, 0),
        end_time=datetime.time(12, 0),
        chair_name="นายธาตรี",
        chair_position="รองผู้ว่าราชการจังหวัด",
        on_behalf_of_name="นายอนุพงศ์",
        on_behalf_of_position="ผู้ว่าราชการจังหวัด",
    )

    attendance_record(meeting=meeting, members=[
        {"member": chair, "status": "absent", "absence_reason": "ติดราชการ"}],
        attendees=[{"name": "นายผู้ร่วม", "position": ""}])  # fmt: skip
    agenda_item_add(meeting=meeting, part=4, title="งบประมาณ", resolution="เห็นชอบ")
    client.force_login(officer_a)

    body = client.get(reverse("meetings:meeting_minutes", args=[meeting.pk])).content.decode()

    order = ["ครั้งที่ 1/2567", "เมื่อวันพฤหัสบดีที่ 12 ธันวาคม พ.ศ. 2567", "ผู้มาประชุม",
             "ผู้ไม่มาประชุม", "ผู้เข้าร่วมประชุม", "เริ่มประชุมเวลา", "9.00 น.",
             "ระเบียบวาระที่ 1", "ระเบียบวาระที่ 2", "ระเบียบวาระที่ 3", "ระเบียบวาระที่ 4",
             "4.1 งบประมาณ", "มติที่ประชุม", "ระเบียบวาระที่ 5", "เลิกประชุมเวลา",
             "ผู้จดรายงานการประชุม", "ผู้ตรวจรายงานการประชุม"]  # fmt: skip
    positions = [body.index(text) for text in order]
    assert positions == sorted(positions)
    assert "ทำหน้าที่ประธานในที่ประชุมแทน นายอนุพงศ์ ผู้ว่าราชการจังหวัด" in body
    doc = minutes_document(meeting)
    assert [a.absence_reason for a in doc.absent] == ["ติดราชการ"]


# --- Separation of duties (issue 19, finding 6) ------------------------------------------


@pytest.fixture
def checker_a(province_a):
    return UserFactory(username="checker_a", role=Role.OFFICER, province=province_a)


def _flash(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_recorder_who_posts_check_is_refused_with_the_rule_on_the_page(
    client, meeting, officer_a
):
    client.force_login(officer_a)
    client.post(reverse("meetings:meeting_submit", args=[meeting.pk]))

    page = client.get(reverse("meetings:meeting_detail", args=[meeting.pk]))
    response = client.post(reverse("meetings:meeting_check", args=[meeting.pk]), follow=True)

    # The recorder is not offered the check, and the check posted anyway changes nothing.
    assert reverse("meetings:meeting_check", args=[meeting.pk]) not in page.content.decode()
    assert "ผู้ตรวจรายงานการประชุมต้องไม่ใช่ผู้จดรายงาน" in page.content.decode()
    assert response.redirect_chain[-1][0] == reverse("meetings:meeting_detail", args=[meeting.pk])
    [message] = _flash(response)
    assert "ผู้ตรวจรายงานการประชุมต้องไม่ใช่ผู้จดรายงาน" in message
    assert 'class="alert alert-danger' in response.content.decode()
    meeting.refresh_from_db()
    assert (meeting.minutes_status, meeting.checked_by) == ("submitted", None)


def test_another_officer_checks_what_the_recorder_sent(client, meeting, officer_a, checker_a):
    client.force_login(officer_a)
    client.post(reverse("meetings:meeting_submit", args=[meeting.pk]))
    client.force_login(checker_a)

    client.post(reverse("meetings:meeting_check", args=[meeting.pk]))

    meeting.refresh_from_db()
    assert (meeting.minutes_status, meeting.recorded_by, meeting.checked_by) == (
        "checked", officer_a, checker_a
    )  # fmt: skip


def test_the_recorder_who_posts_the_certification_is_refused_on_the_next_meeting(
    client, committee, officer_a, checker_a
):
    first = make_meeting(committee, date=datetime.date(2024, 3, 1))
    meeting_submit(meeting=first, submitted_by=officer_a)
    meeting_check(meeting=first, checked_by=checker_a)
    second = make_meeting(committee, date=datetime.date(2024, 6, 1))
    client.force_login(officer_a)
    url = reverse("meetings:meeting_certify_previous", args=[second.pk])

    page = client.get(reverse("meetings:meeting_detail", args=[second.pk]))
    response = client.post(url, follow=True)

    assert url not in page.content.decode()
    assert "ผู้บันทึกการรับรองต้องไม่ใช่ผู้จดรายงาน" in page.content.decode()
    [message] = _flash(response)
    assert "ผู้บันทึกการรับรองรายงานการประชุมต้องไม่ใช่ผู้จดรายงาน" in message
    first.refresh_from_db()
    assert (first.minutes_status, first.certified_in) == ("checked", None)
    client.force_login(checker_a)
    client.post(url)
    first.refresh_from_db()
    assert (first.minutes_status, first.certified_in, first.certified_by) == (
        "certified", second, checker_a
    )  # fmt: skip


def test_the_meeting_form_refuses_the_recorder_named_as_checker(client, meeting, officer_a):
    client.force_login(officer_a)
    url = reverse("meetings:meeting_update", args=[meeting.pk])
    data = {
        "number": meeting.number, "date": "12/12/2567", "venue": meeting.venue,
        "recorder_name": "นายธนากร บุญมา", "checker_name": "นายธนากร บุญมา",
        "version": meeting.version,
    }  # fmt: skip

    response = client.post(url, data)

    assert response.status_code == 200
    assert (
        "ผู้ตรวจรายงานการประชุมต้องไม่ใช่ผู้จดรายงาน" in response.context["form"].errors["checker_name"][0]
    )
    meeting.refresh_from_db()
    assert (meeting.recorder_name, meeting.checker_name) == ("", "")


def test_an_officer_reassigns_an_action_item_from_the_meeting_page(client, meeting, officer_a):
    item = agenda_item_add(meeting=meeting, part=4, title="ก")
    action = action_item_add(agenda_item=item, description="จัดทำแผน", responsible="สสจ.")
    client.force_login(officer_a)
    url = reverse("meetings:action_reassign", args=[action.pk])
    form = client.get(reverse("meetings:action_reassign_form", args=[action.pk]), **HTMX)
    assert f'hx-post="{url}"' in form.content.decode()

    response = client.post(url, {"responsible": "สำนักงานพัฒนาชุมชนจังหวัด", "reason": "ย้ายงาน"}, **HTMX)

    body = response.content.decode()
    assert response.status_code == 200 and f'id="actions-{item.pk}"' in body
    assert "ผู้รับผิดชอบ: สำนักงานพัฒนาชุมชนจังหวัด" in body
    assert "เปลี่ยนผู้รับผิดชอบจาก สสจ. เป็น สำนักงานพัฒนาชุมชนจังหวัด" in body


def test_a_refused_reassignment_keeps_what_was_typed_and_says_why(client, open_action, officer_a):
    client.force_login(officer_a)
    url = reverse("meetings:action_reassign", args=[open_action.pk])
    typed = {"responsible": "สสจ.", "reason": "เหตุผลที่พิมพ์ไว้"}

    in_panel = client.post(url, typed, **HTMX).content.decode()
    without_javascript = client.post(url, typed)

    assert "ต้องไม่ใช่ผู้รับผิดชอบเดิม" in in_panel
    assert 'value="เหตุผลที่พิมพ์ไว้"' in in_panel and '<details class="small mt-1" open' in in_panel
    page = without_javascript.content.decode()
    assert without_javascript.status_code == 400 and "<html" in page
    assert "ต้องไม่ใช่ผู้รับผิดชอบเดิม" in page and 'value="เหตุผลที่พิมพ์ไว้"' in page
    assert 'aria-invalid="true"' in page and page.count("data-error-summary") == 1
    assert not open_action.updates.exists()


def test_the_reassign_form_is_drawn_only_when_its_panel_is_opened(
    client, meeting, open_action, officer_a
):
    action, item = open_action, open_action.agenda_item
    client.force_login(officer_a)
    form_url = reverse("meetings:action_reassign_form", args=[action.pk])

    page = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    fragment = client.get(form_url, **HTMX)
    standalone = client.get(form_url)

    assert f'id="id_responsible-r{action.pk}"' not in page
    assert f'hx-get="{form_url}" hx-trigger="toggle once"' in page
    assert f'<a href="{form_url}">' in page  # without JavaScript, a page of its own
    body = fragment.content.decode()
    assert fragment.status_code == 200 and "<html" not in body
    assert f'id="id_responsible-r{action.pk}"' in body and f'hx-target="#actions-{item.pk}"' in body
    page = standalone.content.decode()
    assert standalone.status_code == 200 and "<html" in page and "จัดทำแผน" in page
    assert "hx-post" not in page.split("<main", 1)[-1]


def test_the_reassign_form_is_refused_to_a_reader_and_on_a_closed_action_item(
    client, open_action, officer_a, executive_a, officer_b
):
    action = open_action
    form_url = reverse("meetings:action_reassign_form", args=[action.pk])

    for user, status in ((executive_a, 403), (officer_b, 404)):
        client.force_login(user)
        assert client.get(form_url, **HTMX).status_code == status

    action.status = "done"
    action.save(update_fields=["status"])
    client.force_login(officer_a)
    assert client.get(form_url, **HTMX).status_code == 403


def test_the_progress_form_of_the_open_action_items_is_drawn_when_opened(
    client, open_action, officer_a
):
    action = open_action
    client.force_login(officer_a)
    list_url = reverse("meetings:action_item_list") + "?page=1"
    form_url = reverse("meetings:action_status_form", args=[action.pk])
    link = f"{form_url}?next=%2Fmeetings%2Factions%2F%3Fpage%3D1"

    page = client.get(list_url).content.decode()
    fragment = client.get(link, **HTMX).content.decode()
    standalone = client.get(link).content.decode()
    outside = client.get(f"{form_url}?next=https://example.com/", **HTMX).content.decode()

    assert f'id="note-{action.pk}"' not in page
    assert f'hx-get="{link}" hx-trigger="toggle once"' in page and f'<a href="{link}">' in page
    assert "<html" not in fragment and f'id="note-{action.pk}"' in fragment
    assert 'name="next" value="/meetings/actions/?page=1"' in fragment
    assert "<html" in standalone and f'id="note-{action.pk}"' in standalone
    assert 'name="next" value="/meetings/actions/"' in outside  # not elsewhere


def test_the_progress_form_is_refused_to_a_reader_and_hidden_from_another_province(
    client, open_action, executive_a, officer_b
):
    action = open_action
    form_url = reverse("meetings:action_status_form", args=[action.pk])

    for user, status in ((executive_a, 403), (officer_b, 404)):
        client.force_login(user)
        assert client.get(form_url, **HTMX).status_code == status


def test_reassigning_is_refused_to_the_read_only_and_hidden_from_another_province(
    client, meeting, executive_a, officer_b
):
    item = agenda_item_add(meeting=meeting, part=4, title="ก")
    action = action_item_add(agenda_item=item, description="จัดทำแผน", responsible="สสจ.")
    url = reverse("meetings:action_reassign", args=[action.pk])

    for user, status in ((executive_a, 403), (officer_b, 404)):
        client.force_login(user)
        assert client.post(url, {"responsible": "อบจ."}).status_code == status

    action.refresh_from_db()
    assert action.responsible == "สสจ."
