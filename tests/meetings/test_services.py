"""Meetings: numbering, the five agenda parts, carry-forward, the minutes workflow,
amendments and optimistic locking."""

import datetime
import importlib

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Role
from audit.history import history_entries
from meetings.models import (
    ActionStatus,
    AgendaItem,
    Attendance,
    Meeting,
    MinutesAmendment,
    MinutesStatus,
)
from meetings.services import (
    ConcurrentEditError,
    MinutesLockedError,
    action_item_add,
    action_item_move,
    action_item_reassign,
    action_item_set_status,
    agenda_item_add,
    agenda_item_delete,
    agenda_item_move,
    agenda_item_update,
    attendance_record,
    meeting_certify,
    meeting_check,
    meeting_proposed_number,
    meeting_return_to_draft,
    meeting_submit,
    meeting_update,
    minutes_amend,
)
from tests.accounts.factories import UserFactory
from tests.meetings.factories import CommitteeFactory, CommitteeMemberFactory, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee(province_a):
    return CommitteeFactory(provinces=[province_a])


def _header(meeting, **changes):
    values = dict(
        expected_version=meeting.version, date=meeting.date, number=meeting.number,
        venue=meeting.venue, chair_name=meeting.chair_name,
    )  # fmt: skip
    values.update(changes)
    return values


# --- Numbering -------------------------------------------------------------------------


def test_first_meeting_of_a_calendar_year_is_number_1_of_that_be_year(committee):
    meeting = make_meeting(committee, date=datetime.date(2024, 12, 12))

    assert (meeting.number, meeting.year) == (1, 2567)
    assert meeting.number_label == "1/2567"


def test_next_number_is_proposed_within_the_year(committee):
    make_meeting(committee, date=datetime.date(2024, 3, 1))
    make_meeting(committee, date=datetime.date(2024, 6, 1))

    assert meeting_proposed_number(committee=committee, year=2567) == 3
    assert meeting_proposed_number(committee=committee, year=2568) == 1
    assert make_meeting(committee, date=datetime.date(2025, 1, 10)).number_label == "1/2568"


def test_fiscal_year_committee_numbers_from_october(province_a):
    committee = CommitteeFactory(provinces=[province_a], numbering="fiscal")
    make_meeting(committee, date=datetime.date(2024, 9, 20))  # FY 2567

    october = make_meeting(committee, date=datetime.date(2024, 10, 5))

    assert october.number_label == "1/2568"


def test_the_same_number_twice_in_a_year_is_refused(committee):
    make_meeting(committee, date=datetime.date(2024, 3, 1), number=1)

    with pytest.raises(ValidationError) as error:
        make_meeting(committee, date=datetime.date(2024, 5, 1), number=1)

    assert "ครั้งที่นี้ในปีนี้แล้ว" in str(error.value)


def test_another_committee_may_use_the_same_number(committee, province_a):
    make_meeting(committee, number=1)

    other = make_meeting(CommitteeFactory(provinces=[province_a]), number=1)

    assert other.number_label == "1/2567"


def test_year_must_match_the_date(committee):
    meeting = make_meeting(committee, date=datetime.date(2024, 12, 12))

    with pytest.raises(ValidationError):
        meeting.year = 2566
        meeting.full_clean()


# --- The five parts, agenda 2 and carry-forward ----------------------------------------


def test_a_new_meeting_has_the_five_standard_parts(committee):
    meeting = make_meeting(committee)

    headings = list(meeting.agenda_items.filter(sub=0).values_list("part", "title"))
    assert [part for part, _ in headings] == [1, 2, 3, 4, 5]
    assert headings[0][1] == "เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ"
    assert headings[2][1] == "เรื่องสืบเนื่อง"
    assert headings[3][1] == "เรื่องเพื่อพิจารณา"
    assert headings[4][1] == "เรื่องอื่น ๆ"


