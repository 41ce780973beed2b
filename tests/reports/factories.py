"""Report jobs, and a province's worth of data for the report kinds to print."""

import factory
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from reports.kinds.base import parameters_key, reader_for, viewer_scope
from reports.models import ReportJob, ReportStatus
from tests.programs.factories import (
    ClubFactory,
    ClubMembershipFactory,
    DistrictFactory,
    IndicatorFactory,
    IndicatorResultFactory,
    ObjectiveFactory,
    ProgramFactory,
    ProjectFactory,
    TierAwardFactory,
)

# Real indicator names (seeds 000 and 003) so that reports print real Thai.
INDICATORS = [
    ("TBN-1.1", "ร้อยละของประชากรอายุ 6–24 ปีที่เป็นสมาชิกโครงการ TO BE NUMBER ONE", "ร้อยละ", 80, 98.03),
    ("TBN-1.2", "จำนวนครั้งของกิจกรรมรณรงค์สร้างกระแสและการดำเนินงานแก้ไขปัญหายาเสพติด", "ครั้ง", 24, 20),
    ("TBN-2.1", "ร้อยละของชมรมที่มีศูนย์เพื่อนใจ TO BE NUMBER ONE ที่ผ่านการประเมิน", "ร้อยละ", 60, 30),
    ("PR-1", "รายได้จากการท่องเที่ยวของจังหวัดแพร่ (สำนักงานสาธารณสุขจังหวัดสนับสนุน)", "ล้านบาท", 1887, 2446.88),
]


class ReportJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportJob

    kind = "club_directory"
    parameters = factory.LazyAttribute(
        lambda o: {"province": o.province.code, "fiscal_year": 2568, "thai_digits": False}
    )
    parameters_key = factory.LazyAttribute(lambda o: parameters_key(o.parameters))
    requested_by = None
    province = None
    # As the service sets it: the requester's view, or a scheduled job's province view.
    viewer_scope = factory.LazyAttribute(
        lambda o: viewer_scope(
            reader_for(o.requested_by, province_code=o.province.code if o.province else None)
        )
    )
    status = ReportStatus.QUEUED
    enqueued_at = factory.LazyFunction(timezone.now)  # handed to the broker, as usual


def rendered(kind: str, parameters: dict, user=None) -> tuple[ReportJob, bytes]:
    """A report rendered through the worker's code (synchronously): the job and its PDF."""
    from reports import services
    from reports.kinds import registry

    clean = registry[kind].clean_parameters(parameters, user=user)
    job = services.report_job_create(kind=kind, parameters=clean, user=user)
    job = services.report_job_run(job_id=job.pk)
    assert job.status == ReportStatus.DONE, job.error
    with job.file.open("rb") as file:
        return job, file.read()


def done_job(**kwargs) -> ReportJob:
    """A finished job with a (tiny) PDF in storage."""
    content = b"%PDF-1.7\n%test\n"
    name = default_storage.save("reports/test/job.pdf", ContentFile(content))
    return ReportJobFactory(
        status=ReportStatus.DONE, progress=100, page_count=1, file=name, size=len(content), **kwargs
    )


def province_report_data(
    province,
    *,
    clubs_per_district: int = 3,
    districts: int = 2,
    fiscal_year: int = 2568,
    entered_by=None,
):
    """Indicators with results, clubs of several types with tiers and members, projects."""
    program = ProgramFactory(
        slug="tobe",
        name_th="โครงการรณรงค์ป้องกันและแก้ไขปัญหายาเสพติด TO BE NUMBER ONE",
        short_name="TO BE NUMBER ONE",
    )
    objective = ObjectiveFactory(
        program=program, fiscal_year=fiscal_year, number=1, name="การรณรงค์ปลุกกระแสและสร้างค่านิยม"
    )
    for code, name, unit, target, actual in INDICATORS:
        indicator = IndicatorFactory(
            objective=objective, code=code, name=name, unit=unit, target=target, province=None
        )
        IndicatorResultFactory(
            indicator=indicator,
            province=province,
            period=4,
            value=actual,
            status="on_track" if actual >= target else "off_track",
            **({"entered_by": entered_by} if entered_by else {}),
        )
    types = ["school", "community", "workplace", "probation", "prison", "juvenile"]
    existing = list(province.districts.all())
    district_list = existing[:districts] + [
        DistrictFactory(province=province, name_th=f"อำเภอทดสอบ{n}")
        for n in range(max(0, districts - len(existing)))
    ]
    for d_index, district in enumerate(district_list):
        for n in range(clubs_per_district):
            club_type = types[(d_index + n) % len(types)]
            club = ClubFactory(
                district=district,
                club_type=club_type,
                school_level="secondary" if club_type == "school" else "",
                name=f"ชมรม TO BE NUMBER ONE แห่งที่ {d_index + 1}-{n + 1} ของ{district.name_th}",
                host_organisation="สำนักงานสาธารณสุขจังหวัด" if n % 2 else "โรงเรียนบ้านนาสมดี",
                contact_name="นางสาวสมหญิง ใจดี",
                contact_phone="042-511-000",
                has_friend_corner=n % 2 == 0,
                has_committee=True,
                has_fund=True,
                has_activities=n % 3 != 2,
            )
            ClubMembershipFactory(
                club=club, fiscal_year=fiscal_year, members=100 + 10 * n, target_population=150
            )
            if n % 2 == 0:
                TierAwardFactory(
                    club=club, fiscal_year=fiscal_year, tier=1 + (n % 6), consecutive_year=2
                )
    ProjectFactory(
        program=program,
        province=province,
        fiscal_year=fiscal_year,
        budget=1755091742,
        name="ประชาสัมพันธ์ผลการดำเนินงาน",
    )
    return program


