"""Report jobs, and a province's worth of data for the report kinds to print."""

import factory
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from reports.kinds.base import parameters_key
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
    status = ReportStatus.QUEUED
    enqueued_at = factory.LazyFunction(timezone.now)  # handed to the broker, as usual


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