def test_agenda_2_names_the_previous_meeting(committee):
    first = make_meeting(committee, date=datetime.date(2024, 3, 1))
    second = make_meeting(committee, date=datetime.date(2024, 6, 1))

    agenda_2 = second.agenda_items.get(part=2, sub=0)

    assert agenda_2.title == "รับรองรายงานการประชุมครั้งที่ 1/2567"
    assert agenda_2.certifies == first


def test_open_action_items_are_carried_into_agenda_3_of_the_next_meeting(committee, officer_a):
    first = make_meeting(committee, date=datetime.date(2024, 3, 1))
    item = agenda_item_add(meeting=first, part=4, title="งบประมาณทีม TEEN DANCERCISE")
    still_open = action_item_add(
        agenda_item=item, description="จัดทำแผนงบประมาณ", responsible="สสจ.",
        due_date=datetime.date(2024, 5, 1),
    )  # fmt: skip
    done = action_item_add(agenda_item=item, description="ส่งรายชื่อทีม", responsible="อบจ.")
    action_item_set_status(action_item=done, status=ActionStatus.DONE, updated_by=officer_a)

    second = make_meeting(committee, date=datetime.date(2024, 6, 1))

    carried = list(second.agenda_items.filter(part=3, sub__gte=1))
    assert [c.carried_action_item for c in carried] == [still_open]
    assert carried[0].number == "3.1"
    assert carried[0].title == "จัดทำแผนงบประมาณ"
    assert "1/2567" in carried[0].discussion


def test_an_item_still_open_is_carried_again_to_the_meeting_after(committee):
    first = make_meeting(committee, date=datetime.date(2024, 3, 1))
    item = agenda_item_add(meeting=first, part=4, title="แผนหมู่บ้าน")
    action = action_item_add(agenda_item=item, description="แผนหมู่บ้านที่เหลือ", responsible="อำเภอ")
    make_meeting(committee, date=datetime.date(2024, 6, 1))

    third = make_meeting(committee, date=datetime.date(2024, 9, 1))

    assert list(third.agenda_items.filter(part=3, sub__gte=1).values_list(
        "carried_action_item", flat=True)) == [action.pk]  # fmt: skip


def test_other_committees_items_are_not_carried(committee, province_a):
    other = make_meeting(CommitteeFactory(provinces=[province_a]), date=datetime.date(2024, 3, 1))
    item = agenda_item_add(meeting=other, part=4, title="เรื่องอื่น")
    action_item_add(agenda_item=item, description="ไม่เกี่ยว", responsible="ใครก็ได้")

    meeting = make_meeting(committee, date=datetime.date(2024, 6, 1))

    assert not meeting.agenda_items.filter(part=3, sub__gte=1).exists()


# --- Agenda and action items -----------------------------------------------------------


def test_sub_items_are_numbered_and_reordered_within_their_part(committee):
    meeting = make_meeting(committee)
    first = agenda_item_add(meeting=meeting, part=4, title="ก")
    second = agenda_item_add(meeting=meeting, part=4, title="ข")
    assert (first.number, second.number) == ("4.1", "4.2")

    agenda_item_move(item=second, direction="up")

    titles = list(meeting.agenda_items.filter(part=4, sub__gte=1).values_list("sub", "title"))
    assert titles == [(1, "ข"), (2, "ก")]


def test_deleting_a_sub_item_renumbers_the_rest(committee):
    meeting = make_meeting(committee)
    first = agenda_item_add(meeting=meeting, part=4, title="ก")
    agenda_item_add(meeting=meeting, part=4, title="ข")

    agenda_item_delete(item=first)

    assert list(meeting.agenda_items.filter(part=4, sub__gte=1).values_list("sub", "title")) == [
        (1, "ข")
    ]


def test_action_items_are_reordered(committee):
    meeting = make_meeting(committee)
    item = agenda_item_add(meeting=meeting, part=4, title="ก")
    one = action_item_add(agenda_item=item, description="หนึ่ง", responsible="ก")
    two = action_item_add(agenda_item=item, description="สอง", responsible="ข")

    action_item_move(action_item=two, direction="up")

    assert list(item.action_items.order_by("order").values_list("pk", flat=True)) == [
        two.pk, one.pk
    ]  # fmt: skip


