import datetime

import factory

from accounts.models import Role
from meetings.models import Committee, CommitteeMember, MemberRole
from meetings.services import committee_create, meeting_create
from tests.accounts.factories import UserFactory


class CommitteeFactory(factory.django.DjangoModelFactory):
    """A committee of the given provinces (``provinces=[...]``), by calendar year."""

    class Meta:
        model = Committee
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"คณะกรรมการขับเคลื่อนโครงการ TO BE NUMBER ONE ชุดที่ {n}")
    numbering = "calendar"

    @classmethod
    def _create(cls, model_class, *args, provinces=(), **kwargs):
        return committee_create(provinces=provinces, **kwargs)


class CommitteeMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeMember

    committee = factory.SubFactory(CommitteeFactory)
    name = factory.Sequence(lambda n: f"นายสมชาย ทดสอบ{n}")
    position = factory.Sequence(lambda n: f"หัวหน้าส่วนราชการ {n}")
    role = MemberRole.MEMBER
    order = factory.Sequence(lambda n: n)


def make_meeting(committee, *, date=datetime.date(2024, 12, 12), created_by=None, **fields):
    """A meeting created as officers create them (five parts, carry-forward)."""
    fields.setdefault("venue", "ห้องประชุมศาลากลางจังหวัด")
    return meeting_create(committee=committee, date=date, created_by=created_by, **fields)


def access_world(*, province_a, province_b, officer_a, leak_marker: str) -> dict:
    """The meetings objects of the access matrix (tests/test_access_matrix.py): a
    committee of province A with a certified meeting 1 and a draft meeting 2, and a
    committee of province B whose name is the leak marker."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from meetings.services import (
        action_item_add,
        agenda_item_add,
        attachment_add,
        attendance_record,
        meeting_certify,
        meeting_check,
        meeting_submit,
    )

    committee = CommitteeFactory(provinces=[province_a], name="คณะกรรมการ TO BE NUMBER ONE นครพนม")
    member = CommitteeMemberFactory(committee=committee, role="chair")
    first = make_meeting(committee, date=datetime.date(2024, 3, 1))
    certified_item = agenda_item_add(meeting=first, part=4, title="งบประมาณ", resolution="อนุมัติ")
    meeting_submit(meeting=first, submitted_by=officer_a)
    # Another officer of the province checks and certifies: never the recorder.
    checker = UserFactory(username="minutes_checker_a", role=Role.OFFICER, province=province_a)
    meeting_check(meeting=first, checked_by=checker)
    second = make_meeting(committee, date=datetime.date(2024, 6, 1))
    meeting_certify(meeting=first, certifying_meeting=second, certified_by=checker)
    attendance_record(meeting=second, members=[{"member": member, "status": "present"}],
                      attendees=[])  # fmt: skip
    item = agenda_item_add(meeting=second, part=4, title="การจัดสรรงบประมาณสนับสนุนชมรม")
    deletable_item = agenda_item_add(meeting=second, part=5, title="เรื่องที่จะลบ")
    action = action_item_add(agenda_item=item, description="จัดทำแผน", responsible="สสจ.")
    deletable_action = action_item_add(agenda_item=item, description="ลบได้", responsible="สสจ.")
    attachment = attachment_add(
        meeting=second,
        file=SimpleUploadedFile("minutes.pdf", b"%PDF-1.4\n%test\n", "application/pdf"),
        uploaded_by=officer_a,
    )
    committee_b = CommitteeFactory(provinces=[province_b], name=leak_marker)
    meeting_b = make_meeting(committee_b, title=leak_marker, venue=leak_marker)
    agenda_item_add(meeting=meeting_b, part=4, title=f"งบประมาณ {leak_marker}")
    return {
        "committee_a": committee,
        "certified_meeting_a": first,
        "certified_item_a": certified_item,
        "meeting_a": second,
        "agenda_item_a": item,
        "deletable_item_a": deletable_item,
        "action_item_a": action,
        "deletable_action_a": deletable_action,
        "meeting_attachment_a": attachment,
        "attendance_a": second.attendances.get(),
        "committee_b": committee_b,
        "meeting_b": meeting_b,
    }