# Form 11 minutes (seeds 001 and 002): real names, positions and resolutions.
MINUTES_MEMBERS = [
    ("นายธาตรี สิริรุ่งวนิช", "รองผู้ว่าราชการจังหวัดนครพนม", "chair", "present", {}),
    ("นายทนง วีระแสงพงษ์", "นายแพทย์สาธารณสุขจังหวัดนครพนม", "vice_chair", "substitute",
     {"substitute_name": "นางสาวนิติยา พงษ์พานิช", "substitute_position": "รองนายแพทย์สาธารณสุขจังหวัด"}),
    ("นายจำเริญ ยุติธรรมสกุล", "รองผู้อำนวยการสถาบันส่งเสริมและพัฒนากิจกรรมปิดทองหลังพระฯ", "member",
     "absent", {"absence_reason": "ติดราชการสำคัญ"}),
    ("นางนฤมล ช่วงรังษี", "ที่ปรึกษาสำนักงาน ป.ป.ส.", "secretary", "present", {}),
]  # fmt: skip
MINUTES_ATTENDEES = [("นายอธิชัย ต้นกันยา", "ประชาสัมพันธ์จังหวัดนครพนม")]
MINUTES_ITEMS = [
    (1, "การประกวดผลงานจังหวัด อำเภอ และชมรม TO BE NUMBER ONE ระดับภาคตะวันออกเฉียงเหนือ",
     "การประกวดผลงานจังหวัด อำเภอ และชมรม TO BE NUMBER ONE ระดับภาคตะวันออกเฉียงเหนือ ประจำปี 2568 "
     "ระหว่างวันที่ 26 - 28 มกราคม 2568 ณ โรงแรมพูลแมน ขอนแก่น ราชา ออคิด จังหวัดขอนแก่น",
     "ที่ประชุมรับทราบ"),
    (4, "การจัดสรรงบประมาณสนับสนุนทีม TO BE NUMBER ONE TEEN DANCERCISE",
     "สำหรับสาระสำคัญของการประชุมมีประเด็นที่สำคัญเกี่ยวกับ การจัดสรรงบประมาณสนับสนุนทีม TO BE NUMBER "
     "ONE TEEN DANCERCISE ที่ผ่านเข้ารอบระดับประเทศ รวมทั้งเตรียมแผนการสนับสนุนงบประมาณ สำหรับชมรมที่ผ่าน"
     "การประกวดระดับภาคตะวันออกเฉียงเหนือเข้าสู่การประกวดระดับประเทศในปี พ.ศ.2568",
     "ที่ประชุมมีมติเห็นชอบให้จัดสรรงบประมาณสนับสนุนทีมที่ผ่านเข้ารอบระดับประเทศ "
     "และให้สำนักงานสาธารณสุขจังหวัดดำเนินการต่อไป"),
    (4, "การทบทวนความเป็นมาและรายงานผลความก้าวหน้าการดำเนินงานการขยายผลโครงการร้อยใจรักษ์",
     "มุ่งเน้นการกระตุกต่อมคิด กระตุ้นต่อมทำ ให้ราชการและชุมชน ดำเนินการ และร่วมพาทำ ในพื้นที่ "
     "๔๗ หมู่บ้าน ๑๙ อำเภอ ๓๓ ตำบล ๔ จังหวัด ดำเนินการแล้วเสร็จ ๑๓ หมู่บ้าน คงเหลือ ๓๔ หมู่บ้าน",
     "ที่ประชุมรับทราบและมอบหมายให้อำเภอเร่งรัดการจัดทำแผนหมู่บ้านที่เหลือให้แล้วเสร็จ"),
]  # fmt: skip