def test_status_updates_are_kept_with_who(committee, officer_a):
    meeting = make_meeting(committee)
    item = agenda_item_add(meeting=meeting, part=4, title="ก")
    action = action_item_add(agenda_item=item, description="หนึ่ง", responsible="ก")

    action_item_set_status(
        action_item=action, status="in_progress", note="ทำแล้ว 13 หมู่บ้าน", updated_by=officer_a
    )

    action.refresh_from_db()
    assert action.status == "in_progress"
    update = action.updates.get()
    assert (update.updated_by, update.note) == (officer_a, "ทำแล้ว 13 หมู่บ้าน")


def test_reassigning_keeps_who_gave_it_to_whom_and_why(committee, officer_a):
    meeting = make_meeting(committee)
    item = agenda_item_add(meeting=meeting, part=4, title="ก")
    action = action_item_add(agenda_item=item, description="หนึ่ง", responsible="สสจ.นครพนม")

    update = action_item_reassign(
        action_item=action, responsible="  สำนักงานวัฒนธรรม   จังหวัดนครพนม ",
        reason="งานอยู่ในความรับผิดชอบของวัฒนธรรมจังหวัด", reassigned_by=officer_a,
    )  # fmt: skip

    action.refresh_from_db()
    assert action.responsible == "สำนักงานวัฒนธรรม จังหวัดนครพนม"
    assert action.status == ActionStatus.OPEN
    assert "วัฒนธรรม" in action.search_text
    assert update.updated_by == officer_a and update.status == ActionStatus.OPEN
    assert update.note == (
        "เปลี่ยนผู้รับผิดชอบจาก สสจ.นครพนม เป็น สำนักงานวัฒนธรรม จังหวัดนครพนม"
        " · เหตุผล: งานอยู่ในความรับผิดชอบของวัฒนธรรมจังหวัด"
    )


@pytest.mark.parametrize(
    ("status", "responsible", "message"),
    [
        (ActionStatus.OPEN, "สสจ.", "ต้องไม่ใช่ผู้รับผิดชอบเดิม"),
        (ActionStatus.OPEN, "   ", "ผู้รับผิดชอบ"),
        (ActionStatus.DONE, "อบจ.", "ปิดแล้ว"),
    ],
)
def test_reassigning_to_the_same_or_nobody_or_a_closed_item_is_refused_and_changes_nothing(
    committee, officer_a, status, responsible, message
):
    meeting = make_meeting(committee)
    item = agenda_item_add(meeting=meeting, part=4, title="ก")
    action = action_item_add(agenda_item=item, description="หนึ่ง", responsible="สสจ.", status=status)

    with pytest.raises(ValidationError) as refused:
        action_item_reassign(action_item=action, responsible=responsible, reassigned_by=officer_a)

    assert message in " ".join(refused.value.messages)
    action.refresh_from_db()
    assert action.responsible == "สสจ." and not action.updates.exists()


# --- Attendance ------------------------------------------------------------------------


def test_attendance_records_present_substitute_absent_and_guests(committee):
    chair = CommitteeMemberFactory(committee=committee, role="chair")
    secretary = CommitteeMemberFactory(committee=committee, role="secretary")
    member = CommitteeMemberFactory(committee=committee)
    meeting = make_meeting(committee)

    attendance_record(
        meeting=meeting,
        members=[
            {"member": chair, "status": "present"},
            {"member": secretary, "status": "substitute", "substitute_name": "นางสาวแทน ดี",
             "substitute_position": "รองนายแพทย์สาธารณสุขจังหวัด"},
            {"member": member, "status": "absent", "absence_reason": "ติดราชการ"},
        ],
        attendees=[{"name": "นายผู้ร่วม ประชุม", "position": "ผู้แทนชมรม"}],
    )  # fmt: skip

    lines = {line.status: line for line in Attendance.objects.filter(meeting=meeting)}
    assert lines["substitute"].substitute_name == "นางสาวแทน ดี"
    assert lines["absent"].absence_reason == "ติดราชการ"
    assert lines["attendee"].member is None


def test_a_substitute_without_a_name_is_refused(committee):
    member = CommitteeMemberFactory(committee=committee)
    meeting = make_meeting(committee)

    with pytest.raises(ValidationError):
        attendance_record(
            meeting=meeting, members=[{"member": member, "status": "substitute"}], attendees=[]
        )


# --- Minutes workflow, lock, amendments ------------------------------------------------


@pytest.fixture
def checker_a(province_a):
    """Another officer of province A: the one who checks what officer_a recorded."""
    return UserFactory(username="checker_a", role=Role.OFFICER, province=province_a,
                       first_name="นางสาวตรวจ", last_name="ถูกต้อง")  # fmt: skip


def _checked(meeting, recorder, checker):
    meeting_submit(meeting=meeting, submitted_by=recorder)
    return meeting_check(meeting=meeting, checked_by=checker)


def test_minutes_go_draft_submitted_checked_certified(committee, officer_a, checker_a):
    first = make_meeting(committee, date=datetime.date(2024, 3, 1))
    second = make_meeting(committee, date=datetime.date(2024, 6, 1))

    first = meeting_submit(meeting=first, submitted_by=officer_a)
    assert first.minutes_status == MinutesStatus.SUBMITTED
    assert first.recorded_by == officer_a
    first = meeting_check(meeting=first, checked_by=checker_a)
    assert first.minutes_status == MinutesStatus.CHECKED
    first = meeting_certify(meeting=first, certifying_meeting=second, certified_by=checker_a)

    assert first.minutes_status == MinutesStatus.CERTIFIED
    assert first.certified_in == second
    agenda_2 = second.agenda_items.get(part=2, sub=0)
    assert agenda_2.resolution == "ที่ประชุมมีมติรับรองรายงานการประชุมครั้งที่ 1/2567"


def test_minutes_cannot_be_certified_before_they_are_checked(committee, officer_a):
    first = make_meeting(committee, date=datetime.date(2024, 3, 1))
    second = make_meeting(committee, date=datetime.date(2024, 6, 1))

    with pytest.raises(ValidationError):
        meeting_certify(meeting=first, certifying_meeting=second, certified_by=officer_a)


def test_minutes_are_certified_only_by_the_next_meeting(committee, officer_a, checker_a):
    first = _checked(make_meeting(committee, date=datetime.date(2024, 3, 1)), officer_a, checker_a)
    make_meeting(committee, date=datetime.date(2024, 6, 1))
    third = make_meeting(committee, date=datetime.date(2024, 9, 1))

    with pytest.raises(ValidationError):
        meeting_certify(meeting=first, certifying_meeting=third, certified_by=checker_a)


# --- Separation of duties (issue 19, finding 6) ----------------------------------------


def test_the_recorder_may_not_check_their_own_minutes(committee, officer_a):
    meeting = meeting_submit(meeting=make_meeting(committee), submitted_by=officer_a)

    with pytest.raises(ValidationError) as refused:
        meeting_check(meeting=meeting, checked_by=officer_a)

    assert refused.value.code == "checker_is_recorder"
    assert "ผู้ตรวจรายงานการประชุมต้องไม่ใช่ผู้จดรายงาน" in refused.value.messages[0]
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.SUBMITTED
    assert (meeting.checked_by, meeting.checked_at, meeting.checker_name) == (None, None, "")