def minutes_meeting(province, *, extra_items: int = 0, officer=None):
    """A meeting of a committee of ``province`` with every part of Form 11 filled in."""
    import datetime

    from meetings.services import action_item_add, agenda_item_add, attendance_record
    from tests.meetings.factories import CommitteeFactory, CommitteeMemberFactory, make_meeting

    committee = CommitteeFactory(
        provinces=[province],
        name="คณะกรรมการป้องกันและแก้ไขปัญหายาเสพติดแบบบูรณาการ โครงการรณรงค์ป้องกันและแก้ไขปัญหายาเสพติด "
        "TO BE NUMBER ONE จังหวัดนครพนม",
    )
    members = [
        CommitteeMemberFactory(committee=committee, name=name, position=position, role=role)
        for name, position, role, _status, _extra in MINUTES_MEMBERS
    ]
    meeting = make_meeting(
        committee,
        date=datetime.date(2024, 12, 12),
        created_by=officer,
        venue="ห้องประชุมลำดวนทอง โรงแรมพรหมพิมาน อำเภอเมืองนครพนม จังหวัดนครพนม",
        start_time=datetime.time(9, 30),
        end_time=datetime.time(12, 5),
        recorder_name="นางสาวสมหญิง ใจดี",
        recorder_position="นักวิชาการสาธารณสุขชำนาญการ",
        checker_name="นายปรีดา วรหาร",
        checker_position="หัวหน้ากลุ่มงานควบคุมโรคไม่ติดต่อ สุขภาพจิตและยาเสพติด สำนักงานสาธารณสุขจังหวัดนครพนม",
    )
    attendance_record(
        meeting=meeting,
        members=[
            {"member": member, "status": status, **extra}
            for member, (_n, _p, _r, status, extra) in zip(members, MINUTES_MEMBERS, strict=True)
        ],
        attendees=[{"name": name, "position": position} for name, position in MINUTES_ATTENDEES],
    )
    items = list(MINUTES_ITEMS)
    items += [
        (5, f"เรื่องอื่น ๆ ลำดับที่ {n} การติดตามผลการดำเนินงานของสำนักงานสาธารณสุขจังหวัดนครพนม",
         "จังหวัดนครพนมได้ยึดหลัก 1 ร. 2 ป. 2 บ. คือ รณรงค์ ป้องกัน ปราบปราม บำบัดรักษา และบูรณาการ "
         "โดยเป็นหน่วยงานหลักที่ช่วยสนับสนุน และมีส่วนร่วมในกิจกรรม ขับเคลื่อนนโยบายสู่การปฏิบัติในระดับอำเภอ "
         "ระดับตำบล ให้บรรลุวิสัยทัศน์ที่ว่า ชาวนครพนมมีสุข ด้วยวิถี TO BE NUMBER ONE",
         "ที่ประชุมรับทราบ")
        for n in range(1, extra_items + 1)
    ]  # fmt: skip
    for part, title, discussion, resolution in items:
        agenda_item_add(
            meeting=meeting, part=part, title=title, discussion=discussion, resolution=resolution
        )
    action_item_add(
        agenda_item=meeting.agenda_items.get(part=4, sub=1),
        description="จัดทำแผนการสนับสนุนงบประมาณสำหรับชมรมที่ผ่านการประกวด",
        responsible="สำนักงานสาธารณสุขจังหวัดนครพนม",
        due_date=datetime.date(2025, 1, 31),
    )
    meeting.refresh_from_db()
    return meeting


def done_signed_record(*, meeting):
    """The certified meeting's signed record (asked for on certification), finished with a
    (tiny) file in storage."""
    import hashlib
    import uuid

    from reports.models import RecordKind, SignedRecord

    content = b"%PDF-1.7\n%signed record\n"
    name = default_storage.save("records/test/minutes.pdf", ContentFile(content))
    record = SignedRecord.objects.filter(meeting=meeting).first() or SignedRecord(
        public_id=uuid.uuid4(),
        kind=RecordKind.MINUTES,
        meeting=meeting,
        province=meeting.committee.provinces.first(),
    )
    record.file = name
    record.sha256 = hashlib.sha256(content).hexdigest()
    record.size = len(content)
    record.status = ReportStatus.DONE
    record.save()
    return record