def test_the_recorder_may_not_record_the_certification_of_their_own_minutes(
    committee, officer_a, checker_a
):
    first = _checked(make_meeting(committee, date=datetime.date(2024, 3, 1)), officer_a, checker_a)
    second = make_meeting(committee, date=datetime.date(2024, 6, 1))

    with pytest.raises(ValidationError) as refused:
        meeting_certify(meeting=first, certifying_meeting=second, certified_by=officer_a)

    assert refused.value.code == "certifier_is_recorder"
    assert "ต้องไม่ใช่ผู้จดรายงาน" in refused.value.messages[0]
    first.refresh_from_db()
    assert first.minutes_status == MinutesStatus.CHECKED
    assert (first.certified_in, first.certified_by) == (None, None)
    assert second.agenda_items.get(part=2, sub=0).resolution == ""


def test_the_checker_may_record_the_certification(committee, officer_a, checker_a):
    first = _checked(make_meeting(committee, date=datetime.date(2024, 3, 1)), officer_a, checker_a)
    second = make_meeting(committee, date=datetime.date(2024, 6, 1))

    first = meeting_certify(meeting=first, certifying_meeting=second, certified_by=checker_a)

    assert (first.recorded_by, first.checked_by, first.certified_by) == (
        officer_a, checker_a, checker_a
    )  # fmt: skip
    assert first.checker_name == "นางสาวตรวจ ถูกต้อง"


def test_whoever_sends_the_minutes_again_becomes_their_recorder(committee, officer_a, checker_a):
    meeting = meeting_submit(meeting=make_meeting(committee), submitted_by=officer_a)
    meeting_return_to_draft(meeting=meeting)
    meeting = meeting_submit(meeting=meeting, submitted_by=checker_a)

    assert meeting.recorded_by == checker_a
    with pytest.raises(ValidationError) as refused:
        meeting_check(meeting=meeting, checked_by=checker_a)
    assert refused.value.code == "checker_is_recorder"


def test_the_same_name_as_recorder_and_checker_is_refused_on_the_checker(committee):
    meeting = make_meeting(committee, recorder_name="นายธนากร บุญมา")

    with pytest.raises(ValidationError) as refused:
        meeting_update(meeting=meeting, **_header(meeting, recorder_name="นายธนากร บุญมา",
                                                  checker_name="นายธนากร  บุญมา"))  # fmt: skip

    assert "ผู้ตรวจรายงานการประชุมต้องไม่ใช่ผู้จดรายงาน" in refused.value.message_dict["checker_name"][0]
    meeting.refresh_from_db()
    assert meeting.checker_name == ""


def test_minutes_sent_before_the_recorder_was_kept_get_it_from_their_history(
    committee, officer_a, checker_a
):
    from django.apps import apps

    migration = importlib.import_module("meetings.migrations.0005_minutes_recorded_by")
    meeting = make_meeting(committee)
    meeting_submit(meeting=meeting, submitted_by=officer_a)
    submitted = meeting.history.latest("history_id")
    # An edit while under check (by the checker) is not a new submission.
    meeting_update(meeting=meeting, **_header(Meeting.objects.get(pk=meeting.pk),
                                              venue="ห้องประชุม 2"))  # fmt: skip
    edited = meeting.history.latest("history_id")
    # As the pages record them: the history keeps who made each change.
    meeting.history.filter(pk=submitted.pk).update(history_user=officer_a)
    meeting.history.filter(pk=edited.pk).update(history_user=checker_a)
    Meeting.objects.filter(pk=meeting.pk).update(recorded_by=None)

    migration.recorder_from_history(apps, None)

    assert Meeting.objects.get(pk=meeting.pk).recorded_by == officer_a


def test_certified_minutes_are_locked(committee, officer_a, checker_a):
    first = _checked(make_meeting(committee, date=datetime.date(2024, 3, 1)), officer_a, checker_a)
    item = first.agenda_items.get(part=1, sub=0)
    second = make_meeting(committee, date=datetime.date(2024, 6, 1))
    meeting_certify(meeting=first, certifying_meeting=second, certified_by=checker_a)

    with pytest.raises(MinutesLockedError):
        agenda_item_update(item=item, expected_version=item.version, title="แก้", resolution="x")
    with pytest.raises(MinutesLockedError):
        agenda_item_add(meeting=first, part=4, title="เพิ่ม")
    with pytest.raises(MinutesLockedError):
        meeting_update(meeting=first, **_header(first.__class__.objects.get(pk=first.pk)))


def test_an_amendment_records_who_when_why_and_history_shows_both(committee, officer_a, checker_a):
    first = make_meeting(committee, date=datetime.date(2024, 3, 1))
    item = agenda_item_add(meeting=first, part=4, title="งบประมาณ", resolution="อนุมัติ 50,000 บาท")
    _checked(first, officer_a, checker_a)
    second = make_meeting(committee, date=datetime.date(2024, 6, 1))
    meeting_certify(meeting=first, certifying_meeting=second, certified_by=checker_a)

    amendment = minutes_amend(
        agenda_item=item, field_name="resolution", text="อนุมัติ 55,000 บาท",
        reason="พิมพ์ตัวเลขผิด", amended_by=officer_a,
    )  # fmt: skip

    item.refresh_from_db()
    assert item.resolution == "อนุมัติ 55,000 บาท"
    saved = MinutesAmendment.objects.get()
    assert saved == amendment
    assert (saved.before, saved.after, saved.reason, saved.amended_by) == (
        "อนุมัติ 50,000 บาท", "อนุมัติ 55,000 บาท", "พิมพ์ตัวเลขผิด", officer_a
    )  # fmt: skip
    change = history_entries(item)[0].changes[0]
    assert (change.old, change.new) == ("อนุมัติ 50,000 บาท", "อนุมัติ 55,000 บาท")
    assert item.history.first().history_change_reason == "พิมพ์ตัวเลขผิด"


def test_an_amendment_needs_a_reason_and_certified_minutes(committee, officer_a):
    meeting = make_meeting(committee)
    item = agenda_item_add(meeting=meeting, part=4, title="ก")

    with pytest.raises(ValidationError):
        minutes_amend(agenda_item=item, field_name="title", text="ข", reason="x",
                      amended_by=officer_a)  # fmt: skip
    assert not MinutesAmendment.objects.exists()


# --- Two officers, one text ------------------------------------------------------------


def test_the_second_of_two_concurrent_saves_is_refused_and_keeps_the_first(committee):
    meeting = make_meeting(committee)
    item = agenda_item_add(meeting=meeting, part=4, title="งบประมาณ")
    loaded_by_first = loaded_by_second = item.version

    agenda_item_update(
        item=item, expected_version=loaded_by_first, title="งบประมาณ", discussion="ข้อความคนแรก"
    )
    with pytest.raises(ConcurrentEditError) as error:
        agenda_item_update(
            item=item, expected_version=loaded_by_second, title="งบประมาณ",
            discussion="ข้อความคนที่สอง",
        )  # fmt: skip

    assert "มีผู้อื่นบันทึก" in error.value.messages[0]
    assert error.value.current.discussion == "ข้อความคนแรก"
    assert AgendaItem.objects.get(pk=item.pk).discussion == "ข้อความคนแรก"


def test_a_save_at_the_current_version_goes_through_and_advances_it(committee):
    meeting = make_meeting(committee)
    item = agenda_item_add(meeting=meeting, part=4, title="งบประมาณ")

    saved = agenda_item_update(item=item, expected_version=item.version, title="งบ", resolution="ก")
    again = agenda_item_update(
        item=saved, expected_version=saved.version, title="งบ", resolution="ข"
    )

    assert again.version == item.version + 2


def test_a_stale_meeting_header_is_refused(committee):
    meeting = make_meeting(committee)
    stale = meeting.version
    meeting_update(meeting=meeting, **_header(meeting, venue="ห้องประชุม 1"))

    with pytest.raises(ConcurrentEditError):
        meeting_update(meeting=meeting, **_header(meeting, expected_version=stale, venue="ห้อง 2"))
